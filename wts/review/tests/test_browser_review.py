"""The whole review loop in a real browser: submit, return with a reason and a marked item, fix,
resubmit, see the change, confirm."""


import pytest

from conftest import PASSWORD
from wts.workflow.models import DistrictReport, ReportState, ReturnRequest

from .helpers import fill

pytestmark = pytest.mark.browser




def login(browser, live_server, username):
    context = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on("dialog", lambda dialog: dialog.accept())  # the data-confirm prompts
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def test_submit_return_fix_resubmit_and_confirm(open_now, live_server, browser):
    world = open_now
    fill(world, world.np_mueang, world.officer, value=40)
    fy = world.round.fiscal_year

    district = login(browser, live_server, "district-4801")
    district.goto(f"{live_server.url}/entry/")
    district.click("#submit-report")
    district.wait_for_selector(".msg-success")
    assert district.inner_text("#report-state") == "ส่งแล้ว รอการยืนยัน"

    director = login(browser, live_server, "director-48")
    director.goto(f"{live_server.url}/review/")
    director.click("tr[data-district=\"4801\"] >> text=ตรวจสอบ")
    director.wait_for_url(f"**/review/{fy}/district/4801/")
    director.check('input[aria-label="ให้แก้ไขรายการ 2.01"]')
    director.fill("#id_reason", "เรื่องร้องเรียนน้อยกว่าที่บันทึกในระบบร้องเรียน โปรดตรวจสอบ")
    director.click("#return-button")
    director.wait_for_selector(".msg-success")
    assert DistrictReport.objects.get(district=world.np_mueang).state == ReportState.RETURNED

    district.goto(f"{live_server.url}/entry/")
    notice = district.inner_text("#return-notice")
    assert "เรื่องร้องเรียนน้อยกว่าที่บันทึกในระบบร้องเรียน" in notice
    assert "2.01 เรื่องร้องเรียนที่รับและดำเนินการ" in notice
    district.click("#marked-items a")
    field = district.locator("input.count-input").first
    field.fill("๕๕")
    field.press("Enter")
    district.wait_for_selector(".msg-success")
    district.goto(f"{live_server.url}/entry/")
    district.click("#submit-report")
    district.wait_for_selector(".msg-success")

    director.goto(f"{live_server.url}/review/{fy}/district/4801/")
    changes = director.inner_text("#changes-since-return")
    assert "2.01" in changes and "40" in changes and "55" in changes
    director.click("#confirm-button")
    director.wait_for_selector(".msg-success")
    report = DistrictReport.objects.get(district=world.np_mueang)
    assert (report.state, report.confirmed_by) == (ReportState.CONFIRMED, world.director)
    assert ReturnRequest.objects.get().resubmitted_at is not None

    district.goto(f"{live_server.url}/notifications/")
    assert "จังหวัดยืนยันข้อมูลของอำเภอเมืองนครพนมแล้ว" in district.inner_text("main")
    district.goto(f"{live_server.url}/entry/")
    district.wait_for_selector("#bell-count")
