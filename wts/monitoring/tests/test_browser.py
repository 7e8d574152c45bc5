import io

import pytest
from pypdf import PdfReader

from conftest import PASSWORD

from .helpers import record, submitted

pytestmark = pytest.mark.browser


def test_department_admin_drills_into_nakhon_phanom_and_downloads_the_pdf(live_server, world, page):
    submitted(world.round, world.np_mueang)
    record(world.round, world.np_pla_pak, partial=2)
    page.goto(f"{live_server.url}/accounts/login/?next=/monitoring/")
    page.fill("#id_username", world.dept_admin.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/monitoring/")
    board = page.locator("[data-testid=national-board]")
    assert board.locator("tr[data-province='48']").inner_text().count("อยู่ระหว่างการบันทึก") == 1
    # the vendored chart library drew the three series from the JSON element
    assert page.evaluate("() => Chart.getChart('progress-chart').data.datasets.length") == 3
    page.click("text=เลือกจังหวัดที่ยังไม่บันทึกข้อมูล")  # board.js ticks the provinces nobody has started
    assert page.is_checked("input[name=provinces][value='47']")
    assert not page.is_checked("input[name=provinces][value='48']")

    page.click("text=นครพนม")
    page.wait_for_url("**/monitoring/province/48/**")
    rows = page.locator("[data-testid=province-board] tbody tr")
    assert rows.count() == 2
    assert "ส่งแล้ว รอการยืนยัน" in page.locator("tr[data-district='4801']").inner_text()

    with page.expect_download() as info:
        page.click("text=แบบรายงานสถานะ (PDF)")
    download = info.value
    assert download.suggested_filename == "status-report-2569-48.pdf"
    with open(download.path(), "rb") as fh:
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages)
    assert "จังหวัดนครพนม" in text and "1 อ. บันทึกข้อมูลครบ" in text

    page.click("text=อำเภอเมืองนครพนม")
    page.wait_for_url("**/monitoring/district/4801/**")
    assert "ประวัติการเปลี่ยนแปลง" in page.content()
