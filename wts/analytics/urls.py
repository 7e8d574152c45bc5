from django.urls import path

from . import views

app_name = "analytics"
urlpatterns = [
    path("", views.page, name="home"),
    path("positions/", views.positions_index, name="positions_index"),
    path("positions/province/<str:code>/", views.positions, name="positions"),
    path("positions/province/<str:code>/positions.xlsx", views.positions_xlsx, name="positions_xlsx"),
    path("positions/province/<str:code>/import/", views.positions_import, name="positions_import"),
    path("<slug:slug>/", views.page, name="page"),
    path("<slug:slug>.<str:kind>", views.export, name="export"),
    path("<slug:slug>.<str:kind>/background/", views.export_job, name="export_job"),
]
