"""Take the user manual's screenshots from a running system (demo data loaded), so the manual
shows the pages as they are:

    make demo
    WTS_DEBUG=1 manage.py runserver 127.0.0.1:8102 &
    manage.py capture_manual_screenshots --base-url http://127.0.0.1:8102

Only pages are read: nothing is saved, so the demo data stays as it was.
"""

import io
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from demo.demo_data import DEMO_PASSWORD

# The demo app only exists in development and test: the command (and Playwright) never reach production.
OUT = Path(__file__).resolve().parents[3] / "wts" / "monitoring" / "static" / "monitoring" / "manual"
MAX_HEIGHT = 760


def _open_date_picker(page):
    page.locator("input[name=closes_at_0] + button.thai-date-button").click()
    page.get_by_role("dialog").wait_for()


def _open_first_flags(page):
    first = page.locator("#flagged-districts details").first
    if first.count():
        first.locator("summary").click()


# (file name, demo user or None for anonymous, path, what to do on the page before the shot,
# where the shot starts: the page's content or an element further down)
SHOTS = [
    ("login", None, "/accounts/login/", None, "#main"),
    ("district_home", "district-4801", "/entry/", None, "#main"),
    ("area_edit", "district-4801", "/entry/{year}/area/1/", None, "#main"),
    # ธาตุพนม has recorded part of the form in the demo, with values far from its previous rounds.
    ("soft_warning", "district-4805", "/entry/{year}/area/2/", None, "#main"),
    ("director_home", "director-48", "/", None, "#main"),
    ("province_review", "director-48", "/review/{year}/province/48/", None, "#main"),
    ("bulk_confirm", "director-48", "/review/{year}/province/48/", _open_first_flags, "#flagged-districts"),
    ("province_board", "director-48", "/monitoring/province/48/", None, "#main"),
    ("district_detail", "director-48", "/monitoring/district/4801/", None, "#main"),
    ("province_accounts", "provadmin-48", "/accounts/manage/province/48/", None, "#main"),
    ("helpdesk_edit", "provadmin-48", "/accounts/manage/province/48/helpdesk/", None, "#main"),
    ("national_board", "dla-admin", "/monitoring/", None, "#main"),
    ("round_detail", "dla-admin", "/rounds/{year}/", None, "#main"),
    ("extension_date_picker", "dla-admin", "/rounds/{year}/extensions/", _open_date_picker, "#main"),
    ("catalog", "dla-admin", "/catalog/{year}/", None, "#main"),
    ("downloads", "dla-admin", "/jobs/downloads/", None, "#main"),
]


def _small_png(data: bytes) -> bytes:
    """A screenshot in 256 colours: a third of the size, and text stays sharp."""
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


class Command(BaseCommand):
    help = "Capture the manual's screenshots from a running server with the demo data"

    def add_arguments(self, parser):
        parser.add_argument("--base-url", required=True)
        parser.add_argument("--chromium", default=os.environ.get("WTS_CHROMIUM", "/usr/bin/chromium"))
        parser.add_argument("--only", nargs="*", default=None, help="file names (without .png) to capture")

    def handle(self, *args, base_url, chromium, only, **options):
        from playwright.sync_api import sync_playwright

        from wts.rounds.models import Round

        current = Round.current()
        if current is None:
            raise CommandError("no open round: load the demo data first (manage.py load_demo)")
        shots = [shot for shot in SHOTS if not only or shot[0] in only]
        OUT.mkdir(parents=True, exist_ok=True)
        base_url = base_url.rstrip("/")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            contexts = {}
            for name, username, path, prepare, start in shots:
                if username not in contexts:
                    context = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok",
                                                  viewport={"width": 1280, "height": 860})
                    if username:
                        page = context.new_page()
                        page.goto(f"{base_url}/accounts/login/")
                        page.fill("#id_username", username)
                        page.fill("#id_password", DEMO_PASSWORD)
                        page.click("main button[type=submit]")
                        page.wait_for_load_state("networkidle")
                        page.close()
                    contexts[username] = context
                page = contexts[username].new_page()
                response = page.goto(f"{base_url}{path.format(year=current.fiscal_year)}")
                if response is None or response.status != 200:
                    raise CommandError(f"{name}: {path} answered {response.status if response else 'nothing'}")
                page.wait_for_load_state("networkidle")
                if prepare:
                    prepare(page)
                page.wait_for_timeout(300)  # let the chart finish drawing
                page.evaluate("window.scrollTo(0, 0)")  # boxes measured from the top of the page
                # The page's content without the menu bar (or from a part further down), one screen high.
                main, top = page.locator("#main").bounding_box(), page.locator(start).first.bounding_box()
                clip = {"x": main["x"], "y": top["y"], "width": main["width"],
                        "height": min(main["y"] + main["height"] - top["y"], MAX_HEIGHT)}
                (OUT / f"{name}.png").write_bytes(_small_png(page.screenshot(clip=clip, full_page=True)))
                page.close()
                self.stdout.write(f"{name}.png")
            browser.close()
