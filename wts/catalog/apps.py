from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "wts.catalog"
    label = "catalog"
    verbose_name = "แบบฟอร์มภารกิจ"
