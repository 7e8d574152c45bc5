from django.urls import path

from . import views

app_name = "rounds"
urlpatterns = [
    path("", views.round_list, name="list"),
    path("<int:fiscal_year>/extensions/", views.extensions, name="extensions"),
    path("<int:fiscal_year>/close/", views.close, name="close"),
]
