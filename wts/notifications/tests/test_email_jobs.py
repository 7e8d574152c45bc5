"""Email copies as background work: every outcome recorded, retried with back-off, never sent twice."""

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from wts.jobs.models import Job
from wts.jobs.vocabulary import JobKind, JobState
from wts.notifications.jobs import recover_emails, send_pending_emails
from wts.notifications.models import EmailState, Notification, OutgoingEmail
from wts.notifications.service import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def addressed(world):
    people = [world.officer, world.officer_np2, world.director]
    for n, user in enumerate(people):
        user.email = f"person{n}@example.go.th"
        user.save()
    return people


class NoProgress:
    def step(self, *args, **kwargs):
        pass


def drain():
    send_pending_emails(Job(kind=JobKind.EMAIL), NoProgress())


def test_one_job_sends_every_email_of_a_transaction_and_records_each_outcome(addressed,
                                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notify(addressed[:2], kind="reminder", title="เรื่องหนึ่ง", body="ข้อความ", link="/entry/")
            notify(addressed[2:], kind="reminder", title="เรื่องสอง")
    assert Job.objects.filter(kind=JobKind.EMAIL).count() == 1
    assert Job.objects.get(kind=JobKind.EMAIL).state == JobState.SUCCEEDED
    assert sorted(m.to[0] for m in mail.outbox) == [u.email for u in addressed]
    assert OutgoingEmail.objects.filter(state=EmailState.SENT, attempts=1, sent_at__isnull=False).count() == 3
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 3
    assert "http://127.0.0.1:8000/entry/" in next(m.body for m in mail.outbox if m.subject == "เรื่องหนึ่ง")


def test_running_the_email_job_again_sends_nothing_twice(addressed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(addressed, kind="x", title="ครั้งเดียว")
    drain()
    drain()
    assert len(mail.outbox) == 3


def test_users_without_an_address_get_the_in_app_notification_only(world, addressed):
    notify([world.officer_sk], kind="x", title="ไม่มีอีเมล")
    assert Notification.objects.filter(user=world.officer_sk).exists()
    assert not OutgoingEmail.objects.filter(notification__user=world.officer_sk).exists()


@override_settings(EMAIL_BACKEND="wts.notifications.tests.failing_backend.FailingBackend", EMAIL_RETRY_SECONDS=60,
                   EMAIL_MAX_ATTEMPTS=2)
def test_a_failed_message_is_retried_with_back_off_then_marked_failed(addressed, time_machine):
    notify(addressed[:1], kind="x", title="ลองใหม่")
    drain()
    email = OutgoingEmail.objects.get()
    assert email.state == EmailState.PENDING and email.attempts == 1 and "mail server down" in email.last_error
    assert email.next_attempt_at >= timezone.now() + dt.timedelta(seconds=59)
    drain()  # not due yet: no second attempt
    email.refresh_from_db()
    assert email.attempts == 1
    time_machine.move_to(timezone.now() + dt.timedelta(seconds=61), tick=False)
    drain()
    email.refresh_from_db()
    assert email.state == EmailState.FAILED and email.attempts == 2


def test_a_retry_after_the_server_recovers_sends_the_message(addressed, time_machine):
    with override_settings(EMAIL_BACKEND="wts.notifications.tests.failing_backend.FailingBackend"):
        notify(addressed[:1], kind="x", title="ภายหลัง")
        drain()
    assert mail.outbox == []
    time_machine.move_to(timezone.now() + dt.timedelta(hours=1), tick=False)
    drain()
    assert [m.subject for m in mail.outbox] == ["ภายหลัง"]
    assert OutgoingEmail.objects.get().state == EmailState.SENT


def test_a_message_left_sending_by_a_dead_worker_is_uncertain_and_not_sent_again(addressed, settings):
    notify(addressed[:2], kind="x", title="กลางทาง")
    stuck = OutgoingEmail.objects.order_by("id").first()
    old = timezone.now() - dt.timedelta(seconds=settings.JOB_STALE_SECONDS + 1)
    OutgoingEmail.objects.filter(pk=stuck.pk).update(state=EmailState.SENDING, attempts=1, attempted_at=old)
    result = recover_emails()
    assert result["uncertain"] == 1 and result["started"] is True  # the other one still waits: a job sends it
    stuck.refresh_from_db()
    assert stuck.state == EmailState.UNCERTAIN
    drain()
    assert [m.to[0] for m in mail.outbox] == [addressed[1].email]
