"""Ending a user's web sessions on the server, not only refusing them while a flag is set."""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone


def end_web_sessions(user) -> int:
    """Delete every live session of the user. A session refused only because the account is inactive
    would come back to life if the account were reactivated; a deleted one cannot.

    Sessions are stored signed, not indexed by user, so each live one is decoded: this runs on a
    rare administrative action, never on a page view.
    """
    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk)
    ]
    if mine:
        Session.objects.filter(pk__in=mine).delete()
    return len(mine)
