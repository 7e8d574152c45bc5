from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wts.api"
    label = "api"
    verbose_name = "API"
