"""Take the user manual's screenshots from a running system (demo data loaded), so the manual
shows the pages as they are:

    manage.py runserver 127.0.0.1:8102 &
    manage.py capture_manual_screenshots --base-url http://127.0.0.1:8102
"""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

OUT = Path(__file__).resolve().parents[2] / "static" / "monitoring" / "manual"
DEMO_PASSWORD = "thai-demo-2564"

# (file name, demo user or None for anonymous, path)
SHOTS = [
    ("login", None, "/accounts/login/"),
    ("district_home", "district-4801", "/entry/"),
    ("area_edit", "district-4801", "/entry/{year}/area/1/"),
    ("director_home", "director-48", "/"),
    ("province_board", "director-48", "/monitoring/province/48/"),
    ("district_detail", "director-48", "/monitoring/district/4801/"),
    ("national_board", "dla-admin", "/monitoring/"),
]


class Command(BaseCommand):
    help = "Capture the manual's screenshots from a running server with the demo data"

    def add_arguments(self, parser):
        parser.add_argument("--base-url", required=True)
        parser.add_argument("--chromium", default=os.environ.get("WTS_CHROMIUM", "/usr/bin/chromium"))

    def handle(self, *args, base_url, chromium, **options):
        from playwright.sync_api import sync_playwright

        from wts.rounds.models import Round

        current = Round.current()
        if current is None:
            raise CommandError("no open round: load the demo data first (manage.py load_demo)")
        OUT.mkdir(parents=True, exist_ok=True)
        base_url = base_url.rstrip("/")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            contexts = {}
            for name, username, path in SHOTS:
                if username not in contexts:
                    context = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok",
                                                  viewport={"width": 1280, "height": 860})
                    if username:
                        page = context.new_page()
                        page.goto(f"{base_url}/accounts/login/")
                        page.fill("#id_username", username)
                        page.fill("#id_password", DEMO_PASSWORD)
                        page.click("button[type=submit]")
                        page.wait_for_load_state("networkidle")
                        page.close()
                    contexts[username] = context
                page = contexts[username].new_page()
                page.goto(f"{base_url}{path.format(year=current.fiscal_year)}")
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(300)  # let the chart finish drawing
                # The page's content without the menu bar, cut to one screen's height.
                box = page.locator("#main").bounding_box()
                clip = {"x": box["x"], "y": box["y"], "width": box["width"], "height": min(box["height"], 760)}
                page.screenshot(path=str(OUT / f"{name}.png"), clip=clip, full_page=True)
                page.close()
                self.stdout.write(f"{name}.png")
            browser.close()
