from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.national_board, name="national_board"),
    path("report.<str:fmt>", views.national_report, name="national_report"),
    path("report.<str:fmt>/background/", views.national_report_job, name="national_report_job"),
    path("letter/", views.national_letter, name="national_letter"),
    path("remind/", views.national_remind, name="national_remind"),
    path("province/<str:code>/", views.province_board, name="province_board"),
    path("province/<str:code>/remind/", views.province_remind, name="province_remind"),
    path("province/<str:code>/report.<str:fmt>", views.province_report, name="province_report"),
    path("province/<str:code>/letter/", views.province_letter, name="province_letter"),
    path("district/<str:code>/", views.district_detail, name="district_detail"),
    path("announcements/", views.announcement_list, name="announcement_list"),
    path("announcements/new/", views.announcement_create, name="announcement_create"),
    path("announcements/<int:pk>/withdraw/", views.announcement_withdraw, name="announcement_withdraw"),
    path("announcements/<int:pk>/attachment.pdf", views.announcement_attachment, name="announcement_attachment"),
    path("help/", views.help_index, name="help_index"),
    path("help/<str:role>/", views.help_role, name="help_role"),
]
