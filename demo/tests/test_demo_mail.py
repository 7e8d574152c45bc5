"""A newcomer trying the demo sees the mail the system sends: every demo account has an address,
and in development the mail is written to var/mail/ and listed at /dev/mail/ (development only)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings

from demo.demo_data import DEMO_MAIL_DOMAIN, ensure_users
from wts.accounts.models import User

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def test_every_demo_account_has_an_email_address_even_one_loaded_before(world):
    world.officer.email = ""
    world.officer.save(update_fields=["email"])
    created = ensure_users("!unusable")
    assert created > 0
    demo = User.objects.filter(username__regex=r"^(dla-admin|dla-viewer|(director|provadmin|district)-[0-9]+)$")
    assert demo.count() == User.objects.filter(username__regex=r"^(dla-|director-|provadmin-|district-)").count()
    assert not demo.filter(email="").exists()
    assert User.objects.get(username="district-4801").email == f"district-4801@{DEMO_MAIL_DOMAIN}"


def test_development_writes_mail_to_var_mail_by_default(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"EMAIL_BACKEND", "EMAIL_FILE_PATH"}}
    env |= {"WTS_ENVIRONMENT": "development", "WTS_VAR_DIR": str(tmp_path)}
    shown = subprocess.run(
        [sys.executable, "-c", "import wts.settings as s; print(s.EMAIL_BACKEND); print(s.EMAIL_FILE_PATH)"],
        env=env, capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[2],
    ).stdout.split()
    assert shown == [FILE_BACKEND, str(tmp_path / "mail")]


def test_the_sent_mail_page_lists_what_was_sent_in_development(world, tmp_path):
    with override_settings(ENVIRONMENT="development", EMAIL_BACKEND=FILE_BACKEND, EMAIL_FILE_PATH=str(tmp_path)):
        mail.send_mail("แจ้งเตือน: ใกล้ครบกำหนดบันทึกข้อมูล", "เหลืออีก 3 วัน\nhttp://127.0.0.1:8000/entry/",
                       "wts-noreply@dla.go.th", [f"district-4801@{DEMO_MAIL_DOMAIN}"])
        body = world.client_for(world.officer).get("/dev/mail/").content.decode()
    assert "แจ้งเตือน: ใกล้ครบกำหนดบันทึกข้อมูล" in body
    assert "เหลืออีก 3 วัน" in body and f"district-4801@{DEMO_MAIL_DOMAIN}" in body
    assert list(tmp_path.glob("*.log"))


@pytest.mark.parametrize("environment, backend", [("test", FILE_BACKEND), ("production", FILE_BACKEND),
                                                  ("development", "django.core.mail.backends.smtp.EmailBackend")])
def test_the_sent_mail_page_exists_only_in_development_with_the_file_backend(world, tmp_path, environment, backend):
    with override_settings(ENVIRONMENT=environment, EMAIL_BACKEND=backend, EMAIL_FILE_PATH=str(tmp_path)):
        assert world.client_for(world.dept_admin).get("/dev/mail/").status_code == 404
