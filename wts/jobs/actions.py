"""Changes people make to background work: retry a failed job, set the automatic schedule."""

import secrets
import time

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wts.audit.models import AuditEvent, Source
from wts.audit.vocabulary import AuditAction
from wts.lib.errors import Refused
from wts.lib.permissions import require

from .models import Job, JobSchedule
from .runner import enqueue
from .vocabulary import JobState


class JobNotRetryable(Refused):
    pass


def retry_job(job: Job, *, acting_user, source=Source.WEB) -> Job:
    """Run a failed job again from the start, with a fresh count of attempts."""
    require(acting_user, "wts.manage_jobs")
    with transaction.atomic():
        updated = Job.objects.filter(pk=job.pk, state=JobState.FAILED).update(
            state=JobState.QUEUED, attempts=0, error="", progress=0, task_id="", run_after=None,
            step=_("สั่งให้ทำใหม่"), created_at=timezone.now(), started_at=None, finished_at=None,
        )
        if not updated:
            raise JobNotRetryable(_("งานนี้ไม่ได้อยู่ในสถานะไม่สำเร็จ จึงสั่งให้ทำใหม่ไม่ได้"))
        job.refresh_from_db()
        AuditEvent.record(AuditAction.JOB_RETRIED, actor=acting_user, source=source, message=job.title,
                          data={"job": str(job.pk), "kind": job.kind})
        transaction.on_commit(lambda: enqueue(job))
    return job


def update_job_schedule(schedule: JobSchedule, changes: dict, *, acting_user, source=Source.WEB) -> JobSchedule:
    require(acting_user, "wts.manage_jobs")
    with transaction.atomic():
        before = {name: str(getattr(schedule, name)) for name in changes}
        for name, value in changes.items():
            setattr(schedule, name, value)
        schedule.updated_by = acting_user
        schedule.save()
        AuditEvent.record(
            AuditAction.JOB_SCHEDULE_CHANGED, actor=acting_user, source=source,
            data={"before": before, "after": {name: str(value) for name, value in changes.items()}},
        )
    return schedule


# --- files held while a refused form is corrected --------------------------------------------

HELD_SECONDS = 60 * 60
HELD_SALT = "wts.lib.held_uploads"
HELD_ROOT = "held"


def held_dir(user) -> str:
    return f"{HELD_ROOT}/{user.pk}"


def _expired(directory: str, now: float) -> bool:
    stamp = directory.split("-", 1)[0]
    return not stamp.isdigit() or now - int(stamp) > HELD_SECONDS


def _delete_dir(path: str) -> None:
    _dirs, files = default_storage.listdir(path)
    for name in files:
        default_storage.delete(f"{path}/{name}")


def clean_up_held_uploads(user, now=None) -> None:
    """Delete this user's held files that have expired."""
    now = now or time.time()
    directories, _files = default_storage.listdir(held_dir(user))
    for directory in directories:
        if _expired(directory, now):
            _delete_dir(f"{held_dir(user)}/{directory}")


def hold_upload(upload, *, acting_user) -> str:
    """Keep ``upload`` for the user while a refused form is corrected (wts/jobs/held_uploads.py);
    answers the token that brings it back. Not audited: nothing is decided until the form is sent."""
    user = acting_user
    clean_up_held_uploads(user)
    upload.seek(0)
    directory = f"{held_dir(user)}/{int(time.time())}-{secrets.token_hex(8)}"
    filename = (upload.name or "file").replace("/", "_")[-120:]
    name = default_storage.save(f"{directory}/{filename}", ContentFile(upload.read()))
    upload.seek(0)
    return signing.dumps({"user": user.pk, "name": name, "filename": filename}, salt=HELD_SALT)


def release_held_upload(token, *, acting_user) -> None:
    """The held file was used (or is no longer wanted): delete it."""
    try:
        data = signing.loads(token, salt=HELD_SALT, max_age=HELD_SECONDS)
    except signing.BadSignature:
        return
    name = str(data.get("name", ""))
    if data.get("user") == acting_user.pk and name.startswith(held_dir(acting_user) + "/"):
        _delete_dir(name.rsplit("/", 1)[0])
