"""The proposed session refresh: idle logout still works, page views stop writing the session."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

MIDDLEWARE = list(settings.MIDDLEWARE)
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
                  "wts.core.session_refresh.RefreshSessionExpiry")

pytestmark = pytest.mark.django_db

refreshing = override_settings(SESSION_SAVE_EVERY_REQUEST=False, MIDDLEWARE=MIDDLEWARE)


def session_writes(client, path="/entry/") -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return sum(1 for q in ctx.captured_queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT"))


@refreshing
def test_page_views_within_the_refresh_interval_do_not_write_the_session(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC), tick=False)
    client = Client()
    client.force_login(world.officer)
    session_writes(client)
    assert session_writes(client) == 0
    time_machine.shift(dt.timedelta(minutes=4))
    assert session_writes(client) == 0


@refreshing
def test_activity_after_the_interval_pushes_the_idle_timeout_forward(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC), tick=False)
    client = Client()
    client.force_login(world.officer)
    session_writes(client)
    for _ in range(3):  # active for 90 minutes, one page every 30 minutes
        time_machine.shift(dt.timedelta(minutes=30))
        assert session_writes(client) == 1
    assert client.get("/entry/").status_code == 200


@refreshing
def test_an_idle_session_still_ends_after_the_idle_timeout(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC), tick=False)
    client = Client()
    client.force_login(world.officer)
    client.get("/entry/")
    time_machine.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
    response = client.get("/entry/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@refreshing
def test_anonymous_requests_get_no_session(db):
    client = Client()
    client.get("/accounts/login/")
    assert "sessionid" not in client.cookies
