"""The department administrator in Chromium: an extension typed as a Buddhist Era date with Thai
digits, previewed then confirmed; its withdrawal; closing the round after its summary; reopening."""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import PASSWORD
from wts.audit.models import AuditEvent
from wts.lib.thai import BANGKOK, format_thai_date_input, to_thai_digits
from wts.rounds.deadlines import deadlines_for
from wts.rounds.models import Extension, Round

pytestmark = pytest.mark.browser


def login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{base}/**")


def test_department_extends_withdraws_closes_and_reopens_in_the_browser(open_now, live_server, page):
    world = open_now
    base = live_server.url
    fiscal_year = world.round.fiscal_year
    new_day = (world.round.entry_closes_at + dt.timedelta(days=3)).astimezone(BANGKOK).date()
    typed_date = to_thai_digits(format_thai_date_input(new_day))
    login(page, base, "dla-admin")

    page.goto(f"{base}/rounds/{fiscal_year}/extensions/")
    page.check("input[name=window][value=entry]")
    page.check("input[name=scope][value=province]")
    assert page.is_hidden("#field-district")  # the district choice only when one district is extended
    page.select_option("select[name=province]", label="นครพนม")
    page.click("input[name=closes_at_0]")
    page.keyboard.type(typed_date)
    page.click("input[name=closes_at_1]")
    page.keyboard.type("16:30")
    page.fill("textarea[name=reason]", "ไฟฟ้าดับทั้งจังหวัด")
    page.click("button[name=preview]")

    preview = page.locator("#extension-preview")
    preview.wait_for()
    text = preview.inner_text()
    assert "ท้องถิ่นอำเภอ 2 คน" in text and "ผอ.ก.ทอ. 1 คน" in text
    assert page.input_value("input[name=closes_at_0]") == typed_date  # what was typed stays
    assert not Extension.objects.exists()
    page.click("button[name=confirm]")
    page.wait_for_selector(".msg-success")
    ext = Extension.objects.get()
    assert ext.province == world.np
    assert ext.closes_at == dt.datetime.combine(new_day, dt.time(16, 30), tzinfo=BANGKOK)
    assert deadlines_for(world.round, world.np_mueang).entry_closes_at == ext.closes_at
    assert page.get_attribute(f'tr[data-extension="{ext.pk}"]', "data-status") == "in_effect"

    page.click(f'tr[data-extension="{ext.pk}"] >> text=ยกเลิก')
    page.wait_for_selector("#withdrawal-preview")
    page.fill("textarea[name=reason]", "จังหวัดแจ้งว่าไฟฟ้ากลับมาแล้ว")
    page.click("text=ยืนยันการยกเลิกการขยายเวลา")
    page.wait_for_selector(".msg-success")
    assert page.get_attribute(f'tr[data-extension="{ext.pk}"]', "data-status") == "withdrawn"
    assert deadlines_for(world.round, world.np_mueang).entry_closes_at == world.round.entry_closes_at

    page.goto(f"{base}/rounds/{fiscal_year}/")
    page.click("text=ปิดรอบ…")
    summary = page.locator("#close-summary")
    summary.wait_for()
    assert "ยังไม่บันทึกข้อมูล" in summary.inner_text()
    page.click("text=ยืนยันการปิดรอบ")  # without a reason: refused, nothing closed
    assert "ต้องระบุเหตุผลของการปิดรอบ" in page.inner_text("#close-form")
    assert not Round.objects.get(pk=world.round.pk).is_closed
    page.fill("textarea[name=reason]", "ครบกำหนดตามหนังสือกรม")
    page.click("text=ยืนยันการปิดรอบ")
    page.wait_for_selector("#reopen-form")
    assert "ครบกำหนดตามหนังสือกรม" in page.inner_text("#closed-reason")
    assert Round.objects.get(pk=world.round.pk).is_closed

    page.fill("textarea[name=reopen-reason]", "จังหวัดขอแก้ไขข้อมูล")
    page.click("#reopen-form button[type=submit]")
    page.wait_for_selector("#round-form")
    assert not Round.objects.get(pk=world.round.pk).is_closed
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="round.").order_by("id")] == [
        "round.closed", "round.reopened"]
    assert timezone.now() < world.round.entry_closes_at


def test_the_extension_form_fits_a_phone(open_now, live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="th-TH")
    page = context.new_page()
    login(page, live_server.url, "dla-admin")
    page.goto(f"{live_server.url}/rounds/{open_now.round.fiscal_year}/extensions/")
    page.check("input[name=scope][value=district]")
    page.select_option("select[name=province]", label="นครพนม")
    groups = page.eval_on_selector_all("select[name=district] optgroup:not([hidden])", "els => els.map(e => e.label)")
    assert groups == ["นครพนม"]  # the district list narrows to the chosen province
    for path in ("extensions/", "", "close/"):
        page.goto(f"{live_server.url}/rounds/{open_now.round.fiscal_year}/{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    context.close()


def test_department_picks_the_extension_date_from_the_thai_calendar(open_now, live_server, page):
    """The same extension, its day chosen with the Buddhist Era picker instead of typed."""
    world = open_now
    base = live_server.url
    login(page, base, "dla-admin")
    page.goto(f"{base}/rounds/{world.round.fiscal_year}/extensions/")
    page.check("input[name=window][value=confirm]")
    page.check("input[name=scope][value=all]")
    page.locator("input[name=closes_at_0] + button.thai-date-button").click()
    calendar = page.get_by_role("dialog")
    calendar.get_by_role("button", name="เดือนถัดไป").click()
    calendar.get_by_role("button", name="เดือนถัดไป").click()
    calendar.get_by_role("gridcell").get_by_role("button", name="15", exact=False).first.click()
    today = timezone.localdate()
    month, year = (today.month + 2 - 1) % 12 + 1, today.year + (today.month + 2 - 1) // 12
    picked = dt.date(year, month, 15)
    assert page.input_value("input[name=closes_at_0]") == format_thai_date_input(picked)  # BE, วว/ดด/ปปปป
    page.fill("input[name=closes_at_1]", "16:30")
    page.fill("textarea[name=reason]", "หนังสือกรมขยายเวลาการยืนยัน")
    page.click("button[name=preview]")
    page.locator("#extension-preview").wait_for()
    page.click("button[name=confirm]")
    page.wait_for_selector(".msg-success")
    assert Extension.objects.get().closes_at == dt.datetime.combine(picked, dt.time(16, 30), tzinfo=BANGKOK)


def test_round_windows_go_through_a_preview_and_an_early_confirmation_close_is_refused(open_now, live_server, page):
    """The issue's scenario: an extension for everyone runs past the round's dates; the round form
    then tries a confirmation close before it, and an entry close moved earlier in the day."""
    from wts.rounds.actions import extend_deadline

    world, base = open_now, live_server.url
    entry_end = world.round.entry_closes_at.astimezone(BANGKOK).replace(hour=23, minute=59, second=0, microsecond=0)
    world.round.entry_closes_at = entry_end
    world.round.save()
    extended = (entry_end + dt.timedelta(days=5)).replace(hour=23, minute=59, second=0, microsecond=0)
    extend_deadline(world.round, window="entry", closes_at=extended, reason="น้ำท่วม", acting_user=world.dept_admin)
    login(page, base, "dla-admin")
    page.goto(f"{base}/rounds/{world.round.fiscal_year}/")

    early = (entry_end + dt.timedelta(days=1)).date()
    page.fill("input[name=confirm_closes_at_0]", format_thai_date_input(early))
    page.fill("input[name=confirm_closes_at_1]", "04:00")
    page.click("#round-form button.btn:not([name=confirm])")
    error = page.locator("#field-confirm_closes_at .errorlist")
    error.wait_for()
    text = error.inner_text()
    assert "04:00 น." in text and "(ตามการขยายเวลา)" in text and str(extended.year + 543) in text
    assert page.input_value("input[name=confirm_closes_at_1]") == "04:00"  # what was typed stays

    page.goto(f"{base}/rounds/{world.round.fiscal_year}/")
    other = open_now.np_mueang
    Extension.objects.all().update(withdrawn_at=timezone.now(), withdrawn_by=world.dept_admin)
    page.fill("input[name=entry_closes_at_1]", "18:30")  # earlier on the same day
    page.click("#round-form button.btn:not([name=confirm])")
    preview = page.locator("#round-change-preview")
    preview.wait_for()
    assert "เร็วขึ้น" in preview.inner_text() and "ยังไม่ได้บันทึก" in preview.inner_text()
    assert Round.objects.get(pk=world.round.pk).entry_closes_at == world.round.entry_closes_at
    page.click("button[name=confirm]")  # no tick, no reason: refused
    page.locator("#field-confirm_shortening .errorlist").wait_for()
    page.check("input[name=confirm_shortening]")
    page.fill("textarea[name=reason]", "ตามหนังสือกรม")
    page.click("button[name=confirm]")
    page.wait_for_selector(".msg-success")
    saved = Round.objects.get(pk=world.round.pk).entry_closes_at.astimezone(BANGKOK)
    assert (saved.hour, saved.minute) == (18, 30)
    assert deadlines_for(Round.objects.get(pk=world.round.pk), other).entry_closes_at == saved
