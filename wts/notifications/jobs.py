"""Sending the email copies of notifications, as a background job.

Each message is claimed (pending → sending, attempts + 1) in its own write before the mail server
is asked, and recorded (sent, or pending again with back-off, or failed) right after: a job that
runs twice, or two workers draining at once, never send a message twice. A worker killed between
the two writes leaves one message "sending"; recovery marks it uncertain rather than risk a
duplicate. Messages go out in batches over one SMTP connection.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from wts.jobs.models import Job
from wts.jobs.runner import start_job
from wts.jobs.vocabulary import JobKind, JobState

from .models import EmailState, Notification, OutgoingEmail

log = logging.getLogger("wts.notifications.service")


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=settings.EMAIL_RETRY_SECONDS * 2 ** max(0, attempts - 1))


def _due(now):
    return OutgoingEmail.objects.filter(state=EmailState.PENDING, next_attempt_at__lte=now)


def send_pending_emails(job, progress) -> None:
    total = _due(timezone.now()).count()
    done = 0
    progress.step(_("ส่งอีเมล"), 0, total or 1)
    while True:
        now = timezone.now()
        batch = list(_due(now).order_by("id").values_list("id", flat=True)[: settings.EMAIL_BATCH_SIZE])
        if not batch:
            break
        try:
            connection = get_connection(fail_silently=False)
            connection.open()
        except Exception as exc:  # mail server unreachable: every message waits for its next attempt
            log.exception("mail server unavailable; %s emails wait for the next attempt", len(batch))
            _postpone(batch, exc)
            break
        try:
            for email_id in batch:
                _send_one(email_id, connection)
                done += 1
                if done % 10 == 0:
                    progress.step(_("ส่งอีเมลแล้ว %(done)s จาก %(total)s ฉบับ") % {"done": done, "total": total},
                                  done, max(total, done))
        finally:
            try:
                connection.close()
            except Exception:
                log.exception("closing the mail connection failed")
    progress.step(_("ส่งอีเมลแล้ว %(done)s ฉบับ") % {"done": done}, done, max(total, done) or 1)
    _follow_up_later()


def _send_one(email_id, connection) -> None:
    now = timezone.now()
    claimed = OutgoingEmail.objects.filter(pk=email_id, state=EmailState.PENDING).update(
        state=EmailState.SENDING, attempts=F("attempts") + 1, attempted_at=now,
    )
    if not claimed:
        return  # another worker has it, or it went out already
    message = OutgoingEmail.objects.get(pk=email_id)
    try:
        EmailMessage(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.to],
                     connection=connection).send()
    except Exception as exc:  # this message failed: try it again later, the others go on
        log.exception("email to %s failed for notification %s", message.to, message.notification_id)
        _record_failure(message, exc)
        return
    sent_at = timezone.now()
    OutgoingEmail.objects.filter(pk=email_id).update(state=EmailState.SENT, sent_at=sent_at, last_error="")
    if message.notification_id:
        Notification.objects.filter(pk=message.notification_id).update(emailed_at=sent_at)


def _record_failure(message: OutgoingEmail, exc: Exception) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if message.attempts >= settings.EMAIL_MAX_ATTEMPTS:
        OutgoingEmail.objects.filter(pk=message.pk).update(state=EmailState.FAILED, last_error=error)
    else:
        OutgoingEmail.objects.filter(pk=message.pk).update(
            state=EmailState.PENDING, last_error=error, next_attempt_at=timezone.now() + backoff(message.attempts),
        )


def _postpone(ids, exc) -> None:
    """The server could not be reached: count it as an attempt of each message in the batch."""
    for message in OutgoingEmail.objects.filter(pk__in=ids, state=EmailState.PENDING):
        message.attempts += 1
        OutgoingEmail.objects.filter(pk=message.pk, state=EmailState.PENDING).update(attempts=message.attempts)
        _record_failure(message, exc)


def _active_email_job(now=None):
    return Job.objects.filter(kind=JobKind.EMAIL, state__in=[JobState.QUEUED, JobState.RUNNING]).exclude(
        run_after__gt=now or timezone.now()
    ).exists()


def _follow_up_later() -> None:
    """Messages waiting for a retry get a job deferred to the first of them."""
    first = OutgoingEmail.objects.filter(state=EmailState.PENDING).aggregate(at=Min("next_attempt_at"))["at"]
    if first is None:
        return
    if Job.objects.filter(kind=JobKind.EMAIL, state=JobState.QUEUED, run_after__isnull=False).exists():
        return
    start_job(JobKind.EMAIL, title=_("ส่งอีเมลที่รอส่งใหม่"), run_after=max(first, timezone.now()))


def recover_emails(now=None) -> dict:
    """Called on every scheduler tick: a message left "sending" by a dead worker becomes uncertain;
    due messages with no job to send them (a deferred job the backend could not hold, a lost
    enqueue) get one."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.JOB_STALE_SECONDS)
    uncertain = OutgoingEmail.objects.filter(state=EmailState.SENDING, attempted_at__lt=stale).update(
        state=EmailState.UNCERTAIN,
        last_error=_("ตัวประมวลผลหยุดทำงานขณะส่งอีเมลฉบับนี้ อาจส่งถึงผู้รับแล้ว จึงไม่ส่งซ้ำ"),
    )
    started = False
    if _due(now).exists() and not _active_email_job(now):
        start_job(JobKind.EMAIL, title=_("ส่งอีเมลที่รอส่ง"))
        started = True
    return {"uncertain": uncertain, "started": started}
