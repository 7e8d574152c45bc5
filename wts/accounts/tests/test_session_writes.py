"""Page views do not write the session on every request; idle logout still holds.

IdleTimeoutMiddleware stamps the last activity at most every 5 minutes; that stamp is the only
thing that writes the session row (and pushes its expiry forward) between logins."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def session_writes(client, path="/entry/") -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return sum(1 for q in ctx.captured_queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT"))


def test_page_views_within_the_refresh_interval_do_not_write_the_session(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC), tick=False)
    client = Client()
    client.force_login(world.officer)
    session_writes(client)
    assert session_writes(client) == 0
    time_machine.shift(dt.timedelta(minutes=4))
    assert session_writes(client) == 0


def test_activity_after_the_interval_pushes_the_idle_timeout_forward(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC), tick=False)
    client = Client()
    client.force_login(world.officer)
    session_writes(client)
    for _ in range(3):  # active for 90 minutes, one page every 30 minutes
        time_machine.shift(dt.timedelta(minutes=30))
        assert session_writes(client) == 1
    assert client.get("/entry/").status_code == 200


def test_an_idle_session_still_ends_after_the_idle_timeout(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC), tick=False)
    client = Client()
    client.force_login(world.officer)
    client.get("/entry/")
    time_machine.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
    response = client.get("/entry/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_anonymous_requests_get_no_session(db):
    client = Client()
    client.get("/accounts/login/")
    assert "sessionid" not in client.cookies


def test_the_session_expiry_moves_forward_with_activity_not_with_every_page(world, time_machine):
    from django.contrib.sessions.models import Session

    time_machine.move_to(dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC), tick=False)
    client = Client()
    client.force_login(world.officer)
    client.get("/entry/")
    key = client.cookies["sessionid"].value
    first = Session.objects.get(session_key=key).expire_date
    time_machine.shift(dt.timedelta(minutes=2))
    client.get("/entry/")
    assert Session.objects.get(session_key=key).expire_date == first
    time_machine.shift(dt.timedelta(minutes=10))
    client.get("/entry/")
    assert Session.objects.get(session_key=key).expire_date == first + dt.timedelta(minutes=12)
