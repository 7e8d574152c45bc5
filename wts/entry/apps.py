from django.apps import AppConfig


class EntryConfig(AppConfig):
    name = "wts.entry"
    label = "entry"
    verbose_name = "การบันทึกข้อมูล"
