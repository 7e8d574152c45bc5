from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:fiscal_year>/", views.catalog, name="round"),
    path("<int:fiscal_year>/catalog.xlsx", views.export, name="export"),
    path("<int:fiscal_year>/import/", views.import_view, name="import"),
    path("<int:fiscal_year>/area/<int:number>/", views.area_edit, name="area"),
    path("<int:fiscal_year>/area/<int:number>/add/", views.item_add, name="item_add"),
    path("<int:fiscal_year>/item/<int:pk>/", views.item_edit, name="item"),
    path("<int:fiscal_year>/item/<int:pk>/effect/", views.item_effect, name="item_effect"),
    path("<int:fiscal_year>/item/<int:pk>/move/", views.item_move, name="item_move"),
    path("<int:fiscal_year>/item/<int:pk>/remove/", views.item_remove, name="item_remove"),
    path("<int:fiscal_year>/positions/", views.position_types, name="position_types"),
    path("<int:fiscal_year>/positions/add/", views.position_type_add, name="position_type_add"),
    path("<int:fiscal_year>/positions/<int:pk>/", views.position_type_edit, name="position_type"),
    path("<int:fiscal_year>/positions/<int:pk>/remove/", views.position_type_remove, name="position_type_remove"),
]
