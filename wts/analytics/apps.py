from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "wts.analytics"
    label = "analytics"
    verbose_name = "การวิเคราะห์"
