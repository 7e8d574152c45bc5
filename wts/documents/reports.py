"""The department's official status report (แบบรายงานสถานะการบันทึกข้อมูล...) and the follow-up
letter, built from the same live figures as the boards, as PDF (WeasyPrint, Sarabun embedded),
XLSX (openpyxl) and DOCX (python-docx)."""

import datetime as dt
import io
import re
from dataclasses import dataclass, field

import fontpkg_sarabun
import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wts.lib.cells import neutralise_workbook
from wts.lib.site import site_url
from wts.lib.thai import thai_date, thai_datetime, to_thai_digits
from wts.monitoring.status import Progress, national_status, province_status
from wts.rounds.deadlines import national_deadlines

REPORT_TITLE = gettext_lazy("แบบรายงานสถานะการบันทึกข้อมูลในระบบการติดตามข้อมูลปริมาณงานของท้องถิ่นอำเภอ")
SYSTEM_NAME = gettext_lazy("ระบบการติดตามข้อมูลปริมาณงานของท้องถิ่นอำเภอ (Workload Tracking System)")
FONT_DIR = fontpkg_sarabun.ROOT / "files"
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
                  % {"done": r.areas_complete, "total": len(status.areas), "state": r.state_label},
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
        figures=[[r.district.display_name, r.areas_complete, str(r.state_label),
                  thai_datetime(r.report.last_changed_at) if r.report else "",
                  r.report.last_changed_by.display_name if r.report and r.report.last_changed_by else "",
                  thai_datetime(r.deadlines.entry_closes_at), thai_datetime(r.deadlines.confirm_closes_at)]
                 for r in status.rows],
    )


def _confirmation(row) -> str:
    report = row.report
    if report is not None and report.confirmed_at:
        return _("ยืนยันแล้ว %(when)s") % {"when": thai_date(report.confirmed_at)}
    return str(row.state_label)


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=1)


def font_faces() -> str:
    """@font-face rules pointing at the packaged Sarabun files, so PDFs embed the font."""
    faces = []
    for weight, name in ((400, "Regular"), (600, "SemiBold"), (700, "Bold")):
        faces.append(
            f'@font-face {{ font-family: "Sarabun"; font-weight: {weight}; '
            f'src: url("{(FONT_DIR / f"Sarabun-{name}.ttf").as_uri()}"); }}'
        )
    return "\n".join(faces)


def _digits(thai_digits: bool):
    return to_thai_digits if thai_digits else str


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported on use: it loads Pango and fontconfig


    return HTML(string=html, base_url=str(FONT_DIR)).write_pdf()


def status_report_html(report: StatusReport, *, thai_digits=False, standalone=True) -> str:
    d = _digits(thai_digits)
    return render_to_string(
        "documents/pdf/status_report.html",
        {
            "report": report, "font_faces": font_faces(), "qr": qr_data_uri(report.manual_url),
            "rows": [(d(r.number), r, d(r.confirmation)) for r in report.rows],
            "count_lines": [d(line) for line in report.count_lines()],
            "updated_text": d(report.updated_text),
            "notes": [(d(i), d(note)) for i, note in enumerate(report.notes, start=1)],
            "generated": d(thai_datetime(report.generated_at)),
            "round_label": d(str(report.round)),
            "standalone": standalone,
        },
    )


def status_report_pdf(report: StatusReport, *, thai_digits=False) -> bytes:
    return html_to_pdf(status_report_html(report, thai_digits=thai_digits))


def status_report_xlsx(report: StatusReport, *, thai_digits=False) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    d = _digits(thai_digits)
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
    ws.append([report.title])
    ws.append([f"{SYSTEM_NAME} {report.scope} · {d(str(report.round))}"])
    ws.append([])
    for row in (1, 2):
        ws.cell(row=row, column=1).font = bold
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
        ws.append([f"{d(i)}. {d(note)}"])
        ws.cell(row=ws.max_row, column=1).font = font
    ws.append([])
    for _key, label, count in report.counts:
        ws.append([count if not thai_digits else d(count), f"{report.unit_abbrev} {label}"])
        ws.cell(row=ws.max_row, column=1).font = bold
        ws.cell(row=ws.max_row, column=2).font = font
    ws.append([d(report.updated_text)])
    ws.cell(row=ws.max_row, column=1).font = bold
    ws.append([_("คู่มือการใช้งาน (วิธีการตรวจสอบและยืนยันข้อมูล)"), report.manual_url])
    ws.cell(row=ws.max_row, column=2).hyperlink = report.manual_url
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 28
    ws.column_dimensions["D"].width = 34
    ws.freeze_panes = "A5"
    ws.print_title_rows = "4:4"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    if report.figures:
        detail = wb.create_sheet(_("ตัวเลขประกอบ"))
        detail.append(report.figure_headers)
        for cell in detail[1]:
            cell.font, cell.border = bold, border
        for values in report.figures:
            detail.append([d(v) if thai_digits else v for v in values])
            for cell in detail[detail.max_row]:
                cell.font, cell.border = font, border
        for col, width in zip("ABCDEFGHI", [26, 12, 12, 12, 12, 14, 12, 12, 30], strict=False):
            detail.column_dimensions[col].width = width
        detail.freeze_panes = "B2"
    buffer = io.BytesIO()
    neutralise_workbook(wb)
    wb.save(buffer)
    return buffer.getvalue()


@dataclass
class LetterContent:
    """A draft follow-up letter in the Thai government format (หนังสือภายนอก)."""

    agency: str
    address: str
    doc_no: str
    date: dt.date
    subject: str
    salutation: str
    reference: str
    enclosure: str
    body: list[str]
    late_heading: str
    late: list[str]
    closing: str
    signer_name: str
    signer_position: str
    contact_unit: str
    contact_phone: str
    status_report: StatusReport

    def dated(self, thai_digits: bool) -> str:
        return thai_date(self.date, long=True, thai_digits=thai_digits)


def status_report_docx_table(document, report: StatusReport, d):
    from docx.shared import Pt

    document.add_page_break()
    heading = document.add_paragraph()
    run = heading.add_run(f"{report.title}\n{report.scope} · {d(str(report.round))}")
    run.bold = True
    run.font.size = Pt(16)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, [_("ที่"), report.unit_heading, _("สถานะ")], strict=True):
        cell.text = text
    for r in report.rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = d(r.number), r.name, r.status_label
    document.add_paragraph(_("หมายเหตุ:"))
    for i, note in enumerate(report.notes, start=1):
        document.add_paragraph(f"{d(i)}. {d(note)}")
    for line in report.count_lines():
        document.add_paragraph(d(line))
    document.add_paragraph(d(report.updated_text))
    document.add_paragraph(_("คู่มือการใช้งาน (วิธีการตรวจสอบและยืนยันข้อมูล): %(url)s") % {"url": report.manual_url})


def letter_docx(letter: LetterContent, *, thai_digits=True) -> bytes:
    """Editable DOCX: TH Sarabun New 16 pt, the font of Thai official letters, set for complex script too."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    d = _digits(thai_digits)
    font_name = "TH Sarabun New"
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    style = document.styles["Normal"]
    style.font.name = font_name
    style.font.size = Pt(16)
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), font_name)
    szcs = rpr.makeelement(qn("w:szCs"), {qn("w:val"): "32"})
    rpr.append(szcs)
    style.paragraph_format.space_after = Pt(0)

    def para(text="", *, align=None, bold_label=None, indent=False):
        p = document.add_paragraph()
        if align:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Cm(2.5)
        if bold_label:
            run = p.add_run(bold_label + " ")
            run.bold = True
        p.add_run(d(text))
        return p

    para(_("ที่ %(no)s") % {"no": letter.doc_no})
    para(letter.agency, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(letter.address, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(letter.dated(thai_digits), align=WD_ALIGN_PARAGRAPH.CENTER)
    para(letter.subject, bold_label=_("เรื่อง"))
    para(letter.salutation, bold_label=_("เรียน"))
    if letter.reference:
        para(letter.reference, bold_label=_("อ้างถึง"))
    para(letter.enclosure, bold_label=_("สิ่งที่ส่งมาด้วย"))
    for paragraph in letter.body:
        para(paragraph, indent=True, align=WD_ALIGN_PARAGRAPH.THAI_JUSTIFY)
    para(letter.late_heading, indent=True)
    for line in letter.late:
        para(line, indent=True)
    para(letter.closing, indent=True)
    para()
    para(_("ขอแสดงความนับถือ"), align=WD_ALIGN_PARAGRAPH.CENTER)
    para()
    para()
    para(f"({letter.signer_name})", align=WD_ALIGN_PARAGRAPH.CENTER)
    para(letter.signer_position, align=WD_ALIGN_PARAGRAPH.CENTER)
    para()
    para(letter.contact_unit)
    para(_("โทร. %(phone)s") % {"phone": letter.contact_phone})
    status_report_docx_table(document, letter.status_report, d)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def letter_pdf(letter: LetterContent, *, thai_digits=True) -> bytes:
    d = _digits(thai_digits)
    html = render_to_string(
        "documents/pdf/letter.html",
        {
            "letter": letter, "font_faces": font_faces(), "d_date": letter.dated(thai_digits),
            "d_doc_no": d(letter.doc_no), "d_body": [d(p) for p in letter.body],
            "d_late_heading": d(letter.late_heading), "d_closing": d(letter.closing),
            "d_late": [d(line) for line in letter.late],
            "d_phone": d(letter.contact_phone), "d_reference": d(letter.reference), "d_enclosure": d(letter.enclosure),
            "d_subject": d(letter.subject), "d_address": d(letter.address),
            "report_html": status_report_html(letter.status_report, thai_digits=thai_digits, standalone=False),
        },
    )
    return html_to_pdf(html)


def draft_letter(round_, *, province=None, doc_no="", date=None, reference="", signer_name="", signer_position="",
                 contact_unit="", contact_phone="") -> LetterContent:
    """The follow-up letter modelled on the two seed letters: the department writes to every
    governor naming the late provinces, or a province writes to its district offices naming the
    late districts; the status report is the enclosure. Its wording is in documents/letter/*.txt."""
    entry_deadline, confirm_deadline = national_deadlines(round_)
    context = {"system": SYSTEM_NAME, "title": REPORT_TITLE, "province": province,
               "entry_deadline": thai_date(entry_deadline, long=True),
               "confirm_deadline": thai_date(confirm_deadline, long=True)}
    if province is None:
        report = national_report(round_)
        groups = [(Progress.LABELS[key], [row.name for row in report.rows if row.status == key])
                  for key in (Progress.NOT_STARTED, Progress.IN_PROGRESS)]
        context.update(late_groups=[(label, names) for label, names in groups if names],
                       late_count=sum(len(names) for _label, names in groups))
        parts = template_parts("documents/letter/national.txt", context)
    else:
        status = province_status(round_, province)
        report = province_report(round_, province, status)
        context.update(late_rows=[row for row in status.rows if row.needs_follow_up], area_count=len(status.areas))
        parts = template_parts("documents/letter/province.txt", context)

    def part(name):
        return " ".join(parts.get(name, []))

    return LetterContent(
        agency=part("agency"), address=part("address"), doc_no=doc_no or part("doc_no"),
        date=date or timezone.localdate(), subject=part("subject"), salutation=part("salutation"),
        reference=reference, enclosure=part("enclosure"), body=parts["body"], late_heading=part("late_heading"),
        late=parts.get("late", []), closing=part("closing"), signer_name=signer_name or _("ลงชื่อ"),
        signer_position=signer_position or part("signer_position"),
        contact_unit=contact_unit or part("contact_unit"), contact_phone=contact_phone or settings.HELPDESK_PHONE,
        status_report=report,
    )
