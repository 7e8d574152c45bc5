from django.contrib import admin


class DepartmentAdminOnly:
    """Admin screens are for department administrators (and superusers); viewers may look."""

    def _is_admin(self, request):
        user = request.user
        return user.is_active and (user.is_superuser or getattr(user, "is_department_admin", False))

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
