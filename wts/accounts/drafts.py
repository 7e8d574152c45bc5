"""What a page needs to keep an officer's typing safe in the browser, and what the server answers
a save that can no longer be accepted as it is (the session ended, the form's token went stale).

Drafts are kept in the browser's localStorage (wts/core/static/wts/drafts.js) under a name made
from a per-account tag and encrypted with a per-account key, both derived here from the secret
key: another account on the same office computer neither finds nor reads them."""

import base64
import time

from django.conf import settings
from django.shortcuts import render
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property

# The idle middleware's stamp of the last real request (wts/accounts/middleware.py).
LAST_ACTIVITY_KEY = "wts_last_activity"
# The stamp is refreshed at most this often, so the session may end this much before a page's count.
ACTIVITY_RESOLUTION_SECONDS = 300
# The answer header the page's script reads: the save was not taken and the form must stay as typed.
KEEP_FORM_HEADER = "WTS-Keep-Form"


def draft_account_tag(user) -> str:
    return salted_hmac("wts.accounts.drafts.tag", str(user.pk)).hexdigest()[:24]


def draft_secret(user) -> str:
    """A 256-bit AES key for the account's drafts; a new password makes the old drafts unreadable."""
    digest = salted_hmac("wts.accounts.drafts.key", f"{user.pk}:{user.password}", algorithm="sha256").digest()
    return base64.b64encode(digest).decode()


def session_expires_in(request) -> int:
    """Seconds until the idle timeout ends this session, if nothing else happens."""
    last = request.session.get(LAST_ACTIVITY_KEY)
    if last is None:
        return settings.SESSION_COOKIE_AGE
    return max(0, settings.SESSION_COOKIE_AGE - (int(time.time()) - last))


class SessionPage:
    """The attributes base.html puts on <body> for a signed-in user; computed only when used."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def account_tag(self):
        return draft_account_tag(self.request.user)

    @cached_property
    def secret(self):
        return draft_secret(self.request.user)

    @cached_property
    def expires_in(self):
        return session_expires_in(self.request)

    @property
    def idle_seconds(self):
        return settings.SESSION_COOKIE_AGE

    slack_seconds = ACTIVITY_RESOLUTION_SECONDS


def is_htmx_save(request) -> bool:
    return request.headers.get("HX-Request") == "true" and request.method == "POST"


def session_ended_answer(request, login_url):
    """A save from a page whose session ended: 401 and a line for the form's own panel, never the
    login page inside it. The page keeps what was typed (and has it in its draft)."""
    response = render(request, "accounts/_session_ended.html", {"login_url": login_url}, status=401)
    response[KEEP_FORM_HEADER] = "session"
    return response


def stale_form_answer(request):
    """A save whose form token went stale (a new login in another tab): 403 and a line for the
    form's panel; the page fetches a fresh token, and the next press saves."""
    response = render(request, "accounts/_stale_form.html", status=403)
    response[KEEP_FORM_HEADER] = "csrf"
    return response
