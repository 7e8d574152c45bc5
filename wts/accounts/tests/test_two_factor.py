import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from wts.audit.models import AuditEvent


def code_for(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def start(client):
    assert client.post("/accounts/two-factor/", {"start": "1"}).status_code == 302


def enable(world, user):
    client = world.client_for(user)
    start(client)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/accounts/two-factor/", {"token": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    return device


def later(seconds):
    """Each TOTP code works once: the next login needs the next 30-second code."""
    return time_machine.travel(timezone.now() + dt.timedelta(seconds=seconds), tick=False)


def login(username):
    client = Client()
    assert client.post("/accounts/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def test_setup_page_shows_a_qr_code_and_a_wrong_code_is_refused(world):
    client = world.client_for(world.provadmin)
    start(client)
    response = client.get("/accounts/two-factor/")
    assert response.status_code == 200
    assert "<svg" in response.content.decode()
    response = client.post("/accounts/two-factor/", {"token": "000000"})
    assert response.status_code == 400
    assert "รหัสไม่ถูกต้อง" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.provadmin, confirmed=True).exists()


def test_provincial_admin_turns_it_on_and_then_needs_a_code_at_login(world):
    device = enable(world, world.provadmin)
    assert device.confirmed
    assert AuditEvent.objects.filter(action="account.otp_enabled", subject_user=world.provadmin).exists()
    client = login("provadmin-48")
    response = client.get("/accounts/manage/province/48/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/verify/")
    response = client.post("/accounts/two-factor/verify/", {"token": "123456", "next": "/accounts/manage/"})
    assert response.status_code == 400
    assert AuditEvent.objects.filter(action="account.otp_failed").exists()
    with later(60):
        device.refresh_from_db()
        response = client.post("/accounts/two-factor/verify/", {"token": code_for(device), "next": "/accounts/manage/"})
        assert response.status_code == 302 and response["Location"] == "/accounts/manage/"
        assert client.get("/accounts/manage/province/48/").status_code == 200


def test_verify_never_redirects_off_site(world):
    device = enable(world, world.dept_admin)
    client = login("dla-admin")
    with later(60):
        response = client.post("/accounts/two-factor/verify/",
                               {"token": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_repeated_wrong_codes_are_throttled(world):
    device = enable(world, world.dept_admin)
    client = login("dla-admin")
    with later(30):
        client.post("/accounts/two-factor/verify/", {"token": "000000"})
        response = client.post("/accounts/two-factor/verify/", {"token": code_for(device)})
    assert response.status_code == 400
    assert "โปรดรอสักครู่" in response.content.decode()
    with later(90):
        assert client.post("/accounts/two-factor/verify/", {"token": code_for(device)}).status_code == 302


@pytest.mark.parametrize("persona", ["officer", "director", "dept_viewer"])
def test_second_factor_is_offered_only_to_administrators(world, persona):
    assert world.client_for(getattr(world, persona)).get("/accounts/two-factor/").status_code == 403


def test_department_admin_removes_the_factor_of_a_user_who_lost_the_phone(world):
    enable(world, world.provadmin)
    response = world.client_for(world.dept_admin).post("/accounts/manage/user/provadmin-48/remove-two-factor/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.provadmin).exists()
    assert login("provadmin-48").get("/accounts/manage/province/48/").status_code == 200
    assert AuditEvent.objects.filter(action="account.otp_removed", actor=world.dept_admin).exists()


def test_owner_turns_it_off_with_a_valid_code(world):
    device = enable(world, world.provadmin)
    client = world.client_for(world.provadmin)
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert client.post("/accounts/two-factor/disable/", {"token": "000000"}).status_code == 400
    with later(60):
        device.refresh_from_db()
        assert client.post("/accounts/two-factor/disable/", {"token": code_for(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=world.provadmin).exists()


def test_the_manual_secret_is_the_base32_key_the_apps_expect(world):
    import base64

    client = world.client_for(world.provadmin)
    start(client)
    body = client.get("/accounts/two-factor/").content.decode()
    device = TOTPDevice.objects.get(user=world.provadmin)
    secret = body.split('id="otp-secret">')[1].split("<")[0].replace(" ", "")
    assert base64.b32decode(secret + "=" * (-len(secret) % 8)) == device.bin_key


def test_opening_the_setup_page_creates_no_device_and_starting_is_a_post_through_the_action(world):
    client = world.client_for(world.provadmin)
    for _ in range(2):
        response = client.get("/accounts/two-factor/")
        assert response.status_code == 200 and 'name="start"' in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.provadmin).exists()
    start(client)
    start(client)
    assert TOTPDevice.objects.filter(user=world.provadmin, confirmed=False).count() == 1
    assert AuditEvent.objects.filter(action="account.otp_setup_started", actor=world.provadmin).count() == 1
