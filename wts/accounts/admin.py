from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from wts.core.admin import DepartmentAdminOnly

from .models import User


@admin.register(User)
class UserAdmin(DepartmentAdminOnly, BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "province", "district", "is_active"]
    list_filter = ["role", "is_active", "province"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("ข้อมูลส่วนตัว"), {"fields": ["first_name", "last_name", "position", "phone", "email"]}),
        (_("บทบาทและขอบเขต"), {"fields": ["role", "province", "district", "is_active", "must_change_password"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2", "role", "province", "district"]}),
    ]
