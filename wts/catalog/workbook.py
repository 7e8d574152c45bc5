"""The catalog as one XLSX sheet, and that sheet read back for the import (dry run, then apply)."""

import io
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wts.lib.cells import neutralise_workbook, safe_row
from wts.lib.uploads import load_xlsx

from .actions import ImportRow
from .models import WorkItem

COLUMNS = (
    "area_number", "area_name", "code", "name", "unit", "standard_minutes", "max_value", "help_text", "order",
)
MAX_ROWS = 2000


def headers() -> list[str]:
    return [
        _("ด้านที่"), _("ชื่อด้าน"), _("รหัส"), _("รายการงาน"), _("หน่วยนับ"), _("เวลามาตรฐาน (นาทีต่อหน่วย)"),
        _("ค่าสูงสุดที่ยอมรับ"), _("คำอธิบาย"), _("ลำดับ"),
    ]


def export_catalog(round_) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("แบบฟอร์ม")
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    items = WorkItem.objects.filter(area__round=round_).select_related("area").order_by("area__number", "order", "code")
    for item in items:
        sheet.append(safe_row([
            item.area.number, item.area.name, item.code, item.name, item.unit, float(item.standard_minutes),
            item.max_value, item.help_text, item.order,
        ]))
    for letter, width in zip("ABCDEFGHI", (8, 40, 10, 50, 12, 14, 14, 50, 8), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    neutralise_workbook(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        # 15.0 from Excel is the number 15; keep the one decimal place minutes may have.
        return str(Decimal(str(value)).normalize()) if value != int(value) else str(int(value))
    return str(value).strip()


def read_catalog(uploaded) -> list[ImportRow]:
    """Rows of the first sheet under the header row; blank rows are skipped. Formulas are read as
    their last computed value (load_xlsx), never evaluated."""
    workbook = load_xlsx(uploaded)
    sheet = workbook.worksheets[0]
    rows = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number == 1:
            first = _text(values[0] if values else None)
            if first != _("ด้านที่"):
                raise ValidationError(_("แถวแรกต้องเป็นหัวตารางของแบบฟอร์ม (ด้านที่ ชื่อด้าน รหัส ...) ตามไฟล์ที่ส่งออกจากระบบ"))
            continue
        cells = [_text(v) for v in (tuple(values) + (None,) * len(COLUMNS))[: len(COLUMNS)]]
        if not any(cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise ValidationError(_("ไฟล์มีรายการมากเกินไป (ไม่เกิน %(max)s แถว)") % {"max": MAX_ROWS})
        rows.append(ImportRow(row_number=number, **dict(zip(COLUMNS, cells, strict=True))))
    if not rows:
        raise ValidationError(_("ไม่พบรายการในไฟล์"))
    return rows
