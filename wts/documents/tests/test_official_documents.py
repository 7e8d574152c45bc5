"""Issue 18: documents an officer signs and sends unchanged. Each point is read back from the
file: the PDF's text layer with pdftotext, the DOCX's XML, the XLSX's print set-up."""

import io
import re
import struct
import zipfile
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from wts.audit.models import AuditEvent
from wts.audit.vocabulary import AuditAction
from wts.documents import letters
from wts.documents.models import Emblem
from wts.documents.tests.artefacts import keep_rendered_pages, pdftotext
from wts.lib.pdf_fonts import font_faces, html_to_pdf
from wts.lib.thai import thai_date
from wts.monitoring.tests.helpers import record, submitted

pytestmark = pytest.mark.django_db
THAI_WORDS = ["สำนักงาน", "อำเภอ", "น้ำ", "ค่ำ", "ร่าง", "ปริมาณงาน", "ทำ", "กำหนด", "ซ้ำ"]


def tiny_png(width=20, height=30) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xc8\xa0\x10" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@pytest.fixture
def progress(world):
    submitted(world.round, world.np_mueang)
    record(world.round, world.np_pla_pak, partial=2)
    record(world.round, world.sk_mueang, partial=1)
    return world


def test_pdf_text_layer_gives_back_the_thai_that_was_written():
    html = f"<style>{font_faces()} body {{ font-family: Sarabun; font-size: 16pt }}</style>" + "".join(
        f"<p>{' '.join(THAI_WORDS)}</p><p><b>{' '.join(THAI_WORDS)}</b></p>" for _ in range(2))
    text = pdftotext(html_to_pdf(html))
    for word in THAI_WORDS + ["นา", "งาน"]:
        assert text.split().count(word) == 4 or word in ("นา", "งาน"), word
    assert "อาเภอ" not in text and "สำนักงำน" not in text and "นา้" not in text


def test_every_pdf_of_the_status_report_reads_back_exactly_and_classes_carry_the_prefix(progress):
    client = progress.client_for(progress.dept_admin)
    national = client.get(reverse("documents:national_report", args=["pdf"]), {"digits": "thai"}).content
    text = pdftotext(national)
    assert "ทถอ. บันทึกข้อมูลครบ" in text and "ทถอ. อยู่ระหว่างการบันทึก" in text
    assert "๐ จ. ทถอ. ยังไม่บันทึกข้อมูล" in text
    assert "ปริมาณงานของท้องถิ่นอำเภอ" in text.replace("\n", "")
    assert "๑/๑" in text.replace(" ", "")  # the page number follows the Thai-digit option
    province = client.get(reverse("documents:province_report", args=["48", "pdf"])).content
    keep_rendered_pages("province-report", province)
    text = pdftotext(province)
    assert "อำเภอเมืองนครพนม" in text and "อำเภอปลาปาก" in text and "1/1" in text.replace(" ", "")


def test_status_report_xlsx_prints_one_page_wide_with_the_header_repeated(progress):
    content = progress.client_for(progress.dept_admin).get(reverse("documents:national_report", args=["xlsx"])).content
    ws = load_workbook(io.BytesIO(content)).active
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$4:$4"
    assert ws.print_area == f"'{ws.title}'!$A$1:$D${ws.max_row}"


def _letter(client, province=None, **params):
    url = reverse("documents:province_letter", args=[province]) if province else reverse("documents:national_letter")
    return client.get(url, {"thai_digits": "on", "signer_name": "นายทดสอบ ระบบดี", **params})


def test_letter_docx_sets_complex_script_bold_font_and_size_and_thai_page_numbers(progress):
    client = progress.client_for(progress.dept_admin)
    content = _letter(client, format="docx", urgency="ด่วนที่สุด").content
    with zipfile.ZipFile(io.BytesIO(content)) as docx:
        body = docx.read("word/document.xml").decode()
        styles = docx.read("word/styles.xml").decode()
        headers = "".join(docx.read(n).decode() for n in docx.namelist() if n.startswith("word/header"))
    assert body.count("<w:b/>") > 0 and body.count("<w:b/>") == body.count("<w:bCs/>")
    assert body.count("<w:sz ") == body.count("<w:szCs ")
    assert 'w:cs="TH Sarabun New"' in styles and '<w:szCs w:val="32"/>' in styles
    assert "PAGE \\* ThaiArabic" in headers and "- " in headers
    assert "ด่วนที่สุด" in body and 'w:val="D00000"' in body and '<w:szCs w:val="64"/>' in body
    assert 'w:titlePg' in body  # no number on the first page


def test_without_an_emblem_the_form_says_so_and_the_letter_leaves_the_place_empty(progress):
    client = progress.client_for(progress.dept_admin)
    assert "ยังไม่มีภาพตราครุฑ" in client.get(reverse("documents:national_letter")).content.decode()
    text = pdftotext(_letter(client, format="pdf").content)
    assert "ที่ตราครุฑ" in text


def test_department_uploads_the_emblem_once_and_both_letter_forms_carry_it(progress):
    client = progress.client_for(progress.dept_admin)
    png = tiny_png()
    upload = io.BytesIO(png)
    upload.name = "garuda.png"
    response = client.post(reverse("documents:emblem"), {"image": upload})
    assert response.status_code == 302
    assert bytes(Emblem.current().image) == png
    assert AuditEvent.objects.filter(action=AuditAction.EMBLEM_UPLOADED, actor=progress.dept_admin).count() == 1
    assert "ยังไม่มีภาพตราครุฑ" not in client.get(reverse("documents:national_letter")).content.decode()
    with zipfile.ZipFile(io.BytesIO(_letter(client, format="docx").content)) as docx:
        assert any(name.startswith("word/media/") for name in docx.namelist())
    external = _letter(client, format="pdf", urgency="ด่วน").content
    keep_rendered_pages("letter-external", external)
    text = pdftotext(external)
    assert "ด่วน" in text and "ที่ตราครุฑ" not in text and "ขอแสดงความนับถือ" in text
    memo = _letter(client, format="pdf", kind="memo", urgency="ด่วนมาก").content
    keep_rendered_pages("letter-memo", memo)
    text = pdftotext(memo)
    assert "บันทึกข้อความ" in text and "ส่วนราชการ" in text and "ด่วนมาก" in text
    assert "ขอแสดงความนับถือ" not in text
    assert "\u2010 ๑ \u2010" not in text and "- ๑ -" not in text  # the first page carries no number


@pytest.mark.parametrize("name, data", [
    ("a.png", b"not an image"),
    ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"></svg>'),
    ("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024 + 1)),
])
def test_emblem_upload_refuses_anything_but_a_plain_png_or_svg_within_1_mb(progress, name, data):
    upload = io.BytesIO(data)
    upload.name = name
    response = progress.client_for(progress.dept_admin).post(reverse("documents:emblem"), {"image": upload})
    assert response.status_code == 400
    assert Emblem.objects.count() == 0 and not AuditEvent.objects.filter(action=AuditAction.EMBLEM_UPLOADED).exists()


def test_emblem_page_is_the_department_admins(progress):
    assert progress.client_for(progress.dept_viewer).get(reverse("documents:emblem")).status_code == 403
    assert progress.client_for(progress.director).get(reverse("documents:emblem")).status_code == 403
    assert progress.client_for(progress.dept_admin).get(reverse("documents:emblem")).status_code == 200


def test_province_letter_states_each_fact_once_and_its_deadline_agrees_with_the_list(progress):
    record(progress.round, progress.np_pla_pak, complete=8)
    letter = letters.draft_letter(progress.round, province=progress.np)
    text = "\n".join(letter.body + letter.late)
    assert "บันทึกข้อมูลครบ บันทึกครบ" not in text
    assert "บันทึกครบ 8 ด้าน ยังไม่ส่งให้จังหวัด" in text  # one wording for the state (issue 27 §6)
    deadline = thai_date(timezone.localdate(progress.round.entry_closes_at), long=True)
    entry_item = next(p for p in letter.body if p.startswith("1. ขอให้ท้องถิ่นอำเภอ"))
    assert f"ภายในวันที่ {deadline}" in entry_item
    assert all("กำหนดส่ง" not in line for line in letter.late)  # the body's one deadline covers every line


def test_signers_position_is_not_broken_inside_a_word(progress):
    client = progress.client_for(progress.dept_admin)
    position = "ปฏิบัติราชการแทนท้องถิ่นจังหวัดนครพนม"
    text = pdftotext(_letter(client, "48", format="pdf", signer_position=position).content)
    lines = [line.strip() for line in text.splitlines()]
    assert position in lines, [line for line in lines if "ผู้อำนวยการ" in line or "อำเภอ" in line][-4:]


def garuda_stand_in_svg() -> bytes:
    """An SVG 0.9 times as wide as high, drawn with a gradient, a path and a circle: the project ships
    no Garuda."""
    return (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 90 100" width="90" height="100">'
            b'<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#f5c400"/>'
            b'<stop offset="1" stop-color="#b8860b"/></linearGradient></defs>'
            b'<path d="M45 5 L60 30 L85 35 L65 55 L70 90 L45 75 L20 90 L25 55 L5 35 L30 30 Z" fill="url(#g)"'
            b' stroke="#7a0000" stroke-width="2"/><circle cx="45" cy="45" r="10" fill="#c00000"/></svg>')


def _upload(client, name, data):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("documents:emblem"), {"image": upload})


@pytest.mark.parametrize("kind, height_cm", [("external", 3.0), ("memo", 1.5)])
def test_an_uploaded_svg_emblem_is_in_the_docx_at_its_official_size(progress, kind, height_cm):
    from PIL import Image

    client = progress.client_for(progress.dept_admin)
    assert _upload(client, "garuda.svg", garuda_stand_in_svg()).status_code == 302
    assert Emblem.current().content_type == Emblem.SVG
    with zipfile.ZipFile(io.BytesIO(_letter(client, format="docx", kind=kind).content)) as docx:
        media = [name for name in docx.namelist() if name.startswith("word/media/")]
        body = docx.read("word/document.xml").decode()
        rels = docx.read("word/_rels/document.xml.rels").decode()
        # Two pictures: the Garuda at the top, the attachment's QR code (issue 27 §5) at the end.
        embed, _qr = re.findall(r'<a:blip r:embed="(rId\d+)"', body)
        (target,) = re.findall(rf'Id="{embed}"[^>]*Target="(media/[^"]+)"', rels)
        assert len(media) == 2 and target.endswith(".png")
        picture = Image.open(io.BytesIO(docx.read(f"word/{target}")))
    (cx, cy), _qr_extent = [(int(x), int(y)) for x, y in re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"/>', body)]
    assert cy == round(height_cm * 360000)  # EMU: 360,000 a centimetre
    assert abs(cx / cy - 0.9) < 0.01  # the SVG's own proportions
    assert picture.height >= 700 and round(picture.info["dpi"][1]) == 600  # 3 cm at 600 dpi
    assert picture.mode == "RGBA" and picture.getextrema()[3] == (0, 255)  # drawn, on a transparent ground


def test_an_svg_that_draws_nothing_is_refused(progress):
    client = progress.client_for(progress.dept_admin)
    response = _upload(client, "empty.svg", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>')
    assert response.status_code == 400 and "วาดภาพจากไฟล์ SVG นี้ไม่ได้" in response.content.decode()
    assert Emblem.objects.count() == 0


def test_the_urgency_mark_stands_beside_the_garuda_and_moves_nothing_down(progress):
    client = progress.client_for(progress.dept_admin)
    assert _upload(client, "garuda.png", tiny_png()).status_code == 302
    with zipfile.ZipFile(io.BytesIO(_letter(client, format="docx", urgency="ด่วนที่สุด").content)) as docx:
        first = re.findall(r"<w:p[ >].*?</w:p>", docx.read("word/document.xml").decode(), re.S)[0]
    assert "ด่วนที่สุด" in first and "<w:drawing>" in first and re.search(r'<w:tab w:pos="\d+" w:val="center"', first)
    bbox = pdftotext(_letter(client, format="pdf", urgency="ด่วนที่สุด").content, "-bbox", "-f", "1", "-l", "1")
    (y_min, y_max), = [(float(a), float(b)) for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">ด่วนที่สุด<', bbox)]
    top, emblem = 1.5 * 72 / 2.54, 3.2 * 72 / 2.54  # first page's top margin; the Garuda's 3 cm and its gap
    assert top + 1.5 * 72 / 2.54 <= y_min and y_max <= top + emblem  # beside the Garuda's lower half, not above it


def test_both_sheets_of_the_status_workbook_print_one_page_wide_with_room_for_thai(progress):
    content = progress.client_for(progress.dept_admin).get(reverse("documents:national_report", args=["xlsx"])).content
    workbook = load_workbook(io.BytesIO(content))
    report, figures = workbook.worksheets
    assert "A1:D1" in report.merged_cells and report["A1"].alignment.wrap_text  # the title wraps inside the page
    assert all(report.row_dimensions[r].height >= 24 for r in range(1, report.max_row + 1))  # marks above and below
    assert figures.sheet_properties.pageSetUpPr.fitToPage is True
    assert (figures.page_setup.fitToWidth, figures.page_setup.fitToHeight) == (1, 0)
    assert figures.page_setup.orientation == "landscape" and figures.print_title_rows == "$1:$1"
    assert figures.print_area == f"'{figures.title}'!$A$1:$I${figures.max_row}"
    assert all(figures.row_dimensions[r].height >= 24 for r in range(1, figures.max_row + 1))
