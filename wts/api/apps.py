from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wts.api"
    label = "api"
    verbose_name = "API"

    def ready(self):
        from . import signals  # noqa: F401  (tokens end with the owner's sessions)
