
import pytest

from conftest import PASSWORD
from wts.audit.models import AuditEvent, Source
from wts.spreadsheets.workbook import round_items
from wts.workflow.models import ItemValue

from .helpers import fill

pytestmark = pytest.mark.browser




def test_officer_downloads_fills_offline_checks_and_imports_the_workbook(open_now, live_server, page, tmp_path):
    world = open_now
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "district-4801")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{live_server.url}/entry/")

    page.goto(f"{live_server.url}/spreadsheets/")
    with page.expect_download() as download:
        page.click("#download-current")
    assert download.value.suggested_filename == "wts-2569-4801.xlsx"
    original = tmp_path / "form.xlsx"
    download.value.save_as(original)

    codes = [i.code for i in round_items(world.round)]
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(fill(original.read_bytes(), {codes[0]: "๑,๒๐๐", codes[1]: -5}))
    page.click("text=อัปโหลดไฟล์ที่กรอกแล้ว")
    page.set_input_files("input[type=file]", str(bad))
    page.click("form.card button[type=submit]")
    assert "พบปัญหา 1 รายการ" in page.inner_text("#plan-summary")
    assert "ต้องไม่ติดลบ" in page.inner_text("#plan")
    assert page.locator("#apply").count() == 0

    good = tmp_path / "good.xlsx"
    good.write_bytes(fill(original.read_bytes(), {codes[0]: "๑,๒๐๐", codes[1]: 5}))
    page.set_input_files("input[type=file]", str(good))
    page.click("form.card button[type=submit]")
    assert "จะเปลี่ยนแปลง 2 ค่า" in page.inner_text("#plan-summary")
    page.click("#apply")
    page.wait_for_url(f"{live_server.url}/entry/")
    assert "นำเข้าข้อมูลจากไฟล์แล้ว เปลี่ยนแปลง 2 ค่า" in page.inner_text(".messages")

    stored = dict(ItemValue.objects.filter(report__district=world.np_mueang).values_list("item__code", "value"))
    assert stored == {codes[0]: 1200, codes[1]: 5}
    assert AuditEvent.objects.filter(action="value.changed", source=Source.IMPORT).count() == 2
