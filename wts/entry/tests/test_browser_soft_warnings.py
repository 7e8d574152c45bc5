"""Issue 15: the district officer enters a value far from last year, sees the soft warning, explains
it and submits; the director sees the explanation beside the flag. At 1280 px and 390 px, with
screenshots kept under var/test-artefacts/."""

from pathlib import Path

import pytest
from django.conf import settings

from conftest import PASSWORD
from wts.catalog.models import MissionArea
from wts.review.tests.helpers import item, previous_round
from wts.workflow.actions import get_or_create_report, save_area
from wts.workflow.models import DistrictReport, ItemValue, ReportState

pytestmark = pytest.mark.browser

ARTEFACTS = Path(settings.BASE_DIR) / "var" / "test-artefacts"


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def _no_overflow(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 390])
def test_officer_explains_a_value_far_from_last_year_and_the_director_sees_it(open_now, live_server, browser, width):
    world = open_now
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    previous_round(world, confirmed_values={world.np_mueang: {"1.01": 15}})
    report = get_or_create_report(world.round, world.np_mueang)
    for area in MissionArea.objects.filter(round=world.round, number__gt=1).prefetch_related("items"):
        save_area(report, area, {i.pk: 10 for i in area.items.all()}, acting_user=world.officer)

    context = browser.new_context(viewport={"width": width, "height": 900}, locale="th-TH", timezone_id="Asia/Bangkok")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.on("dialog", lambda dialog: dialog.accept())
    _login(page, live_server.url, "district-4801")
    page.goto(f"{live_server.url}/entry/{world.round.fiscal_year}/area/1/")
    target = item(world, "1.01")
    assert "รอบก่อน: 15" in page.inner_text(f"#row-{target.pk}")
    inputs = page.locator("input.count-input")
    inputs.nth(0).fill("2000")
    for index in range(1, inputs.count()):
        inputs.nth(index).fill("10")
    page.click("button[name=save]")
    page.wait_for_selector("#soft-warnings")
    assert "15 → 2,000" in page.inner_text(f"#row-{target.pk}")
    _no_overflow(page, width)
    page.screenshot(path=str(ARTEFACTS / f"officer-soft-warning-{width}.png"), full_page=True)
    page.fill(f"#id_note_{target.pk}", "ปีนี้มีการเลือกตั้งท้องถิ่น งานจึงเพิ่มขึ้นมาก")
    # The first save's message is still on the page: wait for the second save's answer itself.
    with page.expect_response(lambda r: r.request.method == "POST" and "/area/1/" in r.url):
        page.click("button[name=save]")
    page.wait_for_selector(".msg-success")
    assert ItemValue.objects.get(report=report, item=target).note == "ปีนี้มีการเลือกตั้งท้องถิ่น งานจึงเพิ่มขึ้นมาก"

    page.goto(f"{live_server.url}/entry/")
    page.click("#submit-report")
    page.wait_for_selector('[data-due="waiting"]')
    _no_overflow(page, width)
    page.screenshot(path=str(ARTEFACTS / f"officer-submitted-{width}.png"), full_page=True)
    assert DistrictReport.objects.get(pk=report.pk).state == ReportState.SUBMITTED
    context.close()

    context = browser.new_context(viewport={"width": width, "height": 900}, locale="th-TH", timezone_id="Asia/Bangkok")
    page = context.new_page()
    page.set_default_timeout(15000)
    _login(page, live_server.url, "director-48")
    page.goto(f"{live_server.url}/review/{world.round.fiscal_year}/district/{world.np_mueang.code}/")
    row = page.inner_text(f"#item-{target.pk}")
    assert "⚠" in row and "ปีนี้มีการเลือกตั้งท้องถิ่น งานจึงเพิ่มขึ้นมาก" in row
    page.locator(f"#item-{target.pk}").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTEFACTS / f"director-sees-explanation-{width}.png"), full_page=True)
    context.close()
