from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wts.accounts"
    label = "accounts"
    verbose_name = "บัญชีผู้ใช้"

    def ready(self):
        from . import permissions, signals  # noqa: F401  (registers the capabilities, connects the audit receivers)
