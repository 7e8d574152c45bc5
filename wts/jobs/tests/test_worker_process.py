"""A real worker process: the email of an extension for everyone goes out after the request,
through a slow mail server, each outcome recorded; a worker SIGKILLed mid-job loses nothing and
sends no email twice."""

import datetime as dt
import os
import signal
import time

import pytest
from django.test import override_settings
from django.utils import timezone

from conftest import make_user
from wts.accounts.models import Role
from wts.jobs.models import GeneratedFile, Job, JobSchedule
from wts.jobs.runner import start_job
from wts.jobs.vocabulary import JobKind, JobState
from wts.notifications.models import EmailState, OutgoingEmail
from wts.rounds.actions import extend_deadline
from wts.rounds.models import Window

from .worker import DATABASE_QUEUE, SharedDatabase, SlowSMTPServer, WorkerProcess, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def no_scheduled_reminders(db):
    """The worker's scheduler would send today's reminders too: these tests count emails and runs."""
    JobSchedule.objects.create(reminders_enabled=False)


@pytest.fixture
def open_round(world):
    now = timezone.now()
    world.round.entry_opens_at = now - dt.timedelta(days=10)
    world.round.entry_closes_at = now + dt.timedelta(days=1)
    world.round.confirm_opens_at = now + dt.timedelta(days=2)
    world.round.confirm_closes_at = now + dt.timedelta(days=10)
    world.round.save()
    return world


@pytest.fixture
def shared(tmp_path):
    """The database the test and the worker both use; the queue is the database one."""
    with override_settings(TASKS=DATABASE_QUEUE):
        db = SharedDatabase(tmp_path)
        try:
            yield db
        finally:
            db.restore()


@pytest.fixture
def smtp():
    server = SlowSMTPServer(delay=0.05)
    yield server
    server.stop()


def officers_with_email(world, count):
    districts = [world.np_mueang, world.np_pla_pak, world.sk_mueang, world.sk_kusuman]
    for n in range(count):
        make_user(f"officer-{n}", Role.DISTRICT_OFFICER, district=districts[n % 4], email=f"officer{n}@example.go.th")


def test_an_extension_for_everyone_returns_at_once_and_the_worker_sends_every_email(open_round, tmp_path, smtp):
    world = open_round
    officers_with_email(world, 40)
    with override_settings(TASKS=DATABASE_QUEUE):
        db = SharedDatabase(tmp_path)
        try:
            extend_deadline(world.round, window=Window.ENTRY, closes_at=world.round.entry_closes_at + dt.timedelta(days=7),
                            reason="น้ำท่วมหลายจังหวัด", acting_user=world.dept_admin)
            # The action only wrote rows: nothing has reached the mail server yet.
            assert smtp.received == []
            assert OutgoingEmail.objects.filter(state=EmailState.PENDING).count() == 40
            worker = WorkerProcess(tmp_path, db.env, EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                                   EMAIL_HOST="127.0.0.1", EMAIL_PORT=smtp.port, EMAIL_BATCH_SIZE=15)
            try:
                wait_until(lambda: OutgoingEmail.objects.filter(state=EmailState.SENT).count() == 40,
                           message="every email sent", worker=worker)
                # The job records its own end just after its last message: wait for it before the kill.
                wait_until(lambda: not Job.objects.filter(kind=JobKind.EMAIL).exclude(state=JobState.SUCCEEDED).exists(),
                           message="the email job finished", worker=worker)
            finally:
                worker.kill()
            assert sorted(smtp.received) == sorted(f"officer{n}@example.go.th" for n in range(40))
            assert not OutgoingEmail.objects.exclude(state=EmailState.SENT).exists()
            assert OutgoingEmail.objects.filter(attempts=1, sent_at__isnull=False).count() == 40
            assert Job.objects.get(kind=JobKind.EMAIL).state == JobState.SUCCEEDED
        finally:
            db.restore()


def test_a_worker_killed_mid_export_is_replaced_and_the_export_completes_once(world, shared, tmp_path):
    marker = tmp_path / "held"
    job = start_job(JobKind.ROUND_EXPORT, title="ส่งออกทั้งประเทศ", owner=world.dept_admin,
                    params={"fiscal_year": world.round.fiscal_year, "fmt": "csv"})
    first = WorkerProcess(tmp_path, shared.env, WTS_TEST_EXPORT="hold", WTS_TEST_MARKER=marker)
    try:
        wait_until(lambda: marker.exists() and marker.read_text(), message="the export to start", worker=first)
        os.kill(int(marker.read_text()), signal.SIGKILL)
        first.proc.wait(timeout=10)
        job.refresh_from_db()
        assert job.state == JobState.RUNNING and job.attempts == 1  # what a dead worker leaves behind
    finally:
        first.kill()
    second = WorkerProcess(tmp_path, shared.env, WTS_TEST_EXPORT="hold", WTS_TEST_MARKER=marker)
    try:
        wait_until(lambda: Job.objects.get(pk=job.pk).state == JobState.SUCCEEDED, message="the export re-run",
                   worker=second)
    finally:
        second.kill()
    job.refresh_from_db()
    assert job.attempts == 2 and job.progress == 100
    assert GeneratedFile.objects.filter(job=job).count() == 1
    content = bytes(GeneratedFile.objects.get(job=job).content).decode("utf-8-sig")
    assert len(content.strip().splitlines()) == 5  # header and the four districts

    from django_tasks_db.models import DBTaskResult

    runs = DBTaskResult.objects.filter(task_path="wts.jobs.runner.run_job", args_kwargs__args=[str(job.pk)])
    assert sorted(runs.values_list("status", flat=True)) == ["FAILED", "SUCCESSFUL"]  # the dead run is closed too


def test_a_worker_killed_mid_batch_sends_no_email_twice_and_the_next_worker_sends_the_rest(world, shared, tmp_path):
    server = SlowSMTPServer(delay=0.15)
    try:
        officers_with_email(world, 30)
        from wts.accounts.models import User
        from wts.notifications.service import notify

        notify(User.objects.filter(username__startswith="officer-"), kind="x", title="ทดสอบการส่งซ้ำ")
        mail_env = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1",
                    "EMAIL_PORT": server.port}
        first = WorkerProcess(tmp_path, shared.env, **mail_env)
        try:
            wait_until(lambda: len(server.received) >= 5, message="some emails sent", worker=first)
        finally:
            first.kill()
        killed_after = len(server.received)
        assert killed_after < 30
        time.sleep(0.5)
        second = WorkerProcess(tmp_path, shared.env, **mail_env)
        try:
            wait_until(lambda: not OutgoingEmail.objects.filter(state__in=[EmailState.PENDING, EmailState.SENDING]).exists(),
                       message="every email settled", worker=second)
        finally:
            second.kill()
        states = dict(OutgoingEmail.objects.values_list("to", "state"))
        sent = {to for to, state in states.items() if state == EmailState.SENT}
        uncertain = {to for to, state in states.items() if state == EmailState.UNCERTAIN}
        assert len(server.received) == len(set(server.received)), "an email was sent twice"
        assert sent <= set(server.received) <= sent | uncertain
        assert len(sent) + len(uncertain) == 30 and len(uncertain) <= 1
    finally:
        server.stop()
