from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wts.lib.admin import ReadOnlyAdmin

from .models import MissionArea, WorkItem


class WorkItemInline(admin.TabularInline):
    model = WorkItem
    extra = 0
    fields = ["order", "code", "name", "unit", "standard_minutes", "max_value", "help_text"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MissionArea)
class MissionAreaAdmin(ReadOnlyAdmin):
    """Read-only: every catalog change goes through wts.catalog.actions (rules and audit row) on the
    catalog page this screen links to."""

    list_display = ["round", "number", "name", "edit_in_app"]
    list_filter = ["round"]
    inlines = [WorkItemInline]

    @admin.display(description=_("แก้ไข"))
    def edit_in_app(self, obj):
        url = reverse("catalog:round", args=[obj.round.fiscal_year]) + f"#area-{obj.number}"
        return format_html('<a href="{}">{}</a>', url, _("แก้ไขในหน้าแบบฟอร์ม"))
