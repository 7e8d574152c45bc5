from django.apps import AppConfig


class TrailConfig(AppConfig):
    name = "wts.trail"
    label = "trail"
    verbose_name = "ประวัติการดำเนินการ"
