from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import LoginForm

# Django's form views also accept PUT as if it were POST; nothing here is meant to be PUT.
FORM_METHODS = ["get", "post", "head"]

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html", authentication_form=LoginForm,
                                                http_method_names=FORM_METHODS),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("form-token/", views.fresh_form_token, name="fresh_form_token"),
    path("keep-alive/", views.keep_alive, name="keep_alive"),
    path("password/", views.PasswordChange.as_view(http_method_names=FORM_METHODS), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
    path("profile/", views.profile, name="accounts_profile"),
    path("two-factor/", views.otp_setup, name="otp_setup"),
    path("two-factor/verify/", views.otp_verify, name="otp_verify"),
    path("two-factor/disable/", views.otp_disable, name="otp_disable"),
    path("manage/", views.manage_home, name="accounts_manage"),
    path("manage/province/<str:code>/", views.province_accounts, name="accounts_province"),
    path("manage/province/<str:code>/provision/", views.province_provision, name="accounts_provision"),
    path("manage/province/<str:code>/import/", views.province_import, name="accounts_import"),
    path("manage/province/<str:code>/list.xlsx", views.province_list_template, name="accounts_list_template"),
    path("manage/province/<str:code>/add-officer/", views.province_add_officer, name="accounts_add_officer"),
    path("manage/province/<str:code>/helpdesk/", views.province_helpdesk, name="accounts_helpdesk"),
    path("helpdesk/", views.helpdesk_list, name="helpdesk_list"),
    path("manage/slips.pdf", views.slips, name="accounts_slips"),
    path("manage/user/<str:username>/", views.user_detail, name="accounts_user"),
    path("manage/user/<str:username>/reset-password/", views.user_reset_password, name="accounts_reset_password"),
    path("manage/user/<str:username>/deactivate/", views.user_set_active, {"active": False},
         name="accounts_deactivate"),
    path("manage/user/<str:username>/activate/", views.user_set_active, {"active": True}, name="accounts_activate"),
    path("manage/user/<str:username>/unlock/", views.user_unlock, name="accounts_unlock"),
    path("manage/user/<str:username>/remove-two-factor/", views.user_remove_second_factor,
         name="accounts_remove_otp"),
]
