"""Background jobs run in the test process (the suite's "immediate" backend): exports made for
their owner only, progress recorded, failures retried then shown, stalled jobs recovered, files
expiring, the department's schedule of reminders."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from wts.audit.models import AuditEvent
from wts.audit.vocabulary import AuditAction
from wts.jobs import runner
from wts.jobs.models import GeneratedFile, Job, JobSchedule, ScheduledRun
from wts.jobs.runner import recover_stalled_jobs, run_job, start_job
from wts.jobs.scheduler import tick
from wts.jobs.vocabulary import HANDLERS, JobKind, JobState
from wts.lib.thai import BANGKOK
from wts.monitoring.models import Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Jobs start when the request's transaction commits: run those callbacks (and the job)."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        yield callbacks


def test_a_national_export_runs_as_a_job_and_only_its_owner_downloads_it(world, during_entry,
                                                                         django_capture_on_commit_callbacks):
    client = world.client_for(world.dept_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/spreadsheets/{world.round.fiscal_year}/export.xlsx/background/")
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert job.state == JobState.SUCCEEDED and job.progress == 100 and job.owner == world.dept_admin
    assert AuditEvent.objects.filter(action=AuditAction.SPREADSHEET_EXPORTED, actor=world.dept_admin).exists()

    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "wts-2569-national.xlsx" in page and "hx-trigger" not in page  # finished: no more polling
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    assert 'filename="wts-2569-national.xlsx"' in download["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(download.content)).worksheets[0]
    assert sorted(row[2] for row in sheet.iter_rows(min_row=2, values_only=True)) == ["4701", "4702", "4801", "4802"]

    assert "wts-2569-national.xlsx" in client.get("/jobs/downloads/").content.decode()
    viewer = world.client_for(world.dept_viewer)
    assert viewer.get(f"/jobs/{job.pk}/download/").status_code == 404
    assert viewer.get(f"/jobs/{job.pk}/").status_code == 404
    assert "wts-2569-national.xlsx" not in viewer.get("/jobs/downloads/").content.decode()


def test_a_running_job_page_polls_its_progress_bar(world):
    job = Job.objects.create(kind=JobKind.ROUND_EXPORT, title="ส่งออก", owner=world.dept_admin,
                             state=JobState.RUNNING, progress=40, step="เขียนข้อมูลรายอำเภอ")
    client = world.client_for(world.dept_admin)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f'hx-get="/jobs/{job.pk}/progress/"' in page and 'hx-trigger="every 1s"' in page
    partial = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert 'aria-valuenow="40"' in partial and "เขียนข้อมูลรายอำเภอ" in partial and "<html" not in partial


def test_a_multi_round_export_job_writes_one_row_per_district_item_and_round(world, during_entry,
                                                                             django_capture_on_commit_callbacks):
    client = world.client_for(world.dept_viewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/spreadsheets/rounds/export.csv/background/", {"rounds": [world.round.fiscal_year]})
    job = Job.objects.get()
    assert job.state == JobState.SUCCEEDED
    text = client.get(f"/jobs/{job.pk}/download/").content.decode("utf-8-sig")
    items = world.round.areas.values_list("items", flat=True).count()
    assert len(text.strip().splitlines()) == 1 + 4 * items


def test_a_multi_round_export_without_rounds_is_refused_beside_the_field(world):
    response = world.client_for(world.dept_admin).post("/spreadsheets/rounds/export.xlsx/background/", {})
    assert response.status_code == 400
    assert "กรุณาเลือกอย่างน้อยหนึ่งรอบ" in response.content.decode()
    assert not Job.objects.exists()


def test_the_status_report_job_makes_the_pdf(world, during_entry, django_capture_on_commit_callbacks):
    client = world.client_for(world.dept_admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/monitoring/report.pdf/background/?round={world.round.fiscal_year}")
    job = Job.objects.get()
    assert job.state == JobState.SUCCEEDED, job.error
    pdf = PdfReader(io.BytesIO(client.get(f"/jobs/{job.pk}/download/").content))
    assert "นครพนม" in "".join(page.extract_text() for page in pdf.pages)


def test_the_staffing_pdf_job_makes_the_same_report_as_the_direct_download(world, during_entry,
                                                                           django_capture_on_commit_callbacks):
    client = world.client_for(world.dept_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/analytics/provinces.pdf/background/?round={world.round.fiscal_year}")
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.state == JobState.SUCCEEDED, job.error
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download["Content-Type"] == "application/pdf" and download.content.startswith(b"%PDF")


def test_a_job_enqueued_twice_runs_once(world, monkeypatch):
    calls = []
    monkeypatch.setitem(HANDLERS, JobKind.CLEANUP, "wts.jobs.tests.test_jobs.counting_handler")
    monkeypatch.setattr("wts.jobs.tests.test_jobs.CALLS", calls)
    job = Job.objects.create(kind=JobKind.CLEANUP, title="ลบไฟล์")
    run_job.call(str(job.pk))
    run_job.call(str(job.pk))
    assert calls == [job.pk]
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED and job.attempts == 1


CALLS: list = []


def counting_handler(job, progress):
    CALLS.append(job.pk)


def failing_handler(job, progress):
    progress.step("ขั้นที่หนึ่ง", 1, 2)
    raise RuntimeError("mail server on fire")


def test_a_failing_job_is_tried_again_later_then_shown_failed_and_the_department_retries_it(
        world, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setitem(HANDLERS, JobKind.CLEANUP, "wts.jobs.tests.test_jobs.failing_handler")
    job = Job.objects.create(kind=JobKind.CLEANUP, title="ลบไฟล์", max_attempts=2)
    run_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and job.run_after > timezone.now()  # back-off before the second try
    assert "mail server on fire" in job.error

    Job.objects.filter(pk=job.pk).update(run_after=timezone.now() - dt.timedelta(seconds=1), task_id="")
    run_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.attempts == 2 and "RuntimeError" in job.error

    page = world.client_for(world.dept_admin).get("/jobs/?state=failed").content.decode()
    assert "mail server on fire" in page and f'action="/jobs/{job.pk}/retry/"' in page
    assert f'/jobs/{job.pk}/retry/' not in world.client_for(world.dept_viewer).get("/jobs/").content.decode()
    assert world.client_for(world.dept_viewer).post(f"/jobs/{job.pk}/retry/").status_code == 403

    monkeypatch.setitem(HANDLERS, JobKind.CLEANUP, "wts.jobs.handlers.remove_expired_files")
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for(world.dept_admin).post(f"/jobs/{job.pk}/retry/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED and job.attempts == 1
    assert AuditEvent.objects.filter(action=AuditAction.JOB_RETRIED, actor=world.dept_admin).count() == 1
    assert world.client_for(world.dept_admin).post(f"/jobs/{job.pk}/retry/").status_code == 409


def test_a_job_whose_worker_stopped_is_run_again(world, settings):
    old = timezone.now() - dt.timedelta(seconds=settings.JOB_STALE_SECONDS + 5)
    job = Job.objects.create(kind=JobKind.CLEANUP, title="ลบไฟล์", state=JobState.RUNNING, attempts=1,
                             started_at=old, heartbeat_at=old, task_id="lost")
    assert recover_stalled_jobs() == {"requeued": 1, "failed": 0, "enqueued": 0}
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED and job.attempts == 2


def test_a_job_whose_worker_stopped_at_its_last_attempt_is_failed_where_the_department_sees_it(world, settings):
    old = timezone.now() - dt.timedelta(seconds=settings.JOB_STALE_SECONDS + 5)
    job = Job.objects.create(kind=JobKind.CLEANUP, title="ลบไฟล์", state=JobState.RUNNING, attempts=3,
                             max_attempts=3, started_at=old, heartbeat_at=old)
    assert recover_stalled_jobs()["failed"] == 1
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "ตัวประมวลผลหยุดทำงาน" in job.error
    assert "ตัวประมวลผลหยุดทำงาน" in world.client_for(world.dept_admin).get("/jobs/").content.decode()


def test_a_running_job_with_a_fresh_heartbeat_is_left_alone(world):
    job = Job.objects.create(kind=JobKind.CLEANUP, title="ลบไฟล์", state=JobState.RUNNING, attempts=1,
                             heartbeat_at=timezone.now())
    assert recover_stalled_jobs() == {"requeued": 0, "failed": 0, "enqueued": 0}
    job.refresh_from_db()
    assert job.state == JobState.RUNNING


def test_a_job_that_never_reached_the_queue_is_handed_to_it(world):
    job = Job.objects.create(kind=JobKind.CLEANUP, title="ลบไฟล์", created_at=timezone.now() - dt.timedelta(minutes=5))
    assert recover_stalled_jobs()["enqueued"] == 1
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED


def test_a_job_run_again_replaces_its_file_instead_of_adding_one(world):
    job = Job.objects.create(kind=JobKind.ROUND_EXPORT, title="ส่งออก", owner=world.dept_admin)
    progress = runner.Progress(job)
    progress.save_file("a.csv", "text/csv", b"1")
    progress.save_file("a.csv", "text/csv", b"22")
    assert GeneratedFile.objects.get(job=job).size == 2


def test_expired_files_are_removed_by_a_scheduled_job_and_no_longer_download(world, django_capture_on_commit_callbacks):
    job = Job.objects.create(kind=JobKind.ROUND_EXPORT, title="ส่งออก", owner=world.dept_admin, state=JobState.SUCCEEDED)
    GeneratedFile.objects.create(job=job, owner=world.dept_admin, filename="a.csv", content_type="text/csv",
                                 content=b"x", expires_at=timezone.now() - dt.timedelta(minutes=1))
    client = world.client_for(world.dept_admin)
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404
    assert "หมดอายุ" in client.get("/jobs/downloads/").content.decode()
    JobSchedule.objects.create(reminders_enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert tick() == ["cleanup"]
    assert not GeneratedFile.objects.exists()
    assert Job.objects.get(kind=JobKind.CLEANUP).state == JobState.SUCCEEDED
    assert tick() == []


def test_the_department_sets_the_reminder_schedule_in_thai_digits(world):
    client = world.client_for(world.dept_admin)
    response = client.post("/jobs/schedule/", {
        "reminders_enabled": "on", "reminder_days_before": "๗, ๓,๑๔", "reminder_time": "๐๙:๑๕", "digest_weekday": "0",
    })
    assert response.status_code == 302
    schedule = JobSchedule.current()
    assert schedule.days_before == [14, 7, 3] and schedule.reminder_time == dt.time(9, 15)
    assert AuditEvent.objects.filter(action=AuditAction.JOB_SCHEDULE_CHANGED, actor=world.dept_admin).exists()
    assert 'value="09:15"' in client.get("/jobs/schedule/").content.decode()


def test_a_bad_schedule_is_refused_beside_the_field_and_keeps_what_was_typed(world):
    response = world.client_for(world.dept_admin).post("/jobs/schedule/", {
        "reminders_enabled": "on", "reminder_days_before": "สาม", "reminder_time": "25:00", "digest_weekday": "0",
    })
    body = response.content.decode()
    assert response.status_code == 400
    assert "คั่นด้วยจุลภาค" in body and "ชช:นน" in body and 'value="สาม"' in body and 'value="25:00"' in body
    assert not AuditEvent.objects.filter(action=AuditAction.JOB_SCHEDULE_CHANGED).exists()


def test_the_worker_sends_the_reminders_once_a_day_at_the_time_the_department_set(world, time_machine,
                                                                                  django_capture_on_commit_callbacks):
    JobSchedule.objects.create(reminder_days_before="7,3,1", reminder_time=dt.time(8, 30))
    time_machine.move_to(dt.datetime(2026, 9, 8, 8, 0, tzinfo=BANGKOK), tick=False)  # 7 days before entry closes
    with django_capture_on_commit_callbacks(execute=True):
        assert tick() == []
    assert not Reminder.objects.exists()
    time_machine.move_to(dt.datetime(2026, 9, 8, 8, 31, tzinfo=BANGKOK), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert tick() == ["reminders"]
    assert set(Reminder.objects.values_list("district__code", flat=True)) == {"4801", "4802", "4701", "4702"}
    assert Job.objects.get(kind=JobKind.REMINDERS).state == JobState.SUCCEEDED
    time_machine.move_to(dt.datetime(2026, 9, 8, 17, 0, tzinfo=BANGKOK), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert tick() == []
    assert ScheduledRun.objects.filter(name="reminders").count() == 1


def test_directors_get_the_weekly_digest_when_the_department_turns_it_on(world, time_machine,
                                                                         django_capture_on_commit_callbacks):
    from wts.notifications.models import Notification

    JobSchedule.objects.create(reminders_enabled=False, digest_enabled=True, digest_weekday=0,
                               reminder_time=dt.time(8, 0))
    time_machine.move_to(dt.datetime(2026, 9, 7, 9, 0, tzinfo=BANGKOK), tick=False)  # a Monday
    with django_capture_on_commit_callbacks(execute=True):
        assert tick() == ["digest"]
    digest = Notification.objects.get(user=world.director, kind="digest")
    assert "นครพนม" in digest.title and "อำเภอทั้งหมด 2 อำเภอ" in digest.body
    with django_capture_on_commit_callbacks(execute=True):
        assert tick() == []


def test_start_job_hands_the_job_to_the_queue_only_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_job(JobKind.CLEANUP, title="ลบไฟล์")
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and len(callbacks) == 1
