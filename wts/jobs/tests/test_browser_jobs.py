"""The department starts a national export in the browser, watches the progress bar move while a
real worker writes the file, and downloads it; it waits on "my downloads" too."""

import io

import pytest
from django.test import override_settings
from openpyxl import load_workbook

from conftest import PASSWORD
from wts.jobs.models import JobSchedule

from .worker import DATABASE_QUEUE, SharedDatabase, WorkerProcess

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_national_export_shows_its_progress_and_downloads_the_file(world, live_server, page, tmp_path):
    JobSchedule.objects.create(reminders_enabled=False)
    with override_settings(TASKS=DATABASE_QUEUE):
        db = SharedDatabase(tmp_path)
        worker = WorkerProcess(tmp_path, db.env, WTS_TEST_EXPORT="slow")
        try:
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("#id_username", "dla-admin")
            page.fill("#id_password", PASSWORD)
            page.press("#id_password", "Enter")
            page.wait_for_url(f"{live_server.url}/")
            page.goto(f"{live_server.url}/spreadsheets/")
            page.locator(f'button[formaction="/spreadsheets/{world.round.fiscal_year}/export.xlsx/background/"]').click()
            page.wait_for_url("**/jobs/*/")

            seen = set()
            download_link = page.locator('[data-testid="job-download"]')
            for _ in range(300):
                if download_link.count():
                    break
                bar = page.locator('[role="progressbar"]')
                if bar.count():
                    seen.add(int(bar.get_attribute("aria-valuenow")))
                page.wait_for_timeout(100)
            assert len({p for p in seen if 0 < p < 100}) >= 2, f"the bar never moved: {sorted(seen)}"
            with page.expect_download() as info:
                download_link.click()
            download = info.value
            assert download.suggested_filename == f"wts-{world.round.fiscal_year}-national.xlsx"
            sheet = load_workbook(io.BytesIO(open(download.path(), "rb").read())).worksheets[0]
            assert sheet.max_row == 5  # header and the four districts

            page.goto(f"{live_server.url}/jobs/downloads/")
            assert f"wts-{world.round.fiscal_year}-national.xlsx" in page.inner_text("main")
            page.set_viewport_size({"width": 390, "height": 800})
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        finally:
            worker.kill()
            db.restore()
