"""Logins, failed logins, lockouts and logouts go into the audit trail.

Credentials are never recorded: only the user name typed, and the client address.
"""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import Signal, receiver

from wts.audit.models import AuditEvent, Source
from wts.audit.vocabulary import AuditAction
from wts.lib.client_ip import client_ip

from .models import User

# Sent by every action that ends a user's web sessions, inside that action's transaction, with
# user, acting_user, source and reason. Apps above accounts end their own credentials for the user
# (the API revokes its tokens) so nothing issued before the event keeps working after it.
sessions_ended = Signal()


def client_address(request) -> str:
    return client_ip(request)


def _account(username):
    if not username:
        return None
    return User.objects.filter(username=username).select_related("district").first()


def _record(action, request, *, user=None, username="", message=""):
    AuditEvent.record(
        action, actor=user if action in {AuditAction.ACCOUNT_LOGIN, AuditAction.ACCOUNT_LOGOUT} else None, source=Source.WEB,
        subject_user=user, district=getattr(user, "district", None),
        province_id=getattr(user, "province_id", None), message=message,
        data={"username": (username or getattr(user, "username", ""))[:150], "ip": client_address(request)},
    )


@receiver(user_logged_in, dispatch_uid="wts_audit_login")
def audit_login(sender, request, user, **kwargs):
    _record(AuditAction.ACCOUNT_LOGIN, request, user=user)


@receiver(user_logged_in, dispatch_uid="wts_login_is_activity")
def stamp_activity_at_login(sender, request, user, **kwargs):
    """Logging in is activity: the first page after it then has no session to write."""
    from .middleware import IdleTimeoutMiddleware

    if request is not None and hasattr(request, "session"):
        request.session[IdleTimeoutMiddleware.SESSION_KEY] = int(time.time())


@receiver(user_logged_out, dispatch_uid="wts_audit_logout")
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        _record(AuditAction.ACCOUNT_LOGOUT, request, user=user)


@receiver(user_login_failed, dispatch_uid="wts_audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))
    _record(AuditAction.ACCOUNT_LOGIN_FAILED, request, user=_account(username), username=username)


@receiver(user_locked_out, dispatch_uid="wts_audit_locked_out")
def audit_locked_out(sender, request, username, ip_address, **kwargs):
    _record(AuditAction.ACCOUNT_LOCKED_OUT, request, user=_account(username), username=username or "")
