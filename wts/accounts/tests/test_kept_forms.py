"""A save the server cannot take as it is (the session ended, the form token went stale) is
answered with a line for the form's own panel, never a whole page inside it (issue 23 §1)."""

import datetime as dt

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from wts.accounts.drafts import LAST_ACTIVITY_KEY, draft_account_tag, draft_secret

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/entry/2569/area/6/"}
SAVE = "/entry/2569/area/6/"


def test_a_save_in_place_after_the_session_ended_gets_a_line_for_its_panel(world):
    client = world.client_for(world.officer)
    Session.objects.all().delete()
    response = client.post(SAVE, {"save": ""}, headers=HTMX)
    assert response.status_code == 401 and response["WTS-Keep-Form"] == "session"
    body = response.content.decode()
    assert "<html" not in body and "<header" not in body
    assert "ยังไม่ได้บันทึก: หมดเวลาการเข้าใช้งานแล้ว" in body
    assert "/accounts/login/?next=%2Fentry%2F2569%2Farea%2F6%2F" in body


def test_a_save_in_place_after_the_idle_timeout_gets_the_same_line(world, time_machine):
    client = world.client_for(world.officer)
    start = timezone.now()
    assert client.get("/entry/").status_code == 200
    time_machine.move_to(start + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
    response = client.post(SAVE, {"save": ""}, headers=HTMX)
    assert response.status_code == 401 and response["WTS-Keep-Form"] == "session"


def test_a_page_load_after_the_session_ended_still_goes_to_the_login_page(world):
    client = world.client_for(world.officer)
    Session.objects.all().delete()
    assert client.get("/entry/").status_code == 302
    polled = client.get("/notifications/bell/", headers=HTMX)
    assert polled.status_code == 204 and "HX-Redirect" in polled


def test_a_stale_form_token_in_place_gets_a_line_and_a_fresh_token_saves(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer)
    page = client.get(SAVE)
    stale = "x" * 64
    refused = client.post(SAVE, {"save": "", "csrfmiddlewaretoken": stale}, headers=HTMX)
    assert refused.status_code == 403 and refused["WTS-Keep-Form"] == "csrf"
    body = refused.content.decode()
    assert "<html" not in body and "โปรดกดบันทึกอีกครั้ง" in body
    token = client.get("/accounts/form-token/").json()
    assert token["signed_in"] is True
    assert page.status_code == 200
    again = client.post(SAVE, {"save": "", "csrfmiddlewaretoken": token["token"]}, headers=HTMX)
    assert "WTS-Keep-Form" not in again and "CSRF" not in again.content.decode()  # past the token check


def test_a_stale_form_token_on_a_whole_page_still_gets_the_thai_page(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer)
    client.get(SAVE)
    response = client.post(SAVE, {"save": "", "csrfmiddlewaretoken": "x" * 64})
    assert response.status_code == 403 and "แบบฟอร์มหมดอายุ" in response.content.decode()


def test_fetching_a_form_token_is_not_activity(world, time_machine):
    client = world.client_for(world.officer)
    start = timezone.now()
    assert client.get("/entry/").status_code == 200
    time_machine.move_to(start + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60))
    assert client.get("/accounts/form-token/").status_code == 200
    time_machine.move_to(start + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
    assert client.get("/entry/").status_code == 302


def test_keep_alive_keeps_the_session_past_the_idle_timeout(world, time_machine):
    client = world.client_for(world.officer)
    start = timezone.now()
    assert client.get("/entry/").status_code == 200
    time_machine.move_to(start + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 120))
    kept = client.post("/accounts/keep-alive/")
    assert kept.status_code == 200 and kept.json()["expires_in"] == settings.SESSION_COOKIE_AGE
    assert client.session[LAST_ACTIVITY_KEY] >= int((start + dt.timedelta(seconds=100)).timestamp())
    time_machine.move_to(start + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
    assert client.get("/entry/").status_code == 200
    assert client.get("/accounts/keep-alive/").status_code == 405
    assert Client().post("/accounts/keep-alive/").status_code == 401


def test_the_draft_name_and_key_belong_to_one_account(world):
    assert draft_account_tag(world.officer) != draft_account_tag(world.officer_np2)
    assert draft_secret(world.officer) != draft_secret(world.officer_np2)
    before = draft_secret(world.officer)
    world.officer.set_password("another-password-2569")
    assert draft_secret(world.officer) != before  # a new password: old drafts unreadable
    body = world.client_for(world.officer_np2).get(SAVE).content.decode()
    assert f'data-draft-account="{draft_account_tag(world.officer_np2)}"' in body
    assert draft_account_tag(world.officer) not in body
    assert 'data-draft="4802:2569:6"' in body
