"""Tables as files to attach to a proposal: XLSX for further work, PDF in the official style
(A4 landscape, Sarabun, page numbers and print date in Thai digits, Buddhist Era dates)."""

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter

from wts.catalog.wisn import ROUNDING_RULE
from wts.lib.cells import neutralise_workbook
from wts.lib.pdf_fonts import font_faces, html_to_pdf
from wts.lib.thai import thai_datetime

from .quality import RoundFlags
from .staffing import Basis

# The font of Thai official documents; Excel falls back to its own Thai font where it is missing.
XLSX_FONT = "TH Sarabun New"
NUMBER_FORMATS = {"int": "#,##0", "dec1": "#,##0.0", "dec2": "#,##0.00", "gap": "+#,##0.00;-#,##0.00;0.00",
                  "gapint": "+#,##0;-#,##0;0"}
MARK_LABELS = {"unconfirmed": gettext_lazy("รวมข้อมูลที่ยังไม่ยืนยัน"), "nodata": gettext_lazy("ไม่มีข้อมูล")}


def format_cell(value, kind: str) -> str:
    if value is None or value == "":
        return "–" if kind != "text" else ""
    if kind == "int":
        return f"{value:,.0f}"
    if kind == "dec1":
        return f"{value:,.1f}"
    if kind == "dec2":
        return f"{value:,.2f}"
    if kind == "gap":
        return f"{value:+,.2f}".replace("-", "−")
    if kind == "gapint":
        return f"{value:+,d}".replace("-", "−")
    return str(value)


def basis_lines(basis: Basis, scope_label: str) -> list[str]:
    """What the figures were computed from, in the words printed under every table."""
    years = ", ".join(str(y) for y in basis.fiscal_years)
    averaging = _("เฉลี่ยปริมาณงาน %(n)s รอบ (ปีงบประมาณ %(years)s)") % {"n": basis.averaging_rounds, "years": years}
    if basis.missing_rounds > 0:
        averaging += " " + _("มีข้อมูลเพียง %(k)s รอบ") % {"k": len(basis.rounds_used)}
    if basis.include_unconfirmed:
        data = _("รวมข้อมูลที่ยังไม่ยืนยัน: %(u)s จาก %(n)s รายงาน ยังไม่ได้รับการยืนยัน ผลนี้ใช้อ้างอิงไม่ได้") % {
            "u": f"{basis.reports_unconfirmed:,}", "n": f"{basis.reports_counted:,}"}
    else:
        data = _("เฉพาะข้อมูลที่ยืนยันแล้ว (%(n)s รายงาน)") % {"n": f"{basis.reports_counted:,}"}
    lines = [
        _("ขอบเขต: %(scope)s · %(round)s") % {"scope": scope_label, "round": basis.round},
        _("ข้อมูลที่ใช้: %(data)s") % {"data": data},
        averaging,
    ]
    if basis.districts_by_rounds:
        lines.append(_("อำเภอที่มีข้อมูล %(n)s จาก %(total)s แห่ง: %(split)s") % {
            "n": f"{basis.districts_confirmed:,}", "total": f"{basis.districts_total:,}",
            "split": ", ".join(_("เฉลี่ย %(k)s รอบ %(d)s แห่ง") % {"k": k, "d": f"{d:,}"}
                               for k, d in sorted(basis.districts_by_rounds.items(), reverse=True))})
    if basis.scenario:
        lines.append(_("ฉากทัศน์: %(name)s (ยังไม่ใช่เกณฑ์ที่ใช้จริง)") % {"name": basis.scenario})
    lines.extend(method_lines(basis))
    lines.append(_("คำนวณเมื่อ %(when)s") % {"when": thai_datetime(basis.computed_at)})
    return lines


def method_lines(basis: Basis) -> list[str]:
    """The method as printed: one line per position type, then the formulas and the rounding rule."""
    lines = []
    for t in basis.position_types:
        line = _(
            "%(name)s: ชั่วโมงทำงานที่เกิดผล %(h)s ชั่วโมงต่อคนต่อปี (%(days)s วัน × %(hpd)s ชม.) · "
            "ตัวคูณงานสนับสนุน (CAF) %(caf)s · ค่าเพิ่มรายบุคคล %(iaf)s (%(ia)s ชม./ปี) · %(items)s รายการงาน"
        ) % {
            "name": t.name, "h": f"{t.method.available_hours:,.0f}", "days": f"{t.available_days:,}",
            "hpd": f"{t.settings['hours_per_day']:,}", "caf": f"{t.method.category_allowance_factor:.3f}",
            "iaf": f"{t.method.individual_allowance_factor:.3f}", "ia": f"{t.method.individual_allowance_hours:,.0f}",
            "items": t.items,
        }
        if t.lacks:
            line += " · " + "; ".join(t.lacks)
        lines.append(line)
    lines.append(_("อัตรากำลังที่ต้องการ = (ชั่วโมงภาระงาน ÷ เวลาทำงานที่มีต่อปี) × CAF + ค่าเพิ่มรายบุคคล "
                   "(WISN ขององค์การอนามัยโลก) · FTE = ผลรวมทุกประเภทตำแหน่ง"))
    lines.append(_("ชั่วโมงภาระงาน = Σ (ปริมาณงานเฉลี่ย × เวลามาตรฐาน ÷ 60) · CAF = 1 ÷ (1 − ร้อยละงานสนับสนุน ÷ 100) · "
                   "ค่าเพิ่มรายบุคคล = ชั่วโมงงานเพิ่มเติม ÷ เวลาทำงานที่มีต่อปี"))
    lines.append(_("จำนวนอัตรา (เต็ม): %(rule)s · ผลต่าง WISN = คนครอง − ที่ต้องการ · อัตราส่วน WISN = คนครอง ÷ ที่ต้องการ "
                   "(ต่ำกว่า 1 คือมีภาระงานเกินกำลัง)") % {"rule": ROUNDING_RULE})
    return lines


def flags_basis_lines(result: RoundFlags, scope_label: str, computed_at) -> list[str]:
    return [
        _("ขอบเขต: %(scope)s · %(round)s") % {"scope": scope_label, "round": result.round},
        _("ข้อมูลที่ใช้: ทุกค่าที่บันทึกแล้ว ทั้งที่ยืนยันและยังไม่ยืนยัน เทียบกับอำเภอทั่วประเทศ"),
        _("คำนวณเมื่อ %(when)s") % {"when": thai_datetime(computed_at)},
    ]


def _named_styles(wb) -> dict[tuple[str, bool], str]:
    """One named style per cell kind, plain and bold: assigning a style by name is much cheaper than
    setting font and number format on each of the national table's 11,000 cells."""
    names = {}
    for kind in ["text", *NUMBER_FORMATS]:
        for bold in (False, True):
            name = f"wts-{kind}{'-bold' if bold else ''}"
            style = NamedStyle(name=name, font=Font(name=XLSX_FONT, size=14, bold=bold))
            if kind in NUMBER_FORMATS:
                style.number_format = NUMBER_FORMATS[kind]
            if bold:
                style.border = Border(top=Side(style="thin", color="B0B7C3"))
            wb.add_named_style(style)
            names[kind, bold] = name
    return names


def table_xlsx(table, lines: list[str]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = table.slug[:31]
    styles = _named_styles(wb)
    ws.append([_("กรมส่งเสริมการปกครองท้องถิ่น")])
    ws.append([table.title])
    for line in lines:
        ws.append([line])
    for row_number in range(1, ws.max_row + 1):
        ws.cell(row_number, 1).style = styles["text", row_number <= 2]
    ws.append([])
    ws.append([c.label for c in table.columns] + [_("หมายเหตุข้อมูล")])
    header_row = ws.max_row
    width = len(table.columns) + 1
    fill = PatternFill("solid", fgColor="EEF1F6")
    for index in range(1, width + 1):
        cell = ws.cell(header_row, index)
        cell.font = Font(name=XLSX_FONT, bold=True, size=14)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    kinds = [c.kind if c.kind in NUMBER_FORMATS else "text" for c in table.columns] + ["text"]
    rows = [(row, False) for row in table.rows] + ([(table.total, True)] if table.total else [])
    # Rows are counted here and cells addressed by index: ws.max_row and ws[row] scan the sheet.
    for offset, (row, bold) in enumerate(rows, start=1):
        ws.append([_excel_value(v, c.kind) for c, v in zip(table.columns, row.cells, strict=True)]
                  + [str(MARK_LABELS[row.mark]) if row.mark else ""])
        for index, kind in enumerate(kinds, start=1):
            ws.cell(header_row + offset, index).style = styles[kind, bold]
    for note in table.notes:
        ws.append([note])
        ws.cell(ws.max_row, 1).style = styles["text", False]
    for index, col in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = col.width
    ws.column_dimensions[get_column_letter(width)].width = 18
    ws.freeze_panes = ws.cell(header_row + 1, 2)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(width)}{header_row + len(table.rows)}"
    print_setup(ws, header_row)
    out = io.BytesIO()
    neutralise_workbook(wb)
    wb.save(out)
    return out.getvalue()


def print_setup(ws, header_row: int) -> None:
    """A4 landscape, one page wide (as many pages down as needed), the header row on every page,
    page numbers in the footer (issue 26 §5: the table printed two pages wide)."""
    ws.print_options.gridLines = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = _("หน้า &P / &N")


def _excel_value(value, kind):
    if value is None:
        return None
    if kind in NUMBER_FORMATS and isinstance(value, int | float):
        return round(value, 4)
    return value


def table_pdf(table, lines: list[str], computed_at, *, unconfirmed: bool = False) -> bytes:
    total_width = sum(c.width for c in table.columns)
    widths = [f"{c.width * 100 / total_width:.2f}" for c in table.columns]
    html = render_to_string(
        "analytics/export_pdf.html",
        {"table": table, "lines": lines, "widths": widths, "computed_at": computed_at, "font_faces": font_faces(),
         "unconfirmed": unconfirmed, "marked": any(r.mark == "unconfirmed" for r in table.rows)},
    )
    return html_to_pdf(html)
