import io

import pytest
from pypdf import PdfReader

from conftest import PASSWORD
from wts.accounts.models import User
from wts.geography.models import District

pytestmark = pytest.mark.browser


def login(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def test_provadmin_creates_accounts_and_a_district_logs_in_with_its_slip_and_must_change_it(
    world, live_server, page, browser,
):
    District.objects.create(code="4803", province=world.np, name_th="ท่าอุเทน", name_en="Tha Uthen",
                            municipality_count=1, sao_count=5, positions_framework=3, positions_filled=2)
    csp_violations = []
    page.on("console", lambda msg: csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("dialog", lambda dialog: dialog.accept())

    login(page, live_server.url, "provadmin-48", PASSWORD)
    page.click("text=จัดการบัญชีผู้ใช้")
    page.wait_for_url(f"{live_server.url}/accounts/manage/province/48/")
    assert "ยังไม่มีบัญชี" in page.inner_text("main")
    page.click("text=สร้างบัญชีและพิมพ์ใบแจ้งรหัสผ่าน")
    page.wait_for_selector("#issued")
    assert page.inner_text("#issued [data-username]") == "district-4803"
    shown_password = page.inner_text("#issued [data-password]")

    with page.expect_download() as download_info:
        page.click("text=ดาวน์โหลดใบแจ้งรหัสผ่าน (PDF)")
    pdf = PdfReader(io.BytesIO(open(download_info.value.path(), "rb").read()))
    slip_text = "\n".join(p.extract_text() for p in pdf.pages)
    slip_password = slip_text.split("รหัสผ่านแรก")[1].split()[0]
    assert slip_password == shown_password
    assert "district-4803" in slip_text
    assert csp_violations == []

    district_context = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok")
    district = district_context.new_page()
    district.set_default_timeout(15000)
    district.on("console", lambda msg: csp_violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    login(district, live_server.url, "district-4803", slip_password)
    district.wait_for_url(f"{live_server.url}/accounts/password/")
    assert "กรุณาตั้งรหัสผ่านใหม่ก่อนเริ่มใช้งาน" in district.inner_text("main")
    district.goto(f"{live_server.url}/entry/")
    assert district.url == f"{live_server.url}/accounts/password/"

    district.fill("#id_old_password", slip_password)
    district.fill("#id_new_password1", "district-4803-new")
    district.fill("#id_new_password2", "district-4803-new")
    with district.expect_navigation():
        district.click("main button[type=submit]")
    assert "ชื่อผู้ใช้" in district.inner_text("main .errorlist")  # the new password may not contain the user name
    district.fill("#id_old_password", slip_password)
    district.fill("#id_new_password1", "Mekong-Sunset-Boat")
    district.fill("#id_new_password2", "Mekong-Sunset-Boat")
    with district.expect_navigation():
        district.click("main button[type=submit]")
    assert "เปลี่ยนรหัสผ่านแล้ว" in district.inner_text("main")
    district.goto(f"{live_server.url}/entry/")
    assert district.url == f"{live_server.url}/entry/"
    assert "ท่าอุเทน" in district.inner_text("main")
    assert not User.objects.get(username="district-4803").must_change_password
    assert csp_violations == []
    district_context.close()
