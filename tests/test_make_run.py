"""`make run` shows the demo as users see it: no Django debug pages unless asked for
(`make run DEBUG=1`), the Thai error pages, and the static files still served (WhiteNoise)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[1]


def _run_commands(*args):
    if shutil.which("make") is None:
        pytest.fail("make is not installed")
    out = subprocess.run(["make", "-n", "run", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if "manage.py runserver" in line or "manage.py run_worker" in line]


def test_make_run_serves_without_debug_by_default():
    commands = _run_commands()
    assert len(commands) == 2
    assert all("WTS_DEBUG=0" in line for line in commands), commands


def test_make_run_debug_1_turns_debug_on_and_port_is_honoured():
    commands = _run_commands("DEBUG=1", "PORT=8123")
    assert all("WTS_DEBUG=1" in line for line in commands), commands
    assert any("127.0.0.1:8123" in line for line in commands)


def test_without_debug_a_missing_page_is_the_thai_404_and_static_files_are_served(db, settings):
    assert settings.DEBUG is False
    missing = Client().get("/no-such-page/")
    assert missing.status_code == 404 and "ไม่พบหน้าที่ต้องการ" in missing.content.decode()
    css = Client().get("/static/wts/app.css")
    assert css.status_code == 200 and css["Content-Type"].startswith("text/css")


def test_the_readme_says_how_to_choose_the_port_and_where_mail_goes():
    readme = (ROOT / "README.md").read_text()
    assert "make run PORT=" in readme and "var/mail/" in readme and "/dev/mail/" in readme
    assert "make run DEBUG=1" in readme
