"""The letter as an editable DOCX (python-docx), its attachment the status report's table."""

import io

from django.utils.translation import gettext as _

from wts.lib.images import ImageError
from wts.lib.thai import to_thai_digits
from wts.lib.thai_words import thai_words, with_word_breaks

from ..letters import LetterContent
from ..reports import StatusReport
from . import digits

# The attachment's columns (cm), fitted to their content as in the PDF: "ทถอ. อยู่ระหว่างการบันทึก" on one line.
NUMBER_CM, NAME_CM, STATUS_CM, CONFIRMATION_CM = 1.3, 5.0, 5.6, 5.1
TABLE_POINTS = 11


def _row_properties(row, *, header=False):
    """A row is never split across pages; the header row repeats on every page (w:cantSplit, w:tblHeader)."""
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(tr_pr.makeelement(qn("w:cantSplit"), {}))
    if header:
        tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))


def _cell_text(cell, text, *, bold=False, width=None):
    from docx.shared import Pt

    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.line_spacing = 1.0
    paragraph.paragraph_format.space_after = Pt(0)
    complex_script_run(paragraph.add_run(text), size_pt=TABLE_POINTS, bold=bold)
    if width is not None:
        cell.width = width


def status_report_docx_table(document, report: StatusReport, d):
    """The status report as the letter's attachment, on its own pages with the PDF's margins and no
    page number, its table fitted, its header repeated and no row split, the QR code as an image."""
    from docx.enum.section import WD_SECTION
    from docx.shared import Cm, Pt

    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.top_margin, section.bottom_margin = Cm(1.3), Cm(1.3)
    section.left_margin, section.right_margin = Cm(2.2), Cm(1.8)
    section.different_first_page_header_footer = False
    section.header.is_linked_to_previous = False
    for paragraph in section.header.paragraphs:
        for run in list(paragraph.runs):
            run._r.getparent().remove(run._r)
    heading = document.add_paragraph()
    heading.alignment = 1  # centred
    complex_script_run(heading.add_run(f"{report.title}\n{report.scope} · {d(str(report.round))}"), bold=True, size_pt=14)
    headers = [_("ที่"), report.unit_heading, _("สถานะ")]
    widths = [Cm(NUMBER_CM), Cm(NAME_CM), Cm(STATUS_CM)]
    if report.shows_confirmation:
        headers.append(_("การยืนยันของจังหวัด"))
        widths.append(Cm(CONFIRMATION_CM))
    else:
        widths[1] = Cm(NAME_CM + CONFIRMATION_CM)
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
        _cell_text(cell, text, bold=True, width=width)
    _row_properties(table.rows[0], header=True)
    for r in report.rows:
        row = table.add_row()
        values = [d(r.number), r.name, r.status_label] + ([d(r.confirmation)] if report.shows_confirmation else [])
        for cell, text, width in zip(row.cells, values, widths, strict=True):
            _cell_text(cell, text, width=width)
        _row_properties(row)

    def small(text="", *, bold=False):
        p = document.add_paragraph()
        p.paragraph_format.line_spacing = 1.0
        p.paragraph_format.space_after = Pt(0)
        if text:
            complex_script_run(p.add_run(text), size_pt=12, bold=bold)
        return p

    small()
    small(_("หมายเหตุ:"), bold=True)
    for i, note in enumerate(report.notes, start=1):
        small(f"{d(i)}. {d(note)}")
    for line in report.count_lines():
        small(d(line), bold=True)
    small(d(report.updated_text), bold=True)
    qr = small()
    qr.alignment = 1
    qr.paragraph_format.keep_together = True
    qr.add_run().add_picture(io.BytesIO(qr_png(report.manual_url)), height=Cm(2.6))
    caption = small(_("QR Code คู่มือการใช้งานระบบ (วิธีการตรวจสอบและยืนยันข้อมูล)"))
    caption.alignment = 1
    qr.paragraph_format.keep_with_next = True


def qr_png(url: str) -> bytes:
    import base64

    import segno

    uri = segno.make(url, error="m").png_data_uri(scale=8, border=1)
    return base64.b64decode(uri.split(",", 1)[1])


def complex_script_run(run, *, size_pt=None, bold=None, color=None):
    """Set a run's size and bold for Latin and complex script alike (w:sz/w:szCs, w:b/w:bCs):
    Word draws Thai with the complex-script properties, so without them Thai bold is not bold."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    rpr = run._r.get_or_add_rPr()
    if bold:
        run.bold = True
        rpr.append(rpr.makeelement(qn("w:bCs"), {}))
    if size_pt:
        run.font.size = Pt(size_pt)
        rpr.append(rpr.makeelement(qn("w:szCs"), {qn("w:val"): str(int(size_pt * 2))}))
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    return run


def _page_number_header(section, thai_digits: bool):
    """'- ๒ -' centred at the top of every page but the first (งานสารบรรณ, ภาคผนวก 3)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("- ")
    # Word shows "- ๒ -"; LibreOffice 7.4 reads this switch as Thai letters ("- ข -") and ignores
    # the section format w:fmt="thaiNumbers" (tried: "- 2 -"), so the switch stays.
    field = "PAGE \\* ThaiArabic" if thai_digits else "PAGE"
    for kind, text in (("begin", None), (None, field), ("separate", None), (None, "2"), ("end", None)):
        run = p.add_run()
        if kind:
            run._r.append(run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind}))
        elif text == field:
            instr = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            instr.text = f" {field} "
            run._r.append(instr)
        else:
            run.text = to_thai_digits(text) if thai_digits else text
    p.add_run(" -")


def _emblem_png(emblem) -> bytes | None:
    """The emblem as Word places it: a PNG (an uploaded SVG drawn as one), or None for none."""
    if emblem is None:
        return None
    try:
        return emblem.png()
    except ImageError:
        return None  # an SVG uploaded before uploads were drawn to check them


# Where the agency's lines start on an external letter, from the left margin (the text is 16 cm wide).
AGENCY_CM = 7.5


def breakable(text: str) -> str:
    """Body text as typed: Word and LibreOffice break Thai between words with their own dictionary
    (the runs say Thai, w:lang bidi th-TH). No zero-width spaces here: officers edit and search it."""
    return text


NO_BREAK_SPACE, WORD_JOINER = "\u00a0", "\u2060"


def unbroken(text: str) -> str:
    """A name or a number kept on one line (ที่ นพ ๐๐๒๓.๓/ว ๑๒๓, กลุ่มพัฒนาระบบบริหาร): no-break
    spaces, and a word joiner wherever a line could otherwise break inside it."""
    if not text:
        return text
    return WORD_JOINER.join(thai_words(text.replace(" ", NO_BREAK_SPACE)))


def letter_docx(letter: LetterContent, *, thai_digits=True) -> bytes:
    """Editable DOCX in TH Sarabun New 16 pt, the font of Thai official letters, with every font,
    size and bold set for complex script too. Sizes: ระเบียบงานสารบรรณ (แก้ไขถึง พ.ศ. 2564), ภาคผนวก 3,
    as found in secondary sources, to be checked: left margin 3 cm, right 2 cm, ครุฑ 3 cm (external
    letter) or 1.5 cm (memo), urgency in red of at least 32 pt (ข้อ 16)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    d = digits(thai_digits)
    font_name = "TH Sarabun New"
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(1.5), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    _page_number_header(section, thai_digits)
    for style_name in ("Normal", "Header", "Table Grid"):
        try:
            style = document.styles[style_name]
        except KeyError:
            continue
        style.font.name = font_name
        rpr = style.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(rfonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(attr), font_name)
        if style_name != "Table Grid":
            style.font.size = Pt(16)
            rpr.append(rpr.makeelement(qn("w:szCs"), {qn("w:val"): "32"}))
        # Thai as the complex-script language: Word breaks Thai lines with its Thai dictionary.
        rpr.append(rpr.makeelement(qn("w:lang"), {qn("w:bidi"): "th-TH"}))
    document.styles["Normal"].paragraph_format.space_after = Pt(0)

    def para(text="", *, align=None, bold_label=None, label_size=None, hang=None, indent=False, keep=False,
             size=None):
        p = document.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Cm(2.5)
        if keep:
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.keep_together = True
        if bold_label and hang:
            # เรื่อง, เรียน, อ้างถึง, สิ่งที่ส่งมาด้วย: the text after a tab, its next lines under it.
            p.paragraph_format.left_indent, p.paragraph_format.first_line_indent = Cm(hang), Cm(-hang)
            p.paragraph_format.tab_stops.add_tab_stop(Cm(hang))
            complex_script_run(p.add_run(bold_label + "\t"), bold=True, size_pt=label_size or size)
        elif bold_label:
            complex_script_run(p.add_run(bold_label + " "), bold=True, size_pt=label_size or size)
        complex_script_run(p.add_run(d(text)), size_pt=size)
        return p

    def urgency(paragraph):
        complex_script_run(paragraph.add_run(letter.urgency), bold=True, size_pt=32, color="D00000")

    if letter.urgency and letter.is_memo:
        urgency(document.add_paragraph())
    emblem_height = Cm(1.5) if letter.is_memo else Cm(3.0)
    emblem_p = document.add_paragraph()
    emblem_p.alignment = WD_ALIGN_PARAGRAPH.LEFT if letter.is_memo else WD_ALIGN_PARAGRAPH.CENTER
    if letter.urgency and not letter.is_memo:
        # Left of the Garuda, which a centre tab keeps in the middle of the line: the mark moves
        # nothing down, as on the seed letters.
        emblem_p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        emblem_p.paragraph_format.tab_stops.add_tab_stop(Cm(8.0), WD_TAB_ALIGNMENT.CENTER)
        urgency(emblem_p)
        emblem_p.add_run("\t")
    picture = _emblem_png(letter.emblem)
    if picture is not None:
        emblem_p.add_run().add_picture(io.BytesIO(picture), height=emblem_height)
    else:
        emblem_p.paragraph_format.space_before = emblem_height  # the place stays empty, its height kept
    if letter.is_memo:
        emblem_p.paragraph_format.tab_stops.add_tab_stop(Cm(8.0), WD_TAB_ALIGNMENT.CENTER)  # the title centred
        title = emblem_p.add_run("\t" + _("บันทึกข้อความ"))
        complex_script_run(title, bold=True, size_pt=29)
        # ส่วนราชการ, ที่, วันที่, เรื่อง in bold 20 pt, as the PDF memo (ภาคผนวก 3, แบบบันทึกข้อความ).
        # A unit's name is never broken: "กลุ่มพัฒนาระบบบริหาร" stays one piece on its line.
        phone = _("โทร. %(phone)s") % {"phone": letter.contact_phone}
        para(" ".join(unbroken(name) for name in (letter.agency, letter.contact_unit, phone) if name),
             bold_label=_("ส่วนราชการ"), label_size=20, hang=3.75)
        p = para(unbroken(_("ที่ %(no)s") % {"no": d(letter.doc_no)}), bold_label=None, label_size=20)
        complex_script_run(p.add_run("\t\t" + _("วันที่") + " "), bold=True, size_pt=20)
        p.add_run(letter.dated(thai_digits))
        para(breakable(letter.subject), bold_label=_("เรื่อง"), label_size=20, hang=1.5)
        para(breakable(letter.salutation), bold_label=_("เรียน"), hang=1.25)
    else:
        # "ที่" on the agency's first line; the agency's lines start together at the right (a
        # hanging indent: the tab after "ที่ ..." reaches the agency's column). ที่ never wraps.
        head = para(unbroken(_("ที่ %(no)s") % {"no": letter.doc_no}) + "\t" + letter.agency)
        head.paragraph_format.left_indent, head.paragraph_format.first_line_indent = Cm(AGENCY_CM), Cm(-AGENCY_CM)
        head.paragraph_format.tab_stops.add_tab_stop(Cm(AGENCY_CM))
        for line in letter.address:
            address = para(line)
            address.paragraph_format.left_indent = Cm(AGENCY_CM)
        para(letter.dated(thai_digits), align=WD_ALIGN_PARAGRAPH.CENTER)
        # Tab stops a little past each label's width in Sarabun, wider than TH Sarabun New.
        para(breakable(letter.subject), bold_label=_("เรื่อง"), hang=1.25)
        para(breakable(letter.salutation), bold_label=_("เรียน"), hang=1.25)
        if letter.reference:
            para(breakable(letter.reference), bold_label=_("อ้างถึง"), hang=1.75)
        para(breakable(letter.enclosure), bold_label=_("สิ่งที่ส่งมาด้วย"), hang=3.5)
    for paragraph in letter.body:
        para(breakable(paragraph), indent=True, align=WD_ALIGN_PARAGRAPH.THAI_JUSTIFY)
    para(breakable(letter.late_heading), indent=True)
    # The last line of the text, the closing, the signature and the owner unit travel together
    # (keep with next, each kept whole): none of them alone on a page (issue 27 §5).
    tail_from = len(letter.late) - (0 if letter.after else 1)
    for i, line in enumerate(letter.late):
        para(breakable(line), indent=True, keep=i >= tail_from)
    for paragraph in letter.after:
        para(breakable(paragraph), indent=True, align=WD_ALIGN_PARAGRAPH.THAI_JUSTIFY, keep=True)
    para(breakable(letter.closing), indent=True, keep=True)
    para(keep=True)
    if not letter.is_memo:
        para(_("ขอแสดงความนับถือ"), align=WD_ALIGN_PARAGRAPH.CENTER, keep=True)
    para(keep=True)
    para(keep=True)
    para(f"({letter.signer_name})", align=WD_ALIGN_PARAGRAPH.CENTER, keep=True)
    lines = letter.position_lines()
    contact = letter.contact_lines() if not letter.is_memo else []
    for i, line in enumerate(lines):
        # A position too long for one line wraps between words only: Thai has no spaces there.
        para(with_word_breaks(line), align=WD_ALIGN_PARAGRAPH.CENTER, keep=bool(contact) or i < len(lines) - 1)
    if contact:
        para(keep=True)
        for i, line in enumerate(contact):
            para(line, keep=i < len(contact) - 1)
    status_report_docx_table(document, letter.status_report, d)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
