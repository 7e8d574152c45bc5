"""The status report as a workbook: the printed sheet and the board's figures behind it."""

import io

from django.utils.translation import gettext as _

from wts.lib.cells import neutralise_workbook
from wts.lib.sheets import print_one_page_wide
from wts.monitoring.status import Progress

from ..reports import SYSTEM_NAME, StatusReport
from . import digits


def status_report_xlsx(report: StatusReport, *, thai_digits=False) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    d = digits(thai_digits)
    wb = Workbook()
    ws = wb.active
    ws.title = _("สถานะการบันทึกข้อมูล")[:31]
    font = Font(name="TH Sarabun New", size=16)
    bold = Font(name="TH Sarabun New", size=16, bold=True)
    thin = Side(style="thin", color="888888")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fills = {
        Progress.COMPLETE: PatternFill("solid", fgColor="E3F4E8"),
        Progress.IN_PROGRESS: PatternFill("solid", fgColor="FFF4D6"),
        Progress.NOT_STARTED: PatternFill("solid", fgColor="FDE8E6"),
    }
    wrapped = Alignment(wrap_text=True, vertical="top")
    ws.append([report.title])
    ws.append([f"{SYSTEM_NAME} {report.scope} · {d(str(report.round))}"])
    ws.append([])
    for row in (1, 2):
        ws.cell(row=row, column=1).font = bold
        _span_row(ws, row, wrapped, lines=2)
    header = [_("ที่"), report.unit_heading, _("สถานะ"), _("รายละเอียด")]
    ws.append(header)
    for col in range(1, 5):
        cell = ws.cell(row=4, column=col)
        cell.font, cell.border = bold, border
        cell.alignment = Alignment(horizontal="center")
    for r in report.rows:
        ws.append([r.number if not thai_digits else d(r.number), r.name, r.status_label, d(r.detail)])
        for col in range(1, 5):
            cell = ws.cell(row=ws.max_row, column=col)
            cell.font, cell.border = font, border
        ws.cell(row=ws.max_row, column=3).fill = fills[r.status]
        ws.cell(row=ws.max_row, column=1).alignment = Alignment(horizontal="center")
    ws.append([])
    ws.append([_("หมายเหตุ:")])
    ws.cell(row=ws.max_row, column=1).font = bold
    for i, note in enumerate(report.notes, start=1):
        text = f"{d(i)}. {d(note)}"
        ws.append([text])
        ws.cell(row=ws.max_row, column=1).font = font
        _span_row(ws, ws.max_row, wrapped, lines=wrapped_lines(text), points=WRAPPED_LINE_POINTS)
    ws.append([])
    for _key, label, count in report.counts:
        ws.append([count if not thai_digits else d(count), f"{report.unit_abbrev} {label}"])
        ws.cell(row=ws.max_row, column=1).font = bold
        ws.cell(row=ws.max_row, column=2).font = font
    ws.append([d(report.updated_text)])
    ws.cell(row=ws.max_row, column=1).font = bold
    ws.append([_("คู่มือการใช้งาน (วิธีการตรวจสอบและยืนยันข้อมูล)"), report.manual_url])
    ws.cell(row=ws.max_row, column=2).hyperlink = report.manual_url
    # The QR code as on the printed report, below the link (an image anchored to its cell).
    from openpyxl.drawing.image import Image

    from .word import qr_png

    qr_row = ws.max_row + 1
    image = Image(io.BytesIO(qr_png(report.manual_url)))
    image.width = image.height = 96
    ws.add_image(image, f"B{qr_row}")
    for row in range(qr_row, qr_row + 4):
        ws.row_dimensions[row].height = THAI_ROW_POINTS
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 28
    ws.column_dimensions["D"].width = 34
    ws.freeze_panes = "A5"
    print_one_page_wide(ws, title_rows="4:4", area=f"A1:D{ws.max_row}")
    ws.print_options.horizontalCentered = True
    if report.figures:
        detail = wb.create_sheet(_("ตัวเลขประกอบ"))
        detail.append(report.figure_headers)
        for cell in detail[1]:
            cell.font, cell.border, cell.alignment = bold, border, Alignment(wrap_text=True, vertical="center")
        detail.row_dimensions[1].height = THAI_ROW_POINTS * 2  # headers wider than their columns wrap
        for values in report.figures:
            detail.append([d(v) if thai_digits else v for v in values])
            for cell in detail[detail.max_row]:
                cell.font, cell.border = font, border
        for col, width in zip("ABCDEFGHI", [26, 12, 12, 12, 12, 14, 12, 12, 30], strict=False):
            detail.column_dimensions[col].width = width
        detail.freeze_panes = "B2"
        # Printed like the first sheet: one page wide (landscape, nine columns), the header on every page.
        last_column = detail.cell(row=1, column=len(report.figure_headers)).column_letter
        print_one_page_wide(detail, title_rows="1:1", area=f"A1:{last_column}{detail.max_row}", landscape=True)
        _thai_row_heights(detail)
    _thai_row_heights(ws)
    buffer = io.BytesIO()
    neutralise_workbook(wb)
    wb.save(buffer)
    return buffer.getvalue()


# A line of 16 pt Thai needs about 1.5 times its size: tone marks stack above the consonant, lower
# vowels hang below. Excel and LibreOffice keep a row at the default 15 pt unless told otherwise.
THAI_ROW_POINTS = 24


# A wrapped line needs more than a single one: LibreOffice lays wrapped Thai lines closer than the
# row's own, and clipped the second line's lower vowels at 24 pt ("ครบทกอำเภอ", "ข้อมลในระบบ").
WRAPPED_LINE_POINTS = 30
# Characters of 16 pt Thai across the four printed columns (100 character widths), marks not counted.
CHARACTERS_PER_LINE = 80


def wrapped_lines(text: str) -> int:
    visible = sum(1 for ch in text if not ("\u0e31" <= ch <= "\u0e3a" or "\u0e47" <= ch <= "\u0e4e"))
    return max(1, -(-visible // CHARACTERS_PER_LINE))


def _span_row(ws, row: int, alignment, *, lines: int, points: int = THAI_ROW_POINTS) -> None:
    """A title or a note across the four printed columns, wrapped, instead of running past column D."""
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    ws.cell(row=row, column=1).alignment = alignment
    ws.row_dimensions[row].height = points * lines


def _thai_row_heights(ws) -> None:
    for row in range(1, ws.max_row + 1):
        if ws.row_dimensions[row].height is None:
            ws.row_dimensions[row].height = THAI_ROW_POINTS
