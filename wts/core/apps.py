from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wts.core"
    verbose_name = "ระบบ"
