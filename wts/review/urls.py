from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:fiscal_year>/submit/", views.submit, name="submit"),
    path("<int:fiscal_year>/province/<str:code>/", views.province, name="province"),
    path("<int:fiscal_year>/province/<str:code>/confirm/", views.confirm_many, name="confirm_many"),
    path("<int:fiscal_year>/district/<str:code>/", views.district, name="district"),
    path("<int:fiscal_year>/district/<str:code>/confirm/", views.confirm, name="confirm"),
    path("<int:fiscal_year>/district/<str:code>/return/", views.return_, name="return"),
    path("<int:fiscal_year>/district/<str:code>/reopen/", views.reopen, name="reopen"),
    path("<int:fiscal_year>/district/<str:code>/comment/", views.comment, name="comment"),
]
