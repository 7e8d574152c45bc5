"""The Thai date input in Chromium: typed in Thai digits, picked from the BE calendar, and a
Gregorian year refused beside the field with everything else still typed."""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import PASSWORD
from wts.lib.thai import BE_OFFSET, MONTHS_LONG, thai_date, to_thai_digits
from wts.monitoring.models import Announcement

pytestmark = pytest.mark.browser

NEW = "/monitoring/announcements/new/"


def _login(page, live_server, user, next_url):
    page.goto(f"{live_server.url}/accounts/login/?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{next_url}")


def _fill_announcement(page, title):
    page.fill("#id_title", title)
    page.fill("#id_body", "ขยายเวลาบันทึกข้อมูลถึงสิ้นเดือน")


def _saved_expiry(title) -> dt.date:
    return timezone.localtime(Announcement.objects.get(title=title).expires_at).date()


def test_a_gregorian_year_is_refused_beside_the_field_and_a_thai_digit_date_is_saved(live_server, world, page):
    _login(page, live_server, world.dept_admin, NEW)
    _fill_announcement(page, "ประกาศเลขไทย")
    page.fill("#id_expires_on", "30/09/2030")
    page.click("main button[type=submit]")
    field = page.locator(".field.has-error", has=page.locator("#id_expires_on"))
    assert "ปี 2030 เป็นปี ค.ศ. กรุณาพิมพ์ปี พ.ศ. เช่น 2573" in field.inner_text()
    assert page.input_value("#id_title") == "ประกาศเลขไทย"  # what was typed is kept
    assert page.input_value("#id_expires_on") == "30/09/2030"
    assert page.get_attribute("#id_expires_on", "aria-invalid") == "true"
    assert not Announcement.objects.exists()

    expiry = timezone.localdate() + dt.timedelta(days=10)
    typed = to_thai_digits(f"{expiry.day:02d}/{expiry.month:02d}/{expiry.year + BE_OFFSET}")
    page.fill("#id_expires_on", typed)
    page.get_by_role("button", name="เลือกวันที่จากปฏิทิน (พ.ศ.)").click()  # the picker reads Thai digits
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')").endswith(
        f"{expiry.day} {MONTHS_LONG[expiry.month - 1]} {expiry.year + BE_OFFSET}")
    page.keyboard.press("Escape")
    page.click("main button[type=submit]")
    page.wait_for_url("**/monitoring/announcements/")
    assert _saved_expiry("ประกาศเลขไทย") == expiry
    assert thai_date(expiry) in page.locator(".card", has_text="ประกาศเลขไทย").inner_text()


def test_a_date_picked_from_the_thai_calendar_is_saved(live_server, world, page):
    _login(page, live_server, world.dept_admin, NEW)
    _fill_announcement(page, "ประกาศจากปฏิทิน")
    button = page.get_by_role("button", name="เลือกวันที่จากปฏิทิน (พ.ศ.)")
    button.click()
    calendar = page.get_by_role("dialog")
    today = timezone.localdate()
    caption = f"{MONTHS_LONG[today.month - 1]} {today.year + BE_OFFSET}"
    assert calendar.locator(".thai-cal-caption").inner_text() == caption
    assert calendar.locator("[aria-current=date]").inner_text() == str(today.day)
    calendar.get_by_role("button", name="เดือนถัดไป").click()
    next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=15)
    assert calendar.locator(".thai-cal-caption").inner_text() == (
        f"{MONTHS_LONG[next_month.month - 1]} {next_month.year + BE_OFFSET}")
    calendar.get_by_role("gridcell").get_by_role("button", name="15", exact=False).first.click()
    assert page.input_value("#id_expires_on") == f"15/{next_month.month:02d}/{next_month.year + BE_OFFSET}"
    assert page.get_by_role("dialog").count() == 0

    # The keyboard: open again on the chosen day, one day on with the arrow key, Enter picks it.
    button.click()
    focused = page.evaluate("() => document.activeElement.textContent")
    assert focused == "15"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    picked = next_month.replace(day=16)
    assert page.input_value("#id_expires_on") == f"16/{picked.month:02d}/{picked.year + BE_OFFSET}"
    button.click()
    page.keyboard.press("Escape")
    assert page.get_by_role("dialog").count() == 0

    page.click("main button[type=submit]")
    page.wait_for_url("**/monitoring/announcements/")
    assert _saved_expiry("ประกาศจากปฏิทิน") == picked


def test_the_picker_fits_a_phone_screen(live_server, world, page):
    page.set_viewport_size({"width": 390, "height": 844})
    _login(page, live_server, world.dept_admin, NEW)
    page.get_by_role("button", name="เลือกวันที่จากปฏิทิน (พ.ศ.)").click()
    box = page.get_by_role("dialog").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 844
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390


def test_a_date_input_that_htmx_loads_gets_the_picker(live_server, world, page):
    _login(page, live_server, world.dept_admin, NEW)
    page.evaluate("""() => {
        const part = document.createElement("div");
        part.innerHTML = '<input type="text" id="late" data-thai-date value="๐๑/๐๒/๒๕๗๐">';
        document.querySelector("main").appendChild(part);
        part.dispatchEvent(new CustomEvent("htmx:load", {bubbles: true, detail: {elt: part}}));
    }""")
    page.locator("#late + button.thai-date-button").click()
    assert page.get_by_role("dialog").locator(".thai-cal-caption").inner_text() == "กุมภาพันธ์ 2570"
