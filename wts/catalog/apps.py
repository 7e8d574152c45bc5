from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "wts.catalog"
    label = "catalog"
    verbose_name = "แบบฟอร์มภารกิจ"

    def ready(self):
        from wts.rounds.signals import round_created

        from .actions import give_new_round_its_catalog

        round_created.connect(give_new_round_its_catalog, dispatch_uid="catalog.give_new_round_its_catalog")
