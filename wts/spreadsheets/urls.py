from django.urls import path

from . import views

app_name = "spreadsheets"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:fiscal_year>/district/<str:code>/workbook.xlsx", views.download_workbook, name="workbook"),
    path("<int:fiscal_year>/upload/", views.upload, name="upload"),
    path("imports/<uuid:pk>/apply/", views.apply, name="apply"),
    path("imports/<uuid:pk>/discard/", views.discard, name="discard"),
    path("<int:fiscal_year>/export.<str:fmt>", views.export_round, name="export_round"),
    path("<int:fiscal_year>/province/<str:province_code>/export.<str:fmt>", views.export_round,
         name="export_round_province"),
    path("<int:fiscal_year>/export.<str:fmt>/background/", views.export_round_job, name="export_round_job"),
    path("rounds/export.<str:fmt>", views.export_rounds, name="export_rounds"),
    path("rounds/export.<str:fmt>/background/", views.export_rounds_job, name="export_rounds_job"),
    path("rounds/province/<str:province_code>/export.<str:fmt>", views.export_rounds, name="export_rounds_province"),
]
