"""Changes people make to background work: retry a failed job, set the automatic schedule."""

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
