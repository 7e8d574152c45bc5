from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "wts.rounds"
    label = "rounds"
    verbose_name = "รอบการรายงาน"
