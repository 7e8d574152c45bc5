from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wts.audit.models import AuditEvent
from wts.catalog.actions import copy_catalog, load_default_catalog
from wts.core.admin import DepartmentAdminOnly
from wts.lib.thai import thai_datetime

from .models import Round


@admin.register(Round)
class RoundAdmin(DepartmentAdminOnly, admin.ModelAdmin):
    list_display = ["fiscal_year", "title", "entry_window", "confirm_window", "closed"]
    actions = ["copy_previous_catalog", "load_default"]
    fieldsets = [
        (None, {"fields": ["fiscal_year", "title"]}),
        (_("ช่วงเวลา"), {"fields": ["entry_opens_at", "entry_closes_at", "confirm_opens_at", "confirm_closes_at"]}),
        (_("การวิเคราะห์อัตรากำลัง"), {"fields": ["productive_hours", "allowance_factor", "averaging_rounds",
                                              "change_flag_percent", "change_flag_min_units", "outlier_threshold",
                                              "peer_size_percent"]}),
    ]

    @admin.display(description=_("ช่วงบันทึกข้อมูล"))
    def entry_window(self, obj):
        return f"{thai_datetime(obj.entry_opens_at)} – {thai_datetime(obj.entry_closes_at)}"

    @admin.display(description=_("ช่วงยืนยันข้อมูล"))
    def confirm_window(self, obj):
        return f"{thai_datetime(obj.confirm_opens_at)} – {thai_datetime(obj.confirm_closes_at)}"

    @admin.display(description=_("ปิดรอบเมื่อ"))
    def closed(self, obj):
        return thai_datetime(obj.closed_at) if obj.closed_at else "—"

    def save_model(self, request, obj, form, change):
        """Windows and analysis settings changed here leave an audit row, like every other change."""
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if form.changed_data:
                AuditEvent.record(
                    "round.updated" if change else "round.created", actor=request.user, round=obj,
                    message=", ".join(str(form.fields[name].label) for name in form.changed_data),
                    data={name: str(form.cleaned_data.get(name)) for name in form.changed_data},
                )

    @admin.action(description=_("คัดลอกแบบฟอร์มจากรอบก่อนหน้ามาใช้"))
    def copy_previous_catalog(self, request, queryset):
        for round_ in queryset:
            previous = Round.objects.filter(fiscal_year__lt=round_.fiscal_year, areas__isnull=False).order_by(
                "-fiscal_year").first()
            if previous is None:
                self.message_user(request, _("ไม่มีรอบก่อนหน้าที่มีแบบฟอร์ม"), messages.ERROR)
                continue
            try:
                copy_catalog(previous, round_, acting_user=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{round_}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("คัดลอกแบบฟอร์มจาก %(p)s ไปยัง %(r)s แล้ว") % {"p": previous, "r": round_})

    @admin.action(description=_("ใช้แบบฟอร์มมาตรฐาน 8 ด้าน"))
    def load_default(self, request, queryset):
        for round_ in queryset:
            try:
                load_default_catalog(round_, acting_user=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{round_}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("ใช้แบบฟอร์มมาตรฐานกับ %(r)s แล้ว") % {"r": round_})
