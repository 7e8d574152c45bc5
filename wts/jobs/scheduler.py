"""The worker's clock: each tick recovers stalled jobs and starts the scheduled ones that are due.

Every worker runs it; a ScheduledRun row per period makes each scheduled job start once however
many workers tick, and a worker that was down catches up on its next tick the same day.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from wts.lib.thai import thai_date

from .models import GeneratedFile, JobSchedule, ScheduledRun
from .runner import recover_stalled_jobs, start_job
from .vocabulary import JobKind

log = logging.getLogger(__name__)

# Recovery hooks of the apps above this one (named, not imported), called on every tick.
TICK_HOOKS = ["wts.notifications.jobs.recover_emails"]


def claim(name: str, period: str, start) -> bool:
    """Start `start()`'s job for this period unless some worker already did."""
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(name=name, period=period)
            run.job = start()
            run.save(update_fields=["job"])
    except IntegrityError:
        return False
    return True


def tick(now=None) -> list[str]:
    now = now or timezone.now()
    local = timezone.localtime(now)
    started = []
    recover_stalled_jobs(now)
    for hook in TICK_HOOKS:
        try:
            import_string(hook)(now)
        except Exception:  # one app's recovery failing must not stop the others or the schedule
            log.exception("scheduler hook %s failed", hook)

    schedule = JobSchedule.current()
    today = local.date().isoformat()
    if schedule.reminders_enabled and local.time() >= schedule.reminder_time:
        if claim("reminders", today, lambda: start_job(
            JobKind.REMINDERS, title=_("แจ้งเตือนอัตโนมัติประจำวันที่ %(date)s") % {"date": thai_date(local)},
            params={"days_before": schedule.days_before},
        )):
            started.append("reminders")
    if schedule.digest_enabled and local.weekday() == schedule.digest_weekday and local.time() >= schedule.reminder_time:
        year, week, _day = local.isocalendar()
        if claim("digest", f"{year}-W{week:02d}", lambda: start_job(
            JobKind.DIGEST, title=_("สรุปความก้าวหน้ารายสัปดาห์ %(date)s") % {"date": thai_date(local)},
        )):
            started.append("digest")
    if GeneratedFile.objects.filter(expires_at__lte=now).exists():
        if claim("cleanup", local.strftime("%Y-%m-%dT%H"), lambda: start_job(
            JobKind.CLEANUP, title=_("ลบไฟล์ที่หมดอายุ"),
        )):
            started.append("cleanup")
    return started
