from django.urls import path

from . import views

app_name = "entry"
urlpatterns = [
    path("", views.district_home, name="district_home"),
    path("<int:fiscal_year>/area/<int:number>/", views.area_edit, name="area_edit"),
    path("<int:fiscal_year>/district/<str:code>/", views.district_data, name="district_data"),
]
