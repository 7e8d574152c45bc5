from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.utils.translation import gettext_lazy as _

from wts.audit.models import AuditEvent
from wts.core.admin import DepartmentAdminOnly

from .models import User


class AdminSetPasswordForm(AdminPasswordChangeForm):
    """A password typed by an administrator is known to two people: the owner must replace it."""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit)


@admin.register(User)
class UserAdmin(DepartmentAdminOnly, BaseUserAdmin):
    change_password_form = AdminSetPasswordForm
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

    def save_model(self, request, obj, form, change):
        if not change:
            obj.must_change_password = True
        obj.audit_changed_fields = list(form.changed_data)
        super().save_model(request, obj, form, change)

    # The admin's own log is not the audit trail: account changes made here are recorded there too.
    def log_addition(self, request, obj, message):
        AuditEvent.record("account.created", actor=request.user, subject_user=obj, district=obj.district,
                          province=obj.province, data={"username": obj.username, "role": obj.role, "via": "admin"})
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        fields = getattr(obj, "audit_changed_fields", None) or ["password"]
        AuditEvent.record("account.changed_in_admin", actor=request.user, subject_user=obj, district=obj.district,
                          province=obj.province, message=", ".join(fields), data={"changes": message})
        return super().log_change(request, obj, message)
