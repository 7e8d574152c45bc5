from django.urls import path

from . import views

# Served under /monitoring/, beside the boards they are printed from.
app_name = "documents"
urlpatterns = [
    path("report.<str:fmt>", views.national_report, name="national_report"),
    path("report.<str:fmt>/background/", views.national_report_job, name="national_report_job"),
    path("letter/", views.national_letter, name="national_letter"),
    path("letter/emblem/", views.emblem, name="emblem"),
    path("province/<str:code>/report.<str:fmt>", views.province_report, name="province_report"),
    path("province/<str:code>/letter/", views.province_letter, name="province_letter"),
]
