"""The district's offline workbook: written for one district and one round, read back as a plan.

The identity of a workbook (format, fiscal year, district, catalog fingerprint, area versions)
lives on a very hidden sheet, and the workbook structure is protected, so a file from another
district, another round or an edited form is recognised and refused instead of guessed at.
"""

import datetime as dt
import hashlib
import io
import json
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from wts.catalog.models import MissionArea, WorkItem
from wts.lib.cells import safe_cell
from wts.lib.errors import Refused
from wts.lib.ids import parse_id
from wts.lib.sheets import print_one_page_wide
from wts.lib.thai import thai_datetime
from wts.lib.uploads import ReadBudget, bounded_rows, load_xlsx
from wts.rounds.deadlines import deadlines_for
from wts.workflow.forms import AreaValuesForm
from wts.workflow.models import AreaReport, DistrictReport, ItemValue
from wts.workflow.rules import edit_refusal

FORMAT = "wts-district-workbook"
FORMAT_VERSION = 1
FORM_SHEET = "แบบบันทึกปริมาณงาน"
IDENTITY_SHEET = "_wts"
HEADER_ROW = 6
ID_HEADER = "item_id"
COLUMNS = ["item_id", "ด้านที่", "รหัส", "รายการงาน", "หน่วยนับ", "ปริมาณงาน", "ค่าสูงสุดที่ยอมรับ / คำอธิบาย"]
VALUE_COLUMN = 6  # F
IDENTITY_ROWS = 50  # the identity sheet has 7 rows
FONT = "TH Sarabun New"


def round_items(round_):
    """The round's items in form order, with their area (one query)."""
    return list(
        WorkItem.objects.filter(area__round=round_).select_related("area").order_by("area__number", "order", "code")
    )


def catalog_fingerprint(round_, items=None) -> str:
    """Changes whenever an item of the round is added, removed, moved or recoded."""
    items = round_items(round_) if items is None else items
    text = "|".join(f"{i.area.number}:{i.pk}:{i.code}" for i in items)
    return hashlib.sha256(f"{round_.fiscal_year}|{text}".encode()).hexdigest()


def file_name_for(round_, district) -> str:
    return f"wts-{round_.fiscal_year}-{district.code}.xlsx"


def build_district_workbook(round_, district) -> bytes:
    """The district's form for the round with its current values, ready to fill offline."""
    items = round_items(round_)
    report = DistrictReport.objects.filter(round=round_, district=district).first()
    values = dict(ItemValue.objects.filter(report=report).values_list("item_id", "value")) if report else {}
    versions = (
        {str(a): v for a, v in AreaReport.objects.filter(report=report).values_list("area_id", "version")}
        if report
        else {}
    )
    deadlines = deadlines_for(round_, district)
    now = timezone.now()

    wb = Workbook()
    ws = wb.active
    ws.title = FORM_SHEET
    base = Font(name=FONT, size=14)
    bold = Font(name=FONT, size=14, bold=True)
    thin = Side(style="thin", color="999999")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    area_fill = PatternFill("solid", fgColor="DCE6F1")
    input_fill = PatternFill("solid", fgColor="FFF9DB")

    ws["B1"] = _("แบบบันทึกข้อมูลปริมาณงานของท้องถิ่นอำเภอ")
    ws["B1"].font = Font(name=FONT, size=18, bold=True)
    ws["B2"] = safe_cell(f"{district.display_name} {_('จังหวัด')}{district.province.name_th} ({district.code})")
    ws["B3"] = safe_cell(
        f"{round_} · {_('กำหนดบันทึกข้อมูลภายใน')} {thai_datetime(deadlines.entry_closes_at)}"
    )
    ws["B4"] = _("ดาวน์โหลดเมื่อ %(when)s · กรอกเฉพาะช่องสีเหลือง เป็นจำนวนเต็มไม่ติดลบ แล้วอัปโหลดกลับเข้าระบบ") % {
        "when": thai_datetime(now)
    }
    for ref in ("B2", "B3", "B4"):
        ws[ref].font = base
    for col, title in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=title)
        cell.font = bold
        cell.border = box
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    validations: dict[int, DataValidation] = {}
    row = HEADER_ROW
    current_area = None
    for item in items:
        if item.area_id != current_area:
            current_area = item.area_id
            row += 1
            ws.cell(row=row, column=2, value=item.area.number).font = bold
            ws.cell(row=row, column=3, value=safe_cell(f"{_('ด้านที่')} {item.area.number} {item.area.name}")).font = bold
            ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=7)
            for col in range(2, 8):
                ws.cell(row=row, column=col).fill = area_fill
        row += 1
        cells = [
            item.pk, item.area.number, safe_cell(item.code), safe_cell(item.name), safe_cell(item.unit),
            values.get(item.pk),
            safe_cell(f"{_('ไม่เกิน')} {item.max_value:,}" + (f" · {item.help_text}" if item.help_text else "")),
        ]
        for col, value in enumerate(cells, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            cell.font = base
            cell.border = box
            cell.alignment = Alignment(vertical="top", wrap_text=col in (4, 7))
        value_cell = ws.cell(row=row, column=VALUE_COLUMN)
        value_cell.protection = Protection(locked=False)
        value_cell.fill = input_fill
        value_cell.number_format = "#,##0"
        dv = validations.get(item.max_value)
        if dv is None:
            dv = DataValidation(
                type="whole", operator="between", formula1="0", formula2=str(item.max_value), allow_blank=True,
                showErrorMessage=True, errorTitle=_("ค่าไม่ถูกต้อง"),
                error=_("กรุณากรอกจำนวนเต็มตั้งแต่ 0 ถึง %(max)s") % {"max": f"{item.max_value:,}"},
            )
            ws.add_data_validation(dv)
            validations[item.max_value] = dv
        dv.add(value_cell)

    ws.column_dimensions["A"].hidden = True
    for letter, width in zip("BCDEFG", (8, 8, 60, 10, 14, 45), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=2)
    print_one_page_wide(ws, title_rows=f"{HEADER_ROW}:{HEADER_ROW}", area=f"B1:G{row}", landscape=True)
    ws.oddFooter.center.text = "&P / &N"
    password = secrets.token_hex(8)  # the protection stops accidents; identity is checked on upload
    ws.protection.sheet = True
    ws.protection.password = password
    ws.protection.formatColumns = False

    identity = wb.create_sheet(IDENTITY_SHEET)
    identity.sheet_state = "veryHidden"
    for key, value in [
        ("format", FORMAT),
        ("format_version", FORMAT_VERSION),
        ("fiscal_year", round_.fiscal_year),
        ("district_code", district.code),
        ("catalog_fingerprint", catalog_fingerprint(round_, items)),
        ("area_versions", json.dumps(versions, sort_keys=True)),
        ("generated_at", now.isoformat()),
    ]:
        identity.append([key, value])
    identity.protection.sheet = True
    identity.protection.password = password
    wb.security = WorkbookProtection(workbookPassword=password, lockStructure=True)

    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


class WorkbookRefused(Refused):
    """The file as a whole cannot be used (not ours, another district or round, changed form)."""


@dataclass
class PlanRow:
    row_number: int
    item: WorkItem | None
    code: str
    raw: object
    old: int | None = None
    new: int | None = None
    problems: list[str] = field(default_factory=list)

    warning: str = ""  # the value in the system was saved after the workbook was made

    @property
    def changed(self) -> bool:
        return self.item is not None and not self.problems and self.old != self.new


@dataclass
class ImportPlan:
    round: object
    district: object
    rows: list[PlanRow]
    problems: list[str]  # problems not tied to one row (missing rows)
    warnings: list[str]
    area_versions: dict[int, int]
    changes: dict[int, dict[int, int | None]]  # area_id -> item_id -> new value
    catalog_fingerprint: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems and not any(r.problems for r in self.rows)

    @property
    def change_count(self) -> int:
        return sum(len(v) for v in self.changes.values())

    @property
    def problem_count(self) -> int:
        return len(self.problems) + sum(len(r.problems) for r in self.rows)


def _identity(wb, budget) -> dict:
    if IDENTITY_SHEET not in wb.sheetnames or FORM_SHEET not in wb.sheetnames:
        raise WorkbookRefused(
            _("ไฟล์นี้ไม่ใช่แบบบันทึกที่ดาวน์โหลดจากระบบ กรุณาดาวน์โหลดแบบบันทึกของอำเภอจากระบบแล้วกรอกข้อมูลในไฟล์นั้น")
        )
    identity = {}
    for row in bounded_rows(wb[IDENTITY_SHEET], budget, max_row=IDENTITY_ROWS, max_col=2):
        if row and row[0]:
            identity[str(row[0])] = row[1]
    if identity.get("format") != FORMAT or str(identity.get("format_version")) != str(FORMAT_VERSION):
        raise WorkbookRefused(_("ไฟล์นี้ไม่ใช่แบบบันทึกที่ดาวน์โหลดจากระบบ หรือเป็นรูปแบบที่ระบบไม่รองรับแล้ว"))
    return identity


def open_workbook(data: bytes):
    """Through the upload hardening (size, zip bomb, macros); formulas yield their cached value."""
    try:
        return load_xlsx(data)
    except ValidationError as exc:
        raise WorkbookRefused(" ".join(exc.messages)) from exc


def read_plan(data: bytes, round_, district, *, now=None) -> ImportPlan:
    """Dry run: what uploading this file would change, and every problem, row by row."""
    budget = ReadBudget()  # rows, cells and wall time, from the opening of the file on
    wb = open_workbook(data)
    try:
        items, raw_rows, seen_versions = _read_sheets(wb, budget, round_, district)
        generated_at = _generated_at(wb, budget)
    except ValidationError as exc:  # a limit of the read budget
        raise WorkbookRefused(" ".join(exc.messages)) from exc
    finally:
        wb.close()
    return _plan(round_, district, items, raw_rows, seen_versions, now=now, generated_at=generated_at)


def _generated_at(wb, budget):
    """When the workbook was made (its identity sheet), or None when it does not say."""
    try:
        return dt.datetime.fromisoformat(str(_identity(wb, budget).get("generated_at")))
    except ValueError:
        return None


def _read_sheets(wb, budget, round_, district):
    identity = _identity(wb, budget)
    if str(identity.get("district_code")) != district.code:
        raise WorkbookRefused(
            _("ไฟล์นี้เป็นแบบบันทึกของอำเภออื่น (รหัส %(code)s) ไม่ใช่ของ%(mine)s")
            % {"code": identity.get("district_code"), "mine": district.display_name}
        )
    if str(identity.get("fiscal_year")) != str(round_.fiscal_year):
        raise WorkbookRefused(
            _("ไฟล์นี้เป็นแบบบันทึกของปีงบประมาณ %(year)s ไม่ใช่ปีงบประมาณ %(mine)s")
            % {"year": identity.get("fiscal_year"), "mine": round_.fiscal_year}
        )
    items = round_items(round_)
    if identity.get("catalog_fingerprint") != catalog_fingerprint(round_, items):
        raise WorkbookRefused(
            _("แบบฟอร์มของรอบนี้มีการปรับปรุงหลังจากดาวน์โหลดไฟล์ กรุณาดาวน์โหลดแบบบันทึกใหม่")
        )
    try:
        versions = json.loads(identity.get("area_versions") or "{}")
        seen_versions = {parse_id(k): parse_id(v) for k, v in versions.items()}
        seen_versions = {k: v for k, v in seen_versions.items() if k is not None and v is not None}
    except (TypeError, ValueError, AttributeError):
        seen_versions = {}
    return items, list(_item_rows(wb[FORM_SHEET], budget)), seen_versions


def _item_rows(ws, budget):
    """(row number, item id cell, code cell, value cell) of each row below the header that has any of them."""
    header = next(bounded_rows(ws, budget, min_row=HEADER_ROW, max_row=HEADER_ROW, max_col=len(COLUMNS)), ())
    if not header or header[0] != ID_HEADER or (len(header) < VALUE_COLUMN):
        raise WorkbookRefused(_("โครงสร้างไฟล์ถูกแก้ไข (หัวตารางไม่ตรงกับแบบบันทึก) กรุณาดาวน์โหลดแบบบันทึกใหม่"))
    for number, row in enumerate(bounded_rows(ws, budget, min_row=HEADER_ROW + 1, max_col=VALUE_COLUMN),
                                 start=HEADER_ROW + 1):
        row = tuple(row) + (None,) * (VALUE_COLUMN - len(row))
        item_id, code, value = row[0], row[2], row[VALUE_COLUMN - 1]
        if item_id is None and value is None:
            continue  # area heading or empty line
        yield number, item_id, code, value


def _warn_cells_saved_since(report, rows, generated_at):
    """Each cell that would replace a value someone saved after the workbook was made says so."""
    saved = {v.item_id: v for v in ItemValue.objects.filter(report=report, item__in=[r.item for r in rows])
             .select_related("updated_by")}
    for row in rows:
        value = saved.get(row.item.pk)
        if value is None or (generated_at is not None and value.updated_at <= generated_at):
            continue
        row.warning = _("ค่านี้ในระบบ (%(old)s) บันทึกหลังจากดาวน์โหลดไฟล์ เมื่อ %(when)s%(who)s "
                        "ค่าในไฟล์จะแทนค่านี้") % {
            "old": "–" if value.value is None else value.value, "when": thai_datetime(value.updated_at),
            "who": f" {_('โดย')} {value.updated_by.display_name}" if value.updated_by else ""}


def _plan(round_, district, items, raw_rows, seen_versions, *, now=None, generated_at=None) -> ImportPlan:
    by_id = {item.pk: item for item in items}
    report = DistrictReport.objects.select_related("round", "district").filter(round=round_, district=district).first()
    probe = report or DistrictReport(round=round_, district=district)
    current = dict(ItemValue.objects.filter(report=report).values_list("item_id", "value")) if report else {}
    area_reports = {
        ar.area_id: ar for ar in AreaReport.objects.filter(report=report).select_related("updated_by")
    } if report else {}

    rows: list[PlanRow] = []
    seen_items: set[int] = set()
    for number, item_id, code, raw in raw_rows:
        item = by_id.get(item_id) if isinstance(item_id, int) else None
        row = PlanRow(row_number=number, item=item, code=str(code or ""), raw=raw)
        if item is None:
            row.problems.append(
                _("ไม่พบรายการงานรหัส %(code)s ในแบบฟอร์มของรอบนี้") % {"code": code or "-"}
            )
        elif str(code) != item.code:
            row.problems.append(_("รหัสรายการถูกแก้ไข (%(code)s) ไม่ตรงกับแบบฟอร์ม") % {"code": code})
            row.item = None
        elif item.pk in seen_items:
            row.problems.append(_("รายการงาน %(code)s ซ้ำกับแถวก่อนหน้า") % {"code": item.code})
            row.item = None
        if row.item is not None:
            seen_items.add(item.pk)
            row.old = current.get(item.pk)
        rows.append(row)

    problems = []
    missing = [i for i in items if i.pk not in seen_items]
    if missing:
        problems.append(
            _("ไม่พบแถวของรายการงาน %(codes)s ในไฟล์ (โครงสร้างไฟล์ถูกแก้ไข) กรุณาดาวน์โหลดแบบบันทึกใหม่")
            % {"codes": ", ".join(i.code for i in missing)}
        )

    # Numbers go through the page's own form, area by area, so the rules and messages are the same.
    rows_by_area: dict[int, list[PlanRow]] = {}
    for row in rows:
        if row.item is not None:
            rows_by_area.setdefault(row.item.area_id, []).append(row)
    areas = {a.pk: a for a in MissionArea.objects.filter(round=round_)}
    changes: dict[int, dict[int, int | None]] = {}
    warnings = []
    for area_id, area_rows in rows_by_area.items():
        form = AreaValuesForm.for_raw_values([r.item for r in area_rows], {r.item.pk: _raw_text(r.raw) for r in area_rows})
        form.is_valid()
        errors = form.errors_by_item_id()
        cleaned = form.values_by_item_id() if hasattr(form, "cleaned_data") else {}
        for row in area_rows:
            if row.item.pk in errors:
                row.problems.extend(errors[row.item.pk])
            else:
                row.new = cleaned.get(row.item.pk)
        area_changes = {r.item.pk: r.new for r in area_rows if r.changed}
        if not area_changes:
            continue
        refusal = edit_refusal(probe, areas[area_id], now=now)
        if refusal:
            for row in area_rows:
                if row.changed:
                    row.problems.append(refusal)
            continue
        changes[area_id] = area_changes
        ar = area_reports.get(area_id)
        if ar is not None and ar.version != seen_versions.get(area_id, 0):
            _warn_cells_saved_since(report, [r for r in area_rows if r.changed], generated_at)
            warnings.append(
                _("ด้านที่ %(n)s มีการแก้ไขในระบบหลังจากดาวน์โหลดไฟล์ (%(when)s%(who)s) ค่าในไฟล์จะแทนค่าปัจจุบันตามที่แสดง")
                % {
                    "n": areas[area_id].number,
                    "when": thai_datetime(ar.updated_at),
                    "who": f" {_('โดย')} {ar.updated_by.display_name}" if ar.updated_by else "",
                }
            )
    versions = {area_id: (area_reports[area_id].version if area_id in area_reports else 0) for area_id in changes}
    plan = ImportPlan(
        round=round_, district=district, rows=rows, problems=problems, warnings=warnings,
        area_versions=versions, changes=changes, catalog_fingerprint=catalog_fingerprint(round_, items),
    )
    if not plan.ok:
        plan.changes = {}  # all or nothing: a file with any problem applies nothing
    return plan


def _raw_text(raw):
    """Cell values as the form expects them: numbers stay numbers, text stays text."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return str(raw)
    return raw

