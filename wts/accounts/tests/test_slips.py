import io

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader

from wts.accounts.actions import do_provision_district_accounts, do_reset_password
from wts.accounts.models import User
from wts.accounts.slips import make_slip_token
from wts.geography.models import District


@pytest.fixture
def issued(world):
    District.objects.create(code="4803", province=world.np, name_th="ท่าอุเทน", name_en="Tha Uthen",
                            municipality_count=1, sao_count=5, positions_framework=3, positions_filled=2)
    return do_provision_district_accounts(world.np, acting_user=world.provadmin).issued


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_slips_pdf_has_address_user_name_first_password_and_first_steps(world, issued):
    client = world.client_for(world.provadmin)
    token = make_slip_token(issued, acting_user=world.provadmin)
    response = client.post("/accounts/manage/slips.pdf", {"token": token})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    reader = PdfReader(io.BytesIO(response.content))
    fonts = {str(f) for page in reader.pages for f in (page["/Resources"]["/Font"] or {}).values()}
    assert fonts  # text is set in an embedded font
    text = pdf_text(response.content)
    assert "district-4803" in text
    assert issued[0].password in text
    assert "/accounts/login/" in text
    assert "ท่าอุเทน" in text
    assert "เปลี่ยนรหัสผ่าน" in text
    from wts.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="account.slips_printed", actor=world.provadmin).exists()


def test_the_pdf_uses_sarabun(world, issued):
    token = make_slip_token(issued, acting_user=world.provadmin)
    response = world.client_for(world.provadmin).post("/accounts/manage/slips.pdf", {"token": token})
    reader = PdfReader(io.BytesIO(response.content))
    names = {str(font.get_object()["/BaseFont"]) for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("Sarabun" in name for name in names)


def test_slip_token_of_another_administrator_is_refused(world, issued):
    token = make_slip_token(issued, acting_user=world.provadmin)
    response = world.client_for(world.dept_admin).post("/accounts/manage/slips.pdf", {"token": token})
    assert response.status_code == 400
    assert "ผู้ใช้อื่น" in response.content.decode()


def test_a_tampered_token_is_refused(world, issued):
    token = make_slip_token(issued, acting_user=world.provadmin)
    response = world.client_for(world.provadmin).post("/accounts/manage/slips.pdf", {"token": token[:-3] + "abc"})
    assert response.status_code == 400


def test_a_slip_token_expires_after_thirty_minutes(world, issued):
    token = make_slip_token(issued, acting_user=world.provadmin)
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=31)):
        response = world.client_for(world.provadmin).post("/accounts/manage/slips.pdf", {"token": token})
    assert response.status_code == 400
    assert "หมดอายุ" in response.content.decode()


def test_a_slip_is_not_printed_once_the_password_was_replaced(world, issued):
    token = make_slip_token(issued, acting_user=world.provadmin)
    do_reset_password(User.objects.get(username="district-4803"), acting_user=world.provadmin)
    response = world.client_for(world.provadmin).post("/accounts/manage/slips.pdf", {"token": token})
    assert response.status_code == 410


def test_slips_need_a_manager_and_post(world, issued):
    token = make_slip_token(issued, acting_user=world.provadmin)
    assert world.client_for(world.director).post("/accounts/manage/slips.pdf", {"token": token}).status_code == 403
    assert world.client_for(world.provadmin).get("/accounts/manage/slips.pdf").status_code == 405


def _decodings(text: str):
    """Every way a reader could try to open a link: as is, base64 parts, zlib inside them."""
    import base64
    import zlib

    yield text
    for part in [text, *text.replace(":", ".").split(".")]:
        for pad in ("", "=", "=="):
            try:
                raw = base64.urlsafe_b64decode(part + pad)
            except ValueError:
                continue
            yield raw.decode("latin-1")
            try:
                yield zlib.decompress(raw).decode("latin-1")
            except zlib.error:
                pass


def test_the_print_link_does_not_carry_the_password(world, issued):
    from django.core import signing

    from wts.accounts.models import CredentialSlip

    token = make_slip_token(issued, acting_user=world.provadmin)
    for password in (c.password for c in issued):
        assert all(password not in text for text in _decodings(token))
        assert all(password not in row.payload for row in CredentialSlip.objects.all())
    with pytest.raises(signing.BadSignature):
        signing.loads(token, salt="wts.accounts.slips")
    page = world.client_for(world.provadmin).post("/accounts/manage/province/48/provision/")
    assert page.status_code == 200


def test_a_slip_prints_once_and_the_second_time_says_how_to_get_a_new_one(world, issued):
    from wts.accounts.models import CredentialSlip

    token = make_slip_token(issued, acting_user=world.provadmin)
    client = world.client_for(world.provadmin)
    assert client.post("/accounts/manage/slips.pdf", {"token": token}).status_code == 200
    assert CredentialSlip.objects.get().payload == ""
    again = client.post("/accounts/manage/slips.pdf", {"token": token})
    assert again.status_code == 400
    body = again.content.decode()
    assert "พิมพ์ไปแล้ว" in body and "ตั้งรหัสผ่านใหม่" in body


def test_an_expired_slip_is_refused_and_its_passwords_erased(world, issued):
    from wts.accounts.models import CredentialSlip

    token = make_slip_token(issued, acting_user=world.provadmin)
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=31)):
        response = world.client_for(world.provadmin).post("/accounts/manage/slips.pdf", {"token": token})
    assert response.status_code == 400 and "หมดอายุ" in response.content.decode()
    assert CredentialSlip.objects.get().payload == ""
