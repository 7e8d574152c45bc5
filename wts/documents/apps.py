from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "wts.documents"
    label = "documents"
    verbose_name = "เอกสารราชการ"
