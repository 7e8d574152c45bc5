"""Nothing an officer types is lost when the session ends (issue 23 §1), in Chromium: the draft
is kept in this browser for this account only, a save the server cannot take keeps the form as
typed and says so in the form's panel, and a stale form token is renewed so the next press saves."""

import json
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session

from conftest import PASSWORD, make_user
from wts.accounts.models import Role
from wts.workflow.models import ItemValue

pytestmark = pytest.mark.browser

TYPED = ["17", "๒๓", "5"]


def log_in(page, base, username="district-4801"):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_load_state()


def area_url(world, base, number=6):
    return f"{base}/entry/{world.round.fiscal_year}/area/{number}/"


def type_values(page, values=TYPED):
    inputs = page.locator("#area-panel input.count-input")
    for index, value in enumerate(values):
        inputs.nth(index).fill(value)
    page.wait_for_function("() => Object.keys(localStorage).some(k => k.startsWith('wts-draft:'))")
    page.wait_for_timeout(400)  # the draft is written a moment after the last key
    return inputs


def stored_values(world, number=6):
    return sorted(ItemValue.objects.filter(report__district=world.np_mueang, item__area__number=number)
                  .values_list("value", flat=True))


def test_a_save_after_the_session_ended_keeps_the_form_and_the_values_come_back_after_login(
        open_now, live_server, page):
    world, base = open_now, live_server.url
    log_in(page, base)
    page.goto(area_url(world, base))
    inputs = type_values(page)
    Session.objects.all().delete()  # the session ends while the officer types

    page.click("button[name=save]")
    note = page.locator("#area-panel [data-keep-form=session]")
    note.wait_for()
    assert "ยังไม่ได้บันทึก: หมดเวลาการเข้าใช้งานแล้ว" in note.inner_text()
    assert "ค่าที่ท่านกรอกยังอยู่ในช่องครบ" in note.inner_text()
    assert [inputs.nth(i).input_value() for i in range(3)] == TYPED  # kept as typed
    assert page.locator("#area-panel #id_username").count() == 0  # no login page inside the panel
    assert page.locator("header.topbar").count() == 1
    assert stored_values(world) == []

    page.click("#area-panel a[data-draft-safe]")
    page.wait_for_url("**/accounts/login/**")
    page.fill("#id_username", "district-4801")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(area_url(world, base))
    offer = page.locator("[data-draft-offer]")
    offer.wait_for()
    assert "มีค่าที่ท่านกรอกไว้ในเครื่องนี้แต่ยังไม่ได้บันทึก" in offer.inner_text()
    assert "จำนวน 3 ช่อง" in offer.inner_text() and "2569" in offer.inner_text()
    inputs = page.locator("#area-panel input.count-input")
    assert inputs.nth(0).input_value() == ""  # never applied by itself
    page.click("[data-draft-apply]")
    assert [inputs.nth(i).input_value() for i in range(3)] == TYPED
    page.click("button[name=save]")
    page.wait_for_selector("#area-panel .msg-success")
    assert stored_values(world) == [5, 17, 23]
    page.wait_for_function("() => !Object.keys(localStorage).some(k => k.startsWith('wts-draft:'))")


def test_a_login_in_another_tab_then_a_save_from_the_first_saves_on_the_second_press(open_now, live_server, page):
    world, base = open_now, live_server.url
    log_in(page, base)
    page.goto(area_url(world, base))
    inputs = type_values(page)
    other = page.context.new_page()
    log_in(other, base)  # a new login: the first tab's form token is stale now
    other.close()

    page.click("button[name=save]")
    note = page.locator("#area-panel [data-keep-form=csrf]")
    note.wait_for()
    assert "ยังไม่ได้บันทึก: แบบฟอร์มนี้เปิดไว้ก่อนการเข้าสู่ระบบครั้งล่าสุด" in note.inner_text()
    assert "โปรดกดบันทึกอีกครั้ง" in note.inner_text()
    assert page.locator("#area-panel h1").count() == 1 and "แบบฟอร์มหมดอายุ" not in page.inner_text("#area-panel")
    assert [inputs.nth(i).input_value() for i in range(3)] == TYPED
    assert stored_values(world) == []

    page.click("button[name=save]")
    page.wait_for_selector("#area-panel .msg-success")
    assert stored_values(world) == [5, 17, 23]


def test_a_closed_tab_offers_its_draft_when_the_area_is_opened_again(open_now, live_server, page):
    world, base = open_now, live_server.url
    log_in(page, base)
    page.goto(area_url(world, base))
    type_values(page)
    context = page.context
    page.close(run_before_unload=False)

    again = context.new_page()
    again.goto(area_url(world, base))
    again.locator("[data-draft-offer]").wait_for()
    again.click("[data-draft-discard]")
    assert again.locator("[data-draft-offer]").count() == 0
    again.reload()
    again.wait_for_timeout(500)
    assert again.locator("[data-draft-offer]").count() == 0  # discarded is gone


def test_another_account_on_the_same_browser_never_sees_the_draft_and_logout_clears_it(
        open_now, live_server, page):
    world, base = open_now, live_server.url
    make_user("district-4801-b", Role.DISTRICT_OFFICER, district=world.np_mueang)
    log_in(page, base)
    page.goto(area_url(world, base))
    type_values(page)
    stored = page.evaluate("() => Object.entries(localStorage).filter(([k]) => k.startsWith('wts-draft:'))")
    [(name, value)] = stored
    assert "district-4801" not in name and "4801:2569:6" in name
    assert set(json.loads(value)) == {"iv", "sealed"}  # sealed with the account's key, not readable
    Session.objects.all().delete()  # the officer walks away; the session ends

    log_in(page, base, "district-4801-b")  # a colleague of the same district, same computer
    page.goto(area_url(world, base))
    page.wait_for_timeout(800)
    assert page.locator("[data-draft-offer]").count() == 0
    assert page.locator("#area-panel input.count-input").nth(0).input_value() == ""
    page.click("details.usermenu summary")
    page.click("text=ออกจากระบบ")
    page.wait_for_load_state()
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('wts-draft:')).length") == 1

    log_in(page, base)  # the owner comes back: the draft is still offered to them
    page.goto(area_url(world, base))
    page.locator("[data-draft-offer]").wait_for()
    page.click("details.usermenu summary")
    page.click("text=ออกจากระบบ")
    page.wait_for_load_state()
    assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('wts-draft:')).length") == 0


def test_a_warning_before_the_idle_timeout_lets_the_officer_stay_without_losing_the_page(
        open_now, live_server, page):
    world, base = open_now, live_server.url
    page.clock.install()
    log_in(page, base)
    page.goto(area_url(world, base))
    inputs = type_values(page)
    assert page.locator("[data-session-warning]").count() == 0
    page.clock.fast_forward("56:00")  # 4 minutes before the 60-minute idle timeout
    warning = page.locator("[data-session-warning]")
    warning.wait_for()
    assert "ระบบจะออกจากระบบโดยอัตโนมัติเพราะไม่มีการใช้งาน" in warning.inner_text()
    session = SessionStore(session_key=Session.objects.get().session_key)
    session["wts_last_activity"] = int(time.time()) - 56 * 60  # the server's count, like the page's
    session.save()
    page.click("[data-session-stay]")
    warning.wait_for(state="detached")
    assert Session.objects.get().get_decoded()["wts_last_activity"] >= int(time.time()) - 60
    assert [inputs.nth(i).input_value() for i in range(3)] == TYPED  # the page stays as it was


def test_two_tabs_of_one_area_never_revert_a_colleagues_value(open_now, live_server, page):
    """The issue's scenario: tab A sets 3.01 from 111 to 4; tab B, opened earlier, changes only 3.04."""
    from wts.catalog.models import MissionArea
    from wts.workflow.actions import get_or_create_report, save_area

    world, base = open_now, live_server.url
    area = MissionArea.objects.prefetch_related("items").get(round=world.round, number=3)
    items = {item.code: item for item in area.items.all()}
    save_area(get_or_create_report(world.round, world.np_mueang), area,
              {item.pk: 111 if code == "3.01" else 10 for code, item in items.items()}, acting_user=world.officer)

    def value(code):
        return ItemValue.objects.get(report__district=world.np_mueang, item=items[code]).value

    log_in(page, base)
    tab_b = page
    tab_b.goto(area_url(world, base, 3))
    tab_a = page.context.new_page()
    tab_a.goto(area_url(world, base, 3))
    tab_a.fill(f"#id_item_{items['3.01'].pk}", "4")
    tab_a.click("button[name=save]")
    tab_a.wait_for_selector("#area-panel .msg-success")
    assert value("3.01") == 4

    tab_b.bring_to_front()
    tab_b.fill(f"#id_item_{items['3.04'].pk}", "9")
    tab_b.click("button[name=save]")
    message = tab_b.locator("#area-panel .msg[role=status]")
    message.wait_for()
    assert "มีผู้อื่นบันทึกด้านนี้หลังจากที่ท่านเปิดหน้านี้" in message.inner_text()
    assert tab_b.input_value(f"#id_item_{items['3.01'].pk}") == "4"
    assert value("3.01") == 4 and value("3.04") == 9
    assert tab_b.locator("#area-panel .notice[role=alert]:visible").count() == 0  # one message, no banner
    for _press in range(2):
        tab_b.click("button[name=save]")
        tab_b.wait_for_selector("#area-panel .msg[role=status]")
        assert value("3.01") == 4

    # both change 3.01: B must choose, and until then nothing of B's is written
    tab_a.bring_to_front()
    tab_a.fill(f"#id_item_{items['3.01'].pk}", "5")
    tab_a.click("button[name=save]")
    tab_a.wait_for_selector("#area-panel .msg-success")
    tab_b.bring_to_front()
    tab_b.fill(f"#id_item_{items['3.01'].pk}", "8")
    tab_b.click("button[name=save]")
    conflict = tab_b.locator(f"[data-conflict='{items['3.01'].pk}']")
    conflict.wait_for()
    assert "ท่านกรอก: 8" in conflict.inner_text() and "ในระบบขณะนี้: 5" in conflict.inner_text()
    assert "เมื่อท่านเปิดหน้านี้: 4" in conflict.inner_text()
    assert tab_b.locator("#area-panel .notice[role=alert]:visible").count() == 1  # one banner
    tab_b.click("button[name=save]")
    tab_b.wait_for_selector("text=โปรดเลือกว่าจะใช้ค่าที่ท่านกรอก หรือค่าที่อยู่ในระบบขณะนี้")
    assert value("3.01") == 5
    tab_b.check(f"[data-conflict='{items['3.01'].pk}'] input[value=theirs]")
    tab_b.click("button[name=save]")
    tab_b.wait_for_selector("#area-panel .msg[role=status]")
    assert value("3.01") == 5 and tab_b.input_value(f"#id_item_{items['3.01'].pk}") == "5"
