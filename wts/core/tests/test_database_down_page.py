"""When the database cannot be reached, users get a clear Thai page (503, Retry-After), never the
WSGI server's bare English error, and the system needs no restart once the database is back."""

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client


def database_down(execute, sql, params, many, context):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@pytest.fixture
def logged_in(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.officer)
    return client


@pytest.mark.parametrize("method, path", [("get", "/entry/"), ("post", "/entry/2569/area/1/"), ("get", "/")])
def test_a_database_outage_shows_the_thai_page_with_retry_after(logged_in, method, path):
    with connection.execute_wrapper(database_down):
        response = getattr(logged_in, method)(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "ระบบขัดข้องชั่วคราว" in body and "ไม่สูญหาย" in body and "บันทึกอีกครั้ง" in body
    assert "Traceback" not in body


def test_anonymous_visitors_get_the_same_page(db):
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(database_down):
        response = client.get("/entry/", HTTP_COOKIE="sessionid=abcdefghijklmnopqrstuvwxyz123456")
    assert response.status_code == 503


def test_the_next_request_after_the_outage_works(logged_in):
    with connection.execute_wrapper(database_down):
        assert logged_in.get("/entry/").status_code == 503
    assert logged_in.get("/entry/").status_code == 200


def test_other_errors_still_get_the_500_page_without_touching_the_database(world, monkeypatch):
    from wts.entry import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "district_overview", broken)
    client = Client(raise_request_exception=False)
    client.force_login(world.officer)
    response = client.get("/entry/")
    assert response.status_code == 500
    assert "ระบบขัดข้องชั่วคราว" in response.content.decode()


def test_the_database_going_away_before_the_session_is_saved_is_a_503_not_a_bad_request(logged_in, time_machine):
    import datetime as dt

    from django.utils import timezone

    # Ten minutes after the last page: this page stamps the activity, so the session is saved.
    time_machine.move_to(timezone.now() + dt.timedelta(minutes=10))

    def session_save_fails(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("UPDATE") and "django_session" in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(session_save_fails):
        response = logged_in.get("/entry/")
    assert response.status_code == 503
    assert "ระบบขัดข้องชั่วคราว" in response.content.decode()


def test_a_plain_bad_request_gets_the_thai_400_page(client, db):
    response = client.get("/", HTTP_HOST="bad host name")
    assert response.status_code == 400
    assert "คำขอไม่ถูกต้อง" in response.content.decode()
