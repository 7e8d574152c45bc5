from django.urls import path

from . import views

app_name = "rounds"
urlpatterns = [
    path("", views.round_list, name="list"),
    path("new/", views.round_create, name="create"),
    path("<int:fiscal_year>/", views.round_detail, name="detail"),
    path("<int:fiscal_year>/extensions/", views.extensions, name="extensions"),
    path("<int:fiscal_year>/extensions/<int:extension_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:fiscal_year>/reopen/", views.reopen, name="reopen"),
]
