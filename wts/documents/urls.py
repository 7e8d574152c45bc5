from django.urls import path

from . import views

# Served under /monitoring/, beside the boards they are printed from.
app_name = "documents"
urlpatterns = [
    path("report.<str:fmt>", views.national_report, name="national_report"),
    path("report.<str:fmt>/background/", views.national_report_job, name="national_report_job"),
    path("letter/", views.national_letter, name="national_letter"),
    path("letter/emblem/", views.emblem, name="emblem"),
    path("letter/letterhead/", views.national_letterhead, name="national_letterhead"),
    path("letter/register/", views.national_register, name="national_register"),
    path("letter/register/<int:pk>/file", views.national_register_file, name="national_register_file"),
    path("province/<str:code>/report.<str:fmt>", views.province_report, name="province_report"),
    path("province/<str:code>/letter/", views.province_letter, name="province_letter"),
    path("province/<str:code>/letter/letterhead/", views.province_letterhead, name="province_letterhead"),
    path("province/<str:code>/letter/register/", views.province_register, name="province_register"),
    path("province/<str:code>/letter/register/<int:pk>/file", views.province_register_file,
         name="province_register_file"),
]
