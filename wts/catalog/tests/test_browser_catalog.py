from decimal import Decimal

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from wts.audit.models import AuditEvent
from wts.audit.vocabulary import AuditAction
from wts.catalog.models import WorkItem
from wts.workflow.models import ReportState

from .support import record_values

pytestmark = pytest.mark.browser


def login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{live_server.url}/**")


def test_department_admin_edits_standard_minutes_with_thai_digits_sees_the_effect_and_the_audit_row(
    open_now, live_server, page
):
    world = open_now
    # 5,520 letters × 15 min = 1 FTE (1,380 productive hours a year).
    record_values(world.round, world.np_mueang, {"1.01": 5_520}, state=ReportState.CONFIRMED)
    login(page, live_server, "dla-admin")
    page.goto(f"{live_server.url}/rounds/")
    page.click(f'[data-round="{world.round.fiscal_year}"] >> text=แบบฟอร์ม')
    page.wait_for_selector("#area-8")
    page.click('[data-item="1.01"] >> text=แก้ไข')
    page.wait_for_selector("#item-form")
    assert "FTE ทั้งประเทศ 1.0 → 1.0" in page.inner_text("#staffing-effect")

    page.fill("#id_standard_minutes", "๓๐")
    expect(page.locator("#staffing-effect")).to_contain_text("FTE ทั้งประเทศ 1.0 → 2.0")
    assert "อำเภอที่ได้รับผล 1 แห่ง" in page.inner_text("#staffing-effect")
    assert WorkItem.objects.get(area__round=world.round, code="1.01").standard_minutes == Decimal("15.0")

    page.click("#item-form button[type=submit]")
    page.wait_for_selector(".msg-success")
    assert "1.0 → 2.0" in page.inner_text(".messages")
    assert page.inner_text('[data-item="1.01"] [data-minutes]') == "30"
    history = page.inner_text("#catalog-history")
    assert "แก้ไขรายการงานในแบบฟอร์ม" in history and "FTE ทั้งประเทศ 1.0 → 2.0" in history
    assert "15.0" in history and "30.0" in history
    event = AuditEvent.objects.get(action=AuditAction.CATALOG_ITEM_CHANGED)
    assert event.actor == world.dept_admin and event.data["after"] == {"standard_minutes": "30.0"}


def test_catalog_page_fits_a_phone(open_now, live_server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="th-TH")
    page = context.new_page()
    login(page, live_server, "dla-admin")
    page.goto(f"{live_server.url}/catalog/{open_now.round.fiscal_year}/")
    page.wait_for_selector("#area-8")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click('[data-item="2.01"] >> text=แก้ไข')
    page.wait_for_selector("#item-form")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
