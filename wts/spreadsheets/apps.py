from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    name = "wts.spreadsheets"
    label = "spreadsheets"
    verbose_name = "สเปรดชีต"
