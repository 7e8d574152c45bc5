from django.contrib import admin

from wts.core.admin import DepartmentAdminOnly

from .models import MissionArea, WorkItem


class WorkItemInline(admin.TabularInline):
    model = WorkItem
    extra = 0
    fields = ["order", "code", "name", "unit", "standard_minutes", "max_value", "help_text"]


@admin.register(MissionArea)
class MissionAreaAdmin(DepartmentAdminOnly, admin.ModelAdmin):
    list_display = ["round", "number", "name"]
    list_filter = ["round"]
    inlines = [WorkItemInline]

    def has_delete_permission(self, request, obj=None):
        # An area of a round with recorded values stays; removing it would rewrite history.
        return False
