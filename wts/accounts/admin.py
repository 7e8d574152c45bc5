from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wts.lib.admin import ReadOnlyAdmin

from .models import User


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    """Look only. Every account change (create, reset, deactivate, profile) goes through the account
    pages and their actions, which apply who-may-manage-whom and write the audit trail; the admin
    once let a department administrator set a superuser's password here."""

    list_display = ["username", "first_name", "last_name", "role", "province", "district", "is_active"]
    list_filter = ["role", "is_active", "province"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fieldsets = [
        (None, {"fields": ["username", "manage_link"]}),
        (_("ข้อมูลส่วนตัว"), {"fields": ["first_name", "last_name", "position", "phone", "email"]}),
        (_("บทบาทและขอบเขต"), {"fields": ["role", "province", "district", "is_active", "must_change_password"]}),
    ]
    readonly_fields = ["manage_link"]

    @admin.display(description=_("จัดการบัญชี"))
    def manage_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("accounts_user", kwargs={"username": obj.username}),
                           _("เปิดหน้าบัญชีผู้ใช้ (ตั้งรหัสผ่านใหม่ ระงับ ปลดล็อก)"))

