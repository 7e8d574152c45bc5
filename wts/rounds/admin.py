"""Rounds and extensions are read-only here: every change goes through the application pages
(/rounds/), whose actions check the rules, write the audit row and notify the people concerned."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wts.core.admin import ReadOnlyAdmin
from wts.lib.thai import thai_datetime

from .models import Extension, Round


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["fiscal_year", "title", "entry_window", "confirm_window", "closed", "manage"]
    fieldsets = [
        (None, {"fields": ["fiscal_year", "title", "manage"]}),
        (_("ช่วงเวลา"), {"fields": ["entry_opens_at", "entry_closes_at", "confirm_opens_at", "confirm_closes_at"]}),
        (_("การวิเคราะห์อัตรากำลัง"), {"fields": ["productive_hours", "allowance_factor", "averaging_rounds",
                                              "change_flag_percent", "change_flag_min_units", "outlier_threshold",
                                              "peer_size_percent"]}),
        (_("การปิดรอบ"), {"fields": ["closed_at", "closed_by", "closed_reason"]}),
    ]
    readonly_fields = ["manage"]

    @admin.display(description=_("ช่วงบันทึกข้อมูล"))
    def entry_window(self, obj):
        return f"{thai_datetime(obj.entry_opens_at)} – {thai_datetime(obj.entry_closes_at)}"

    @admin.display(description=_("ช่วงยืนยันข้อมูล"))
    def confirm_window(self, obj):
        return f"{thai_datetime(obj.confirm_opens_at)} – {thai_datetime(obj.confirm_closes_at)}"

    @admin.display(description=_("ปิดรอบเมื่อ"))
    def closed(self, obj):
        return thai_datetime(obj.closed_at) if obj.closed_at else "—"

    @admin.display(description=_("จัดการ"))
    def manage(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("rounds:detail", args=[obj.fiscal_year]),
                           _("แก้ไข ปิด หรือเปิดรอบในหน้าระบบ"))


@admin.register(Extension)
class ExtensionAdmin(ReadOnlyAdmin):
    list_display = ["round", "window", "scope", "deadline", "created_by", "withdrawn", "manage"]
    list_filter = ["round", "window"]
    readonly_fields = ["manage"]

    @admin.display(description=_("สำหรับ"))
    def scope(self, obj):
        return obj.scope_display

    @admin.display(description=_("ขยายถึง"))
    def deadline(self, obj):
        return thai_datetime(obj.closes_at)

    @admin.display(description=_("ยกเลิกเมื่อ"))
    def withdrawn(self, obj):
        return thai_datetime(obj.withdrawn_at) if obj.withdrawn_at else "—"

    @admin.display(description=_("จัดการ"))
    def manage(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("rounds:extensions", args=[obj.round.fiscal_year]),
                           _("ขยายหรือยกเลิกในหน้าระบบ"))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("round", "province", "district", "district__province",
                                                            "created_by")
