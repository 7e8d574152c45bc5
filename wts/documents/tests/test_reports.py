"""The files say what the board says: PDF text read back with pypdf, XLSX cells with openpyxl,
the letter's DOCX paragraphs with python-docx."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from wts.documents import reports
from wts.documents.render import pdf
from wts.documents.tests.artefacts import docx_text, keep_rendered_pages
from wts.lib.thai import BANGKOK
from wts.monitoring.status import national_status
from wts.monitoring.tests.helpers import record, submitted

pytestmark = pytest.mark.django_db
STAMP = dt.datetime(2026, 9, 8, 10, 0, tzinfo=BANGKOK)


def same_am(text: str) -> str:
    """Sarabun draws sara am (ำ) as nikhahit + the sara aa glyph, so a PDF's text layer cannot tell
    ำ from า; compare with both folded to า."""
    return text.replace("\u0e4d\u0e32", "\u0e32").replace("\u0e33", "\u0e32")


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return same_am("\n".join(page.extract_text() for page in reader.pages))


def in_pdf(needle: str, text: str) -> bool:
    return same_am(needle) in text


@pytest.fixture
def progress(world):
    submitted(world.round, world.np_mueang, at=STAMP - dt.timedelta(days=1))
    submitted(world.round, world.np_pla_pak, at=STAMP)
    record(world.round, world.sk_mueang, partial=1, at=STAMP - dt.timedelta(days=2))
    return world


def test_national_pdf_is_a4_with_sarabun_and_says_what_the_board_says(progress):
    response = progress.client_for(progress.dept_admin).get(reverse("documents:national_report", args=["pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    fonts = {str(f["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert any("Sarabun" in name for name in fonts)
    text = pdf_text(response.content)
    assert in_pdf(reports.REPORT_TITLE, text.replace("\n", ""))
    status = national_status(progress.round)
    lines = text.splitlines()
    for number, row in enumerate(status.rows, start=1):
        assert f"{number} {same_am(row.province.name_th)} {same_am(str(row.status_label))}" in lines
    assert in_pdf("1 จ. ทถอ. บันทึกข้อมูลครบ", text)
    assert in_pdf("1 จ. ทถอ. อยู่ระหว่างการบันทึก", text)
    assert in_pdf("0 จ. ทถอ. ยังไม่บันทึกข้อมูล", text)
    assert in_pdf("อัปเดตล่าสุด 8 ก.ย. 2569 เวลา 10:00 น.", text)
    assert in_pdf("หมายเหตุ", text)


def test_national_pdf_in_thai_digits(progress):
    response = progress.client_for(progress.dept_viewer).get(
        reverse("documents:national_report", args=["pdf"]), {"digits": "thai"}
    )
    text = pdf_text(response.content)
    assert in_pdf("๑ จ. ทถอ. บันทึกข้อมูลครบ", text)
    assert in_pdf("อัปเดตล่าสุด ๘ ก.ย. ๒๕๖๙ เวลา ๑๐:๐๐ น.", text)


def test_national_xlsx_cells_match_the_board(progress):
    response = progress.client_for(progress.dept_admin).get(reverse("documents:national_report", args=["xlsx"]))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A1"].value == reports.REPORT_TITLE
    assert [ws.cell(row=4, column=c).value for c in (1, 2, 3)] == ["ที่", "จังหวัด", "สถานะ"]
    rows = [(ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value, ws.cell(row=r, column=3).value)
            for r in (5, 6)]
    assert rows == [(1, "นครพนม", "ทถอ. บันทึกข้อมูลครบ"), (2, "สกลนคร", "ทถอ. อยู่ระหว่างการบันทึก")]
    detail = load_workbook(io.BytesIO(response.content))["ตัวเลขประกอบ"]
    assert [c.value for c in detail[2]][:8] == ["นครพนม", 2, 0, 0, 2, 2, 0, 0]
    assert [c.value for c in detail[3]][:8] == ["สกลนคร", 2, 1, 1, 0, 0, 0, 0]
    values = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "อัปเดตล่าสุด 8 ก.ย. 2569 เวลา 10:00 น." in values
    assert any(v.endswith(reverse("monitoring:help_role", args=["director"]) + "#confirm") for v in values)


def test_province_report_lists_its_districts(progress):
    client = progress.client_for(progress.director)
    text = pdf_text(client.get(reverse("documents:province_report", args=["48", "pdf"])).content)
    assert in_pdf("จังหวัดนครพนม", text) and in_pdf("อำเภอเมืองนครพนม", text) and in_pdf("อำเภอปลาปาก", text)
    assert in_pdf("2 อ. บันทึกข้อมูลครบ", text)
    assert not in_pdf("อำเภอเมืองสกลนคร", text)
    ws = load_workbook(io.BytesIO(client.get(reverse("documents:province_report", args=["48", "xlsx"])).content)).active
    assert ws.cell(row=4, column=2).value == "อำเภอ"
    assert {ws.cell(row=5, column=2).value, ws.cell(row=6, column=2).value} == {"อำเภอเมืองนครพนม", "อำเภอปลาปาก"}


def test_report_access_follows_the_board(progress):
    client = progress.client_for(progress.director_sk)
    assert client.get(reverse("documents:province_report", args=["48", "pdf"])).status_code == 404
    assert client.get(reverse("documents:national_report", args=["pdf"])).status_code == 403
    assert progress.client_for(progress.officer).get(reverse("documents:province_report", args=["48", "xlsx"])).status_code == 403
    admin = progress.client_for(progress.dept_admin)
    assert admin.get(reverse("documents:national_report", args=["doc"])).status_code == 404
    assert admin.post(reverse("documents:national_report", args=["pdf"])).status_code == 405


def test_report_carries_a_qr_code_to_the_manual(progress):
    report = reports.national_report(progress.round)
    assert report.manual_url.endswith("/monitoring/help/director/#confirm")
    html = pdf.status_report_html(report)
    assert 'src="data:image/svg+xml' in html


def test_department_letter_names_late_provinces_and_deadlines(progress):
    client = progress.client_for(progress.dept_admin)
    url = reverse("documents:national_letter")
    assert client.get(url).status_code == 200  # the form
    response = client.get(url, {"format": "docx", "doc_no": "มท 0812/ว 1960", "signer_name": "นายทดสอบ ระบบดี",
                                "date": "๐๘/๐๙/๒๕๖๙", "thai_digits": "on"})
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "ที่ มท ๐๘๑๒/ว ๑๙๖๐" in text
    assert "๘ กันยายน ๒๕๖๙" in text
    for label in ("เรื่อง", "เรียน", "สิ่งที่ส่งมาด้วย", "ขอแสดงความนับถือ"):
        assert label in text
    assert "ผู้ว่าราชการจังหวัด ทุกจังหวัด" in text
    assert "จังหวัดที่ท้องถิ่นอำเภอยังบันทึกข้อมูลไม่ครบถ้วน จำนวน ๑ จังหวัด" in text
    assert "๑. ทถอ. อยู่ระหว่างการบันทึก ๑ จังหวัด ได้แก่ สกลนคร" in text  # only the late province is named
    assert "ยังไม่บันทึกข้อมูล ๐" not in text
    assert "๑๕ กันยายน ๒๕๖๙" in text and "๒๕ กันยายน ๒๕๖๙" in text
    assert "(นายทดสอบ ระบบดี)" in text
    doc = Document(io.BytesIO(response.content))
    assert doc.tables and doc.tables[0].rows[1].cells[1].text == "นครพนม"  # the status report is attached


def test_province_letter_as_pdf_names_late_districts(progress):
    record(progress.round, progress.np_pla_pak, partial=2)
    client = progress.client_for(progress.director)
    response = client.get(reverse("documents:province_letter", args=["48"]), {"format": "pdf"})
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert in_pdf("อำเภอปลาปาก", text) and in_pdf("ทุกอำเภอ", text)
    assert in_pdf(reports.REPORT_TITLE, text.replace("\n", ""))  # the attachment follows the letter


def test_letter_with_a_bad_date_shows_a_thai_error_and_keeps_the_input(progress):
    client = progress.client_for(progress.dept_admin)
    response = client.get(reverse("documents:national_letter"), {"format": "pdf", "date": "32/13/2569",
                                                                  "signer_name": "นายทดสอบ"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "เดือนต้องอยู่ระหว่าง 1 ถึง 12" in body and "นายทดสอบ" in body and 'value="32/13/2569"' in body


def test_letter_access(progress):
    # Issue 28: the department's viewer sees the page read-only (test_letters_say_what_was_decided.py).
    assert progress.client_for(progress.dept_viewer).get(reverse("documents:national_letter")).status_code == 200
    assert progress.client_for(progress.director).get(reverse("documents:national_letter")).status_code == 403
    assert progress.client_for(progress.director_sk).get(reverse("documents:province_letter", args=["48"])).status_code == 404
    assert progress.client_for(progress.officer).get(reverse("documents:province_letter", args=["48"])).status_code == 403


def test_xlsx_in_thai_digits(progress):
    response = progress.client_for(progress.dept_admin).get(
        reverse("documents:national_report", args=["xlsx"]), {"digits": "thai"}
    )
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["A5"].value == "๑" and ws["B5"].value == "นครพนม"
    values = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert "อัปเดตล่าสุด ๘ ก.ย. ๒๕๖๙ เวลา ๑๐:๐๐ น." in values


def test_the_national_report_lists_76_provinces_in_the_letters_order_on_two_pages(world):
    import random

    from wts.geography.models import District, Province
    from wts.monitoring.tests.test_thai_sort import LETTER_ORDER

    # the world's two provinces (นครพนม, สกลนคร) stay; the other 74 are added in a shuffled order
    others = [name for name in LETTER_ORDER if name not in {"นครพนม", "สกลนคร"}]
    random.Random(76).shuffle(others)
    codes = [str(c) for c in range(10, 100) if c not in (47, 48)]
    for index, name in enumerate(others):
        province = Province.objects.create(code=codes[index], name_th=name, name_en=f"P{index}")
        district = District.objects.create(code=f"{codes[index]}01", province=province, name_th=f"เมือง{name}",
                                           name_en="x")
        if index % 3 == 0:
            record(world.round, district, complete=8)
        elif index % 3 == 1:
            record(world.round, district, partial=1)
    report = reports.national_report(world.round)
    assert [row.name for row in report.rows] == LETTER_ORDER
    content = pdf.status_report_pdf(report)
    keep_rendered_pages("national-report", content)
    assert len(PdfReader(io.BytesIO(content)).pages) == 2
    lines = pdf_text(content).splitlines()
    positions = [lines.index(f"{row.number} {same_am(row.name)} {same_am(row.status_label)}") for row in report.rows]
    assert positions == sorted(positions)
