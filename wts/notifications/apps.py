from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "wts.notifications"
    label = "notifications"
    verbose_name = "การแจ้งเตือน"
