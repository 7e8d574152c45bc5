"""Notify people: the in-app rows and the email copies are written in the caller's transaction;
a background job sends the emails after it commits.

A failing or slow mail server never undoes nor delays the transition that caused the message:
the request only writes rows; the worker sends, retries with back-off and records each outcome
(wts/notifications/jobs.py).
"""

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from wts.jobs.runner import start_job
from wts.jobs.vocabulary import JobKind
from wts.lib.prepared import PreparedRead
from wts.lib.site import site_url

from .models import Notification, OutgoingEmail
from .vocabulary import NotificationKind


def notify(users, *, kind: NotificationKind, title: str, body: str = "", link: str = "", email: bool = True) -> list[Notification]:
    users = [u for u in users if u is not None and u.is_active]
    rows = Notification.objects.bulk_create(
        [Notification(user=u, kind=kind, title=title, body=body, link=link) for u in users]
    )
    if email:
        text = email_text(body, link)
        emails = OutgoingEmail.objects.bulk_create(
            [OutgoingEmail(notification_id=row.pk, to=u.email, subject=title[:300], body=text)
             for row, u in zip(rows, users, strict=True) if u.email]
        )
        if emails:
            _send_after_commit(title, len(emails))
    return rows


def email_text(body: str, link: str) -> str:
    url = f"{site_url()}{link}" if link else site_url()
    return f"{body}\n\n{url}\n\n-- ระบบติดตามข้อมูลปริมาณงานของท้องถิ่นอำเภอ"


class _EmailJobOnCommit:
    """One email job per transaction, however many notify() calls it made (a reminder to 878
    districts is one job, not 878)."""

    def __init__(self, title: str):
        self.title, self.count = title, 0

    def __call__(self):
        start_job(JobKind.EMAIL, title=_("ส่งอีเมล %(n)s ฉบับ: %(title)s") % {"n": self.count, "title": self.title},
                  params={"count": self.count}, committed=True)


def _send_after_commit(title: str, count: int) -> None:
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        for _sids, func, _robust in connection.run_on_commit:
            if isinstance(func, _EmailJobOnCommit):
                func.count += count
                return
    hook = _EmailJobOnCommit(title)
    hook.count = count
    transaction.on_commit(hook)


# Counted on every page the bell is on: compiled once (wts/lib/prepared.py).
_unread = PreparedRead(lambda user_id: Notification.objects.filter(user_id=user_id, read_at__isnull=True).order_by()
                       .values("user_id").annotate(n=Count("pk")).values_list("n"))


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    rows = _unread.rows(user.pk)
    return rows[0][0] if rows else 0
