"""A user's own inbox: marking notifications read.

No audit row: reading one's notifications changes nothing anyone else sees or relies on, and the
audit record sits beside notifications in the layers (neither imports the other)."""

from django.db import transaction
from django.utils import timezone

from .models import Notification


def mark_notification_read(notification: Notification, *, acting_user, now=None) -> None:
    if notification.user_id != acting_user.pk or notification.read_at is not None:
        return
    with transaction.atomic():
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now or timezone.now())


def mark_all_notifications_read(*, acting_user, now=None) -> int:
    with transaction.atomic():
        return Notification.objects.filter(user=acting_user, read_at__isnull=True).update(read_at=now or timezone.now())
