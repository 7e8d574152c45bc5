from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wts.accounts"
    label = "accounts"
    verbose_name = "บัญชีผู้ใช้"

    def ready(self):
        from . import signals  # noqa: F401  (connects the audit receivers)
