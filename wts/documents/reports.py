"""The department's official status report (แบบรายงานสถานะการบันทึกข้อมูล...): its data, built from
the same live figures as the boards. Its renderings (PDF, XLSX, the DOCX attachment) are in
wts/documents/render/; the follow-up letter's data in wts/documents/letters.py."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wts.lib.site import site_url
from wts.lib.thai import thai_datetime
from wts.monitoring.status import national_status, province_status
from wts.monitoring.wording import confirmation_label

REPORT_TITLE = gettext_lazy("แบบรายงานสถานะการบันทึกข้อมูลในระบบการติดตามข้อมูลปริมาณงานของท้องถิ่นอำเภอ")
SYSTEM_NAME = gettext_lazy("ระบบการติดตามข้อมูลปริมาณงานของท้องถิ่นอำเภอ (Workload Tracking System)")
PART = re.compile(r"^\[(\w+)\]$", re.MULTILINE)


def template_lines(text: str) -> list[str]:
    """The non-blank lines of rendered prose: one paragraph (or one note, one list item) per line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def template_parts(template_name: str, context: dict) -> dict[str, list[str]]:
    """A prose template cut at its `[part]` lines, each part a list of paragraphs."""
    pieces = PART.split(render_to_string(template_name, context))
    return {name: template_lines(text) for name, text in zip(pieces[1::2], pieces[2::2], strict=True)}


def notes(template_name: str, context: dict) -> list[str]:
    return template_lines(render_to_string(template_name, context))


@dataclass
class ReportRow:
    number: int
    name: str
    status: str
    status_label: str
    detail: str = ""
    # Province report only: the district's review state, so submitted and confirmed differ on paper.
    confirmation: str = ""


@dataclass
class StatusReport:
    round: object
    title: str
    scope: str
    unit_heading: str
    unit_abbrev: str
    rows: list[ReportRow]
    counts: list[tuple[str, str, int]]
    updated_at: dt.datetime | None
    notes: list[str]
    manual_url: str
    generated_at: dt.datetime = field(default_factory=timezone.now)
    # The board's figures behind the classes, for the workbook's second sheet.
    figure_headers: list[str] = field(default_factory=list)
    figures: list[list] = field(default_factory=list)

    @property
    def shows_confirmation(self) -> bool:
        return any(row.confirmation for row in self.rows)

    @property
    def updated_text(self) -> str:
        if self.updated_at is None:
            return _("ยังไม่มีการบันทึกข้อมูล")
        return _("อัปเดตล่าสุด %(when)s") % {"when": thai_datetime(self.updated_at)}

    def count_lines(self) -> list[str]:
        return [f"{n} {self.unit_abbrev} {label}" for _key, label, n in self.counts]


def manual_url() -> str:
    """The manual page on checking and confirming data, which the report's QR code opens."""
    return f"{site_url()}{reverse('monitoring:help_role', args=['director'])}#confirm"


def national_report(round_) -> StatusReport:
    status = national_status(round_)
    rows = [
        ReportRow(i, r.province.name_th, r.status, str(r.status_label),
                  _("ครบ %(done)s จาก %(total)s อำเภอ") % {"done": r.all_areas, "total": r.total})
        for i, r in enumerate(status.rows, start=1)
    ]
    return StatusReport(
        round=round_, title=str(REPORT_TITLE), scope=_("ทุกจังหวัด"), unit_heading=_("จังหวัด"), unit_abbrev=_("จ."),
        rows=rows, counts=[(k, str(label), c) for k, label, c in status.class_counts], updated_at=status.updated_at,
        notes=notes("documents/report/notes_national.txt", {"area_count": status.area_count}),
        manual_url=manual_url(),
        figure_headers=[_("จังหวัด"), _("อำเภอทั้งหมด"), _("ยังไม่เริ่ม"), _("กำลังบันทึก"), _("ครบทุกด้าน"),
                        _("ส่งแล้ว รอยืนยัน"), _("ส่งกลับแก้ไข"), _("ยืนยันแล้ว"), _("อัปเดตล่าสุด")],
        figures=[[r.province.name_th, r.total, r.not_started, r.in_progress, r.all_areas, r.submitted, r.returned,
                  r.confirmed, thai_datetime(r.last_change)] for r in status.rows],
    )


def province_report(round_, province, status=None) -> StatusReport:
    status = status or province_status(round_, province)
    rows = [
        ReportRow(i, r.district.display_name, r.status, str(r.status_label),
                  _("%(done)s/%(total)s ด้าน · %(state)s")
                  % {"done": r.areas_complete, "total": len(status.areas), "state": _confirmation(r)},
                  confirmation=_confirmation(r))
        for i, r in enumerate(status.rows, start=1)
    ]
    return StatusReport(
        round=round_, title=str(REPORT_TITLE), scope=_("จังหวัด%(name)s") % {"name": province.name_th},
        unit_heading=_("อำเภอ"), unit_abbrev=_("อ."), rows=rows,
        counts=[(k, str(label), c) for k, label, c in status.class_counts], updated_at=status.updated_at,
        notes=notes("documents/report/notes_province.txt", {"area_count": len(status.areas)}),
        manual_url=manual_url(),
        figure_headers=[_("อำเภอ"), _("ด้านที่บันทึกครบ"), _("สถานะการตรวจสอบ"), _("แก้ไขล่าสุด"), _("ผู้แก้ไขล่าสุด"),
                        _("กำหนดบันทึกข้อมูล"), _("กำหนดยืนยันข้อมูล")],
        figures=[[r.district.display_name, r.areas_complete, _confirmation(r),
                  thai_datetime(r.report.last_changed_at) if r.report else "",
                  r.report.last_changed_by.display_name if r.report and r.report.last_changed_by else "",
                  thai_datetime(r.deadlines.entry_closes_at), thai_datetime(r.deadlines.confirm_closes_at)]
                 for r in status.rows],
    )


def _confirmation(row) -> str:
    return confirmation_label(row.state, row.report.confirmed_at if row.report else None)
