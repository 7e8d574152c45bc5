from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "wts.audit"
    label = "audit"
    verbose_name = "บันทึกการตรวจสอบ"
