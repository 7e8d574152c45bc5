"""Notify people: in-app rows written in the caller's transaction, email sent only after it commits.

A failing mail server never undoes the transition that caused the message: the email error is
logged and the in-app notification stays.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from wts.lib.site import site_url

from .models import Notification

log = logging.getLogger(__name__)


def notify(users, *, kind: str, title: str, body: str = "", link: str = "", email: bool = True) -> list[Notification]:
    users = [u for u in users if u is not None and u.is_active]
    rows = Notification.objects.bulk_create(
        [Notification(user=u, kind=kind, title=title, body=body, link=link) for u in users]
    )
    if email:
        recipients = [(row.pk, u.email) for row, u in zip(rows, users, strict=True) if u.email]
        if recipients:
            transaction.on_commit(lambda: _send_emails(recipients, title, body, link))
    return rows


def _send_emails(recipients, title, body, link):
    url = f"{site_url()}{link}" if link else site_url()
    text = f"{body}\n\n{url}\n\n-- ระบบติดตามข้อมูลปริมาณงานของท้องถิ่นอำเภอ"
    # One connection for the batch: an extension for everyone mails about 950 people.
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
    except Exception:  # mail server unreachable: the in-app notifications stay
        log.exception("mail server unavailable; %s emails not sent", len(recipients))
        return
    sent = []
    try:
        for notification_id, address in recipients:
            try:
                EmailMessage(title, text, settings.DEFAULT_FROM_EMAIL, [address], connection=connection).send()
            except Exception:  # any mail failure: log it, keep the in-app notification
                log.exception("email to %s failed for notification %s", address, notification_id)
            else:
                sent.append(notification_id)
    finally:
        try:
            connection.close()
        except Exception:
            log.exception("closing the mail connection failed")
    if sent:
        Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
