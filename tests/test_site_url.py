"""Issue 15: slips and the report's QR code never point at a default address."""

import io
import re

import pytest
from django.test import RequestFactory, override_settings

from wts.accounts.tests.test_hardening import run_manage
from wts.documents.reports import manual_url
from wts.lib.site import RequestOriginMiddleware, site_url


def _during_request(host, func):
    request = RequestFactory().get("/", HTTP_HOST=host)
    captured = {}

    def view(_request):
        captured["value"] = func()
        return None

    RequestOriginMiddleware(view)(request)
    return captured["value"]


@override_settings(SITE_URL="", ALLOWED_HOSTS=["192.168.1.20"])
def test_in_development_the_site_address_comes_from_the_request():
    assert _during_request("192.168.1.20:8000", site_url) == "http://192.168.1.20:8000"
    assert _during_request("192.168.1.20:8000", manual_url).startswith("http://192.168.1.20:8000/monitoring/help/")


@override_settings(SITE_URL="https://wts.dla.go.th", ALLOWED_HOSTS=["192.168.1.20"])
def test_a_configured_site_url_wins_over_the_request():
    assert _during_request("192.168.1.20:8000", site_url) == "https://wts.dla.go.th"


@pytest.mark.django_db
@override_settings(SITE_URL="", ALLOWED_HOSTS=["testserver", "10.1.2.3"])
def test_the_credential_slip_carries_the_address_the_province_uses(world):
    from pypdf import PdfReader

    from wts.accounts.actions import IssuedCredential
    from wts.accounts.slips import slips_pdf

    pdf = _during_request("10.1.2.3", lambda: slips_pdf(
        [IssuedCredential("district-4801", "pw-123456", "อำเภอเมืองนครพนม", "ท้องถิ่นอำเภอ")], issued_by=world.provadmin))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "10.1.2.3" in text and "127.0.0.1" not in text


def test_production_refuses_to_start_without_site_url(tmp_path):
    result = run_manage("check", extra_env={"SITE_URL": "", "WTS_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SITE_URL must be set in production" in result.stderr


def test_a_malformed_site_url_stops_start_up(tmp_path):
    result = run_manage("check", extra_env={"SITE_URL": "wts.dla.go.th", "WTS_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert re.search(r"SITE_URL must be an http:// or https:// address", result.stderr)
