from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "wts.geography"
    label = "geography"
    verbose_name = "ภูมิศาสตร์"
