from django.urls import path

from . import views

app_name = "analytics"
urlpatterns = [
    path("", views.page, name="home"),
    path("<slug:slug>/", views.page, name="page"),
    path("<slug:slug>.<str:kind>", views.export, name="export"),
    path("<slug:slug>.<str:kind>/background/", views.export_job, name="export_job"),
]
