
import pytest

from conftest import PASSWORD
from wts.workflow.models import AreaReport, AreaStatus, ItemValue

pytestmark = pytest.mark.browser




def test_district_officer_fills_an_area_with_thai_digits_and_sees_1_of_8(open_now, live_server, page):
    world = open_now
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "district-4801")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{live_server.url}/entry/")
    assert "0/8" in page.inner_text("#progress")

    page.click("text=ด้านที่ 1")
    inputs = page.locator("input.count-input")
    count = inputs.count()
    assert count >= 4
    thai_values = ["๑,๒๕๐", "๓๖", "๗", "๐", "๑๒", "๔", "๕"][:count]
    for index, value in enumerate(thai_values):
        inputs.nth(index).fill(value)
    inputs.nth(count - 1).press("Enter")  # Enter saves

    page.wait_for_selector(".msg-success")
    assert inputs.nth(0).input_value() == "1250"
    page.click("text=กลับหน้ารวม 8 ด้าน")
    assert "1/8" in page.inner_text("#progress")
    assert page.inner_text('[data-area-status="1"]') == "ครบแล้ว"

    area_report = AreaReport.objects.get(report__district=world.np_mueang, area__number=1)
    assert area_report.status == AreaStatus.COMPLETE
    assert sorted(ItemValue.objects.filter(report__district=world.np_mueang).values_list("value", flat=True)) == sorted(
        int(v.replace(",", "").translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))) for v in thai_values
    )


def test_a_bad_value_is_shown_beside_its_field_on_a_phone(open_now, live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="th-TH")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "district-4801")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/entry/{open_now.round.fiscal_year}/area/2/")
    inputs = page.locator("input.count-input")
    inputs.nth(0).fill("๑๒")
    inputs.nth(1).fill("-4")
    inputs.nth(1).press("Enter")
    error = page.locator(".has-error .errorlist")
    assert "ต้องไม่ติดลบ" in error.inner_text()
    assert inputs.nth(0).input_value() == "๑๒"
    assert inputs.nth(1).input_value() == "-4"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # no sideways scrolling on a phone
    context.close()


def _log_in(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "district-4801")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{live_server.url}/entry/")


def test_save_and_next_happens_in_place_and_the_address_follows(open_now, live_server, page):
    year = open_now.round.fiscal_year
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/entry/{year}/area/1/")
    page.evaluate("window.__samePage = true")  # gone if the browser loads a new page
    inputs = page.locator("#area-panel input.count-input")
    for index in range(inputs.count()):
        inputs.nth(index).fill(str(index + 1))
    page.click("button[name=next]")
    page.wait_for_url(f"{live_server.url}/entry/{year}/area/2/")
    assert "บันทึกข้อมูลด้านที่ 1 แล้ว" in page.inner_text("#area-panel .msg-success")
    assert page.evaluate("window.__samePage") is True
    assert page.title().startswith("ด้านที่ 2")
    assert page.evaluate("document.activeElement.classList.contains('count-input')")  # ready to type area 2
    assert AreaReport.objects.get(report__district=open_now.np_mueang, area__number=1).status == AreaStatus.COMPLETE
    page.go_back()  # the browser's back button returns to area 1, with what was saved
    page.wait_for_url(f"{live_server.url}/entry/{year}/area/1/")
    # The address changes first; the page is then loaded again from the server (no snapshot).
    page.wait_for_selector("#area-panel[data-area='1']")
    assert page.locator("#area-panel input.count-input").first.input_value() == "1"


def test_a_save_that_cannot_reach_the_server_keeps_what_was_typed_and_says_so(open_now, live_server, page):
    year = open_now.round.fiscal_year
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/entry/{year}/area/3/")
    inputs = page.locator("#area-panel input.count-input")
    inputs.nth(0).fill("๔๒")
    page.route("**/entry/*/area/3/", lambda route: route.abort() if route.request.method == "POST" else route.continue_())
    inputs.nth(0).press("Enter")
    failed = page.locator(".save-failed")
    failed.wait_for(state="visible")
    assert "ยังไม่ได้บันทึก" in failed.inner_text()
    assert inputs.nth(0).input_value() == "๔๒"
    assert not ItemValue.objects.filter(report__district=open_now.np_mueang).exists()
    page.unroute("**/entry/*/area/3/")
    inputs.nth(0).press("Enter")  # the retry saves
    page.wait_for_selector("#area-panel .msg-success")
    assert ItemValue.objects.filter(report__district=open_now.np_mueang, value=42).exists()
