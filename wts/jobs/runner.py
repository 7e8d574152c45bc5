"""Starting, running and recovering jobs.

`start_job` writes the Job row and enqueues it through the Tasks API once the caller's transaction
commits. `run_job` is the one task every worker runs: it claims the row (so a job enqueued twice
runs once), beats a heartbeat while the handler works, and records the outcome. A worker killed
mid-job stops beating; `recover_stalled_jobs` (called by the worker's scheduler) runs such a job
again, or marks it failed where the department sees it and can retry it.
"""

import datetime as dt
import logging
import threading
import traceback

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from wts.lib.errors import Refused

from .models import GeneratedFile, Job
from .vocabulary import HANDLERS, JobState

try:  # Django 6 ships the Tasks API; the backport provides the same names before it.
    from django.tasks import default_task_backend, task
except ImportError:
    from django_tasks import default_task_backend, task

log = logging.getLogger(__name__)

# A queued job never handed to the queue (its process died between commit and enqueue) is
# enqueued again by the scheduler after this long.
UNSENT_GRACE = dt.timedelta(seconds=30)


def start_job(kind, *, title: str, owner=None, params=None, run_after=None, max_attempts=None,
              committed: bool = False) -> Job:
    """Record a job and hand it to the queue when the current transaction commits (at once when the
    caller is itself an after-commit hook: `committed=True`)."""
    job = Job.objects.create(
        kind=kind, title=str(title)[:300], owner=owner, params=params or {}, run_after=run_after,
        max_attempts=max_attempts or settings.JOB_MAX_ATTEMPTS,
    )
    if committed:
        enqueue(job)
    else:
        transaction.on_commit(lambda: enqueue(job))
    return job


def enqueue(job: Job) -> None:
    task_ = run_job
    if job.run_after is not None and job.run_after > timezone.now():
        if not default_task_backend.supports_defer:
            return  # the scheduler's recovery enqueues it once it is due
        task_ = run_job.using(run_after=job.run_after)
    try:
        result = task_.enqueue(str(job.pk))
    except Exception:  # the queue unreachable: the row stays queued and the scheduler retries it
        log.exception("could not enqueue job %s", job.pk)
        return
    Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])


class Progress:
    """What a handler reports as it works.

    In a worker the writes go through the heartbeat thread's own connection: a handler reading
    through a long iterator holds a read snapshot on its connection, and on SQLite a write from
    that connection would fail once anyone else has committed since ("database is locked").
    Without a heartbeat thread (the immediate backend of the tests) they are written at once.
    """

    def __init__(self, job: Job):
        self.job = job
        self.heartbeat = None

    def step(self, text: str, done: int | None = None, total: int | None = None) -> None:
        fields = {"step": str(text)[:200]}
        if done is not None and total:
            fields["progress"] = max(0, min(99, int(done * 100 / total)))
        for name, value in fields.items():
            setattr(self.job, name, value)
        if self.heartbeat is not None:
            self.heartbeat.report(fields)
        else:
            Job.objects.filter(pk=self.job.pk).update(heartbeat_at=timezone.now(), **fields)

    def save_file(self, filename: str, content_type: str, content: bytes) -> GeneratedFile:
        """Keep the result for its owner; a job that runs again replaces its file, never adds one."""
        expires = timezone.now() + dt.timedelta(hours=settings.DOWNLOAD_EXPIRY_HOURS)
        file, _created = GeneratedFile.objects.update_or_create(
            job=self.job,
            defaults={"owner_id": self.job.owner_id, "filename": filename, "content_type": content_type,
                      "content": content, "size": len(content), "expires_at": expires,
                      "created_at": timezone.now()},
        )
        return file


class _Heartbeat(threading.Thread):
    """Writes the job's progress as it changes (at most a few times a second) and its heartbeat
    every JOB_HEARTBEAT_SECONDS, on a connection of its own."""

    def __init__(self, job_id):
        super().__init__(daemon=True)
        self.job_id, self.stopped, self.changed = job_id, threading.Event(), threading.Event()
        self.lock, self.pending = threading.Lock(), {}

    def report(self, fields):
        with self.lock:
            self.pending.update(fields)
        self.changed.set()

    def run(self):
        try:
            while not self.stopped.is_set():
                self.changed.wait(settings.JOB_HEARTBEAT_SECONDS)
                self.changed.clear()
                with self.lock:
                    fields, self.pending = self.pending, {}
                Job.objects.filter(pk=self.job_id, state=JobState.RUNNING).update(heartbeat_at=timezone.now(), **fields)
                self.stopped.wait(0.3)
        except Exception:
            log.exception("heartbeat of job %s stopped", self.job_id)
        finally:
            connection.close()


@task()
def run_job(job_id: str) -> str:
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING, attempts=F("attempts") + 1, started_at=now, heartbeat_at=now, finished_at=None,
        error="",
    )
    if not claimed:
        return "not queued"  # already run, running elsewhere, or removed: running it again does nothing
    job = Job.objects.get(pk=job_id)
    progress = Progress(job)
    heartbeat = None
    if settings.TASKS_BACKEND == "database":
        heartbeat = progress.heartbeat = _Heartbeat(job.pk)
        heartbeat.start()
    try:
        handler = import_string(HANDLERS[job.kind])
        handler(job, progress)
    except Exception as exc:
        _record_failure(job, exc)
        return "failed"
    finally:
        if heartbeat is not None:
            heartbeat.stopped.set()
            heartbeat.changed.set()
            heartbeat.join(timeout=5)
    Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
        state=JobState.SUCCEEDED, progress=100, finished_at=timezone.now(), step=_("เสร็จแล้ว"),
    )
    return "succeeded"


def _record_failure(job: Job, exc: Exception) -> None:
    """A refusal (bad parameters, no data) is final; anything else is tried again after a pause."""
    log.error("job %s (%s) failed: %s", job.pk, job.kind, "".join(traceback.format_exception(exc)))
    message = exc.message if isinstance(exc, Refused) else f"{type(exc).__name__}: {exc}"
    job.refresh_from_db(fields=["attempts", "max_attempts"])
    if not isinstance(exc, Refused) and job.attempts < job.max_attempts:
        retry_at = timezone.now() + dt.timedelta(seconds=10 * 2 ** (job.attempts - 1))
        Job.objects.filter(pk=job.pk).update(
            state=JobState.QUEUED, error=message[:4000], run_after=retry_at, task_id="",
            step=_("จะลองใหม่อีกครั้ง"),
        )
        job.run_after = retry_at
        transaction.on_commit(lambda: enqueue(job))
        return
    Job.objects.filter(pk=job.pk).update(state=JobState.FAILED, error=message[:4000], finished_at=timezone.now())


def recover_stalled_jobs(now=None) -> dict:
    """Jobs whose worker died (no heartbeat for JOB_STALE_SECONDS) run again or fail visibly; queued
    jobs that never reached the queue, or whose deferred time came, are handed to it."""
    now = now or timezone.now()
    stale_before = now - dt.timedelta(seconds=settings.JOB_STALE_SECONDS)
    requeued = failed = sent = 0
    for job in Job.objects.filter(state=JobState.RUNNING, heartbeat_at__lt=stale_before):
        _fail_queue_entry(job.task_id)
        if job.attempts < job.max_attempts:
            updated = Job.objects.filter(pk=job.pk, state=JobState.RUNNING, heartbeat_at=job.heartbeat_at).update(
                state=JobState.QUEUED, task_id="", run_after=None,
                step=_("ตัวประมวลผลหยุดทำงานระหว่างทำงานนี้ เริ่มใหม่อีกครั้ง"),
            )
            if updated:
                job.task_id, job.run_after = "", None
                enqueue(job)
                requeued += 1
        else:
            failed += Job.objects.filter(pk=job.pk, state=JobState.RUNNING, heartbeat_at=job.heartbeat_at).update(
                state=JobState.FAILED, finished_at=now,
                error=_("ตัวประมวลผลหยุดทำงานระหว่างทำงานนี้ครบ %(n)s ครั้ง") % {"n": job.attempts},
            )
    unsent = Job.objects.filter(state=JobState.QUEUED, task_id="", created_at__lt=now - UNSENT_GRACE)
    for job in unsent.exclude(run_after__gt=now):
        enqueue(job)
        sent += 1
    return {"requeued": requeued, "failed": failed, "enqueued": sent}


def _fail_queue_entry(task_id: str) -> None:
    """The queue's own row of a dead run stays "running" forever otherwise."""
    if not task_id:
        return
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return
    try:
        DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
            status="FAILED", finished_at=timezone.now(), exception_class_path="wts.jobs.WorkerLost",
            traceback="the worker stopped while running this task",
        )
    except ValidationError:
        pass  # an id from another backend (the immediate one in tests): no queue row to fix
