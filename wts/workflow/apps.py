from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "wts.workflow"
    label = "workflow"
    verbose_name = "ขั้นตอนการรายงาน"
