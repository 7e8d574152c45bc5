import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from wts.workflow.models import ReportState

from .helpers import record, set_minutes


@pytest.fixture
def data(world):
    set_minutes(world.round, {"1.01": 30})
    record(world.round, world.np_mueang, {"1.01": 2760})  # 1 FTE
    record(world.round, world.np_pla_pak, {"1.01": 8280}, state=ReportState.SUBMITTED)  # 3 FTE, not confirmed
    return world


def sheet_rows(response):
    wb = load_workbook(io.BytesIO(response.content))
    return [[c for c in row] for row in wb.active.iter_rows(values_only=True)]


def test_xlsx_holds_the_same_numbers_and_says_what_they_were_computed_from(data):
    response = data.client_for(data.dept_viewer).get("/analytics/districts.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="wts-districts-2569-' in response["Content-Disposition"]
    rows = sheet_rows(response)
    text = "\n".join(str(r[0]) for r in rows if r and r[0])
    assert "กรมส่งเสริมการปกครองท้องถิ่น" in text
    assert "เฉพาะข้อมูลที่ยืนยันแล้ว (1 รายงาน)" in text
    assert "คำนวณเมื่อ" in text
    mueang = next(r for r in rows if r[1] == "อำเภอเมืองนครพนม")
    assert mueang[0] == 1 and mueang[5] == pytest.approx(1) and mueang[8] == pytest.approx(3)  # 4 filled − 1
    pla_pak = next(r for r in rows if r[1] == "อำเภอปลาปาก")
    assert pla_pak[5] is None and pla_pak[-1] == "ไม่มีข้อมูล"


def test_xlsx_with_unconfirmed_data_marks_the_rows(data):
    rows = sheet_rows(data.client_for(data.dept_admin).get("/analytics/districts.xlsx?include_unconfirmed=on"))
    pla_pak = next(r for r in rows if r[1] == "อำเภอปลาปาก")
    assert pla_pak[5] == pytest.approx(3) and pla_pak[-1] == "รวมข้อมูลที่ยังไม่ยืนยัน"
    assert any("รวมข้อมูลที่ยังไม่ยืนยัน: 1 จาก 2 รายงาน" in str(r[0]) for r in rows)


@pytest.mark.parametrize("slug", ["provinces", "regions", "areas", "per-lgo", "flags"])
def test_every_table_exports_to_xlsx(data, slug):
    response = data.client_for(data.director).get(f"/analytics/{slug}.xlsx")
    assert response.status_code == 200
    assert sheet_rows(response)[0][0] == "กรมส่งเสริมการปกครองท้องถิ่น"


def test_pdf_is_an_a4_landscape_document_in_the_official_style(data):
    response = data.client_for(data.director).get("/analytics/provinces.pdf?include_unconfirmed=on")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert round(float(box.width)) == 842
    fonts = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].get_object().values()}
    assert any("Sarabun" in f for f in fonts)
    text = reader.pages[0].extract_text()
    assert "FTE" in text and "4.00" in text and "CAF" in text
