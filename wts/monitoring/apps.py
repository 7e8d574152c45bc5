from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "wts.monitoring"
    label = "monitoring"
    verbose_name = "การติดตาม"
