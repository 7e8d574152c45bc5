import logging

import pytest
from django.core import mail
from django.test import Client, override_settings

from wts.notifications.models import Notification
from wts.notifications.service import notify
from wts.review.tests.helpers import DURING_CONFIRM, item, reload, submitted
from wts.workflow.actions import confirm_report, reopen_report, return_report, submit_report
from wts.workflow.models import ReportState

pytestmark = pytest.mark.usefixtures("during_entry")


@pytest.fixture
def emails(world):
    for user, address in ((world.officer, "d4801@example.go.th"), (world.director, "dir48@example.go.th")):
        user.email = address
        user.save()


def kinds_for(user):
    return list(Notification.objects.filter(user=user).order_by("id").values_list("kind", flat=True))


def test_each_step_of_the_workflow_notifies_the_other_side(world, time_machine, emails, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = submitted(world)
        time_machine.move_to(DURING_CONFIRM, tick=False)
        return_report(reload(report), acting_user=world.director, reason="ตรวจ 1.01", item_ids=[item(world).pk])
        submit_report(reload(report), acting_user=world.officer)
        confirm_report(reload(report), acting_user=world.director)
        reopen_report(reload(report), acting_user=world.dept_admin, reason="ทบทวน")
    assert kinds_for(world.officer) == ["report.returned", "report.confirmed", "report.reopened"]
    assert kinds_for(world.director) == ["report.submitted", "report.resubmitted", "report.reopened"]
    assert kinds_for(world.director_sk) == []
    subjects = [m.subject for m in mail.outbox]
    assert "จังหวัดส่งข้อมูลของอำเภอเมืองนครพนม กลับให้แก้ไข" in subjects
    assert "อำเภอเมืองนครพนม ส่งข้อมูลที่แก้ไขแล้ว รอการยืนยัน" in subjects
    returned = next(m for m in mail.outbox if "กลับให้แก้ไข" in m.subject)
    assert returned.to == ["d4801@example.go.th"]
    assert "ตรวจ 1.01" in returned.body and "1.01 หนังสือราชการรับ-ส่งและดำเนินการ" in returned.body


def test_email_goes_out_only_after_the_transaction_commits(world, time_machine, emails, django_capture_on_commit_callbacks):
    report = submitted(world)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        return_report(reload(report), acting_user=world.director, reason="แก้")
    assert mail.outbox == []
    assert callbacks
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


@override_settings(EMAIL_BACKEND="wts.notifications.tests.failing_backend.FailingBackend")
def test_a_failing_mail_server_never_loses_the_transition(world, time_machine, emails, caplog,
                                                         django_capture_on_commit_callbacks):
    report = submitted(world)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        return_report(reload(report), acting_user=world.director, reason="แก้")
    assert reload(report).state == ReportState.RETURNED
    notification = Notification.objects.get(user=world.officer, kind="report.returned")
    assert notification.emailed_at is None
    assert "email to d4801@example.go.th failed" in caplog.text


def test_the_bell_counts_unread_notifications(world):
    notify([world.officer], kind="x", title="เรื่องหนึ่ง", email=False)
    notify([world.officer], kind="x", title="เรื่องสอง", email=False)
    notify([world.director], kind="x", title="ของผู้อื่น", email=False)
    client = world.client_for(world.officer)
    page = client.get("/entry/").content.decode()
    assert 'id="bell-count">2<' in page and "hx-get" not in page  # counted with the page, not by a second request
    bell = client.get("/notifications/bell/").content.decode()
    assert 'id="bell-count">2<' in bell
    assert "ยังไม่อ่าน 2 รายการ" in bell


def test_the_list_shows_only_my_notifications_and_opening_one_marks_it_read(world):
    mine = notify([world.officer], kind="report.returned", title="ส่งกลับให้แก้ไข", body="เหตุผล", link="/entry/",
                  email=False)[0]
    theirs = notify([world.director], kind="x", title="ของผู้อำนวยการ", email=False)[0]
    client = world.client_for(world.officer)
    body = client.get("/notifications/").content.decode()
    assert "ส่งกลับให้แก้ไข" in body and "ของผู้อำนวยการ" not in body
    response = client.post(f"/notifications/{mine.pk}/open/")
    assert response.status_code == 302 and response.url == "/entry/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.post(f"/notifications/{theirs.pk}/open/").status_code == 404
    assert client.get(f"/notifications/{mine.pk}/open/").status_code == 405


def test_an_outside_link_is_never_followed(world):
    bad = notify([world.officer], kind="x", title="t", link="https://evil.example/", email=False)[0]
    response = world.client_for(world.officer).post(f"/notifications/{bad.pk}/open/")
    assert response.url == "/notifications/"


def test_mark_all_read(world):
    notify([world.officer], kind="x", title="a", email=False)
    notify([world.director], kind="x", title="b", email=False)
    client = world.client_for(world.officer)
    assert client.get("/notifications/read-all/").status_code == 405
    assert client.post("/notifications/read-all/").status_code == 302
    assert not Notification.objects.filter(user=world.officer, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=world.director, read_at__isnull=True).exists()


def test_notification_pages_need_a_login(db):
    assert Client().get("/notifications/").status_code == 302
    assert Client().get("/notifications/bell/").status_code == 302


def test_the_list_uses_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for n in range(40):
        notify([world.officer], kind="x", title=f"เรื่อง {n}", email=False)
    client = world.client_for(world.officer)
    with django_assert_max_num_queries(12):
        assert client.get("/notifications/").status_code == 200



@override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=9,
                   EMAIL_TIMEOUT=2)
def test_an_unreachable_smtp_server_never_loses_the_transition(world, time_machine, emails, caplog,
                                                              django_capture_on_commit_callbacks):
    report = submitted(world)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        confirm_report(reload(report), acting_user=world.director)
    assert reload(report).state == ReportState.CONFIRMED
    assert Notification.objects.get(user=world.officer, kind="report.confirmed").emailed_at is None
    assert "mail server unavailable" in caplog.text
