import pytest

from conftest import PASSWORD
from wts.workflow.models import ReportState

from .helpers import record, set_minutes

pytestmark = pytest.mark.browser


def test_director_reads_the_fte_chart_switches_in_unconfirmed_data_and_downloads_xlsx(world, live_server, page):
    set_minutes(world.round, {"1.01": 30})
    record(world.round, world.np_mueang, {"1.01": 2760})
    record(world.round, world.np_pla_pak, {"1.01": 8280}, state=ReportState.SUBMITTED)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # A Content Security Policy violation is a console error. The browser asks for /favicon.ico on
    # its own; every asset of the page must load.
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and not msg.location.get("url", "").endswith("/favicon.ico") else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "director-48")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.click("text=วิเคราะห์อัตรากำลัง")
    assert page.locator(".an-tabs .active").inner_text() == "อำเภอเรียงลำดับ"  # a province starts from its districts
    points = page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('an-chart'))"
        " && Chart.getChart(document.getElementById('an-chart')).data.datasets[0].data.length"
    )
    assert points.json_value() == 1  # only Mueang Nakhon Phanom is confirmed
    assert "เฉพาะข้อมูลที่ยืนยันแล้ว" in page.inner_text(".an-basis")

    page.click("text=รายจังหวัด")
    page.wait_for_selector("#an-chart")
    labels = page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('an-chart'))"
        " && Chart.getChart(document.getElementById('an-chart')).data.labels"
    )
    assert labels.json_value() == ["นครพนม"]

    page.click("text=อำเภอเรียงลำดับ")
    page.check("#id_include_unconfirmed")
    page.click("button:has-text('แสดงผล')")
    page.wait_for_selector(".an-basis-unconfirmed")
    assert "ผลนี้รวมข้อมูลที่ยังไม่ได้รับการยืนยัน" in page.inner_text(".an-basis")
    assert "ยังไม่ยืนยัน" in page.inner_text("tr.an-row-unconfirmed")

    with page.expect_download() as download:
        page.click("text=ส่งออก Excel (XLSX)")
    assert download.value.suggested_filename.startswith("wts-districts-2569-")
    assert download.value.suggested_filename.endswith(".xlsx")
    assert errors == []
