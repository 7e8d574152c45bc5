from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "wts.review"
    label = "review"
    verbose_name = "การตรวจสอบและยืนยัน"
