"""The base classes every app's admin builds on: department administrators only, dates in the Buddhist Era.
They sit in lib, the lowest layer, so that an app's admin imports downwards like the rest of its code."""

from django.contrib import admin

from wts.lib.permissions import can
from wts.lib.thai import thai_datetime


def thai_datetime_column(field_name: str, description):
    """A list column or read-only field showing a date-time in the Buddhist Era (Django's own
    display would print the Gregorian year)."""

    @admin.display(description=description, ordering=field_name)
    def column(self, obj):
        value = getattr(obj, field_name)
        return thai_datetime(value) if value else "—"

    return column


class DepartmentAdminOnly:
    """Admin screens are for department administrators (and superusers); viewers may look."""

    # The change history lists when each change was made: in the Buddhist Era.
    object_history_template = "admin/wts_object_history.html"

    def _is_admin(self, request):
        return can(request.user, "wts.use_admin_site")

    def has_module_permission(self, request):
        return self._is_admin(request)

    def has_view_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_add_permission(self, request, *args):
        return self._is_admin(request)

    def has_change_permission(self, request, obj=None):
        return self._is_admin(request)

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(DepartmentAdminOnly, admin.ModelAdmin):
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
