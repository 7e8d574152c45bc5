import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from wts.lib.permissions import can

from .drafts import ACTIVITY_RESOLUTION_SECONDS, LAST_ACTIVITY_KEY, is_htmx_save, session_ended_answer


def redirect_page(request, url):
    """Redirect a page load; for an htmx fragment request, never swap a whole page into the fragment.

    The fragment gets 204 (htmx leaves the page alone) and, unless the browser already shows the
    target page, an HX-Redirect so the whole page goes there.
    """
    if request.headers.get("HX-Request") != "true":
        return redirect(url)
    response = HttpResponse(status=204)
    current = urlsplit(request.headers.get("HX-Current-URL", "")).path
    if current != urlsplit(url).path:
        response["HX-Redirect"] = url
    return response


def page_path(request) -> str:
    """The page the user is looking at: for an htmx fragment, the page around it."""
    if request.headers.get("HX-Request") == "true" and request.headers.get("HX-Current-URL"):
        parts = urlsplit(request.headers["HX-Current-URL"])
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path()


class ForcePasswordChangeMiddleware:
    """An account handed out with a first password must change it before doing anything else."""

    ALLOWED_NAMES = ("password_change", "password_change_done", "logout", "login")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {reverse(name) for name in self.ALLOWED_NAMES}
            if request.path not in allowed and not request.path.startswith("/static/"):
                return redirect_page(request, reverse("password_change"))
        return self.get_response(request)


class SecondFactorMiddleware:
    """A user who turned on the second factor must give a code before anything else.

    django_otp's OTPMiddleware marks request.user verified once a code was accepted in this
    session; until then only the code page and logout are reachable.
    """

    ALLOWED_NAMES = ("otp_verify", "logout", "login")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and can(user, "wts.use_second_factor")
            and not request.path.startswith("/static/")
            and not user.is_verified()
            and request.path not in {reverse(name) for name in self.ALLOWED_NAMES}
        ):
            from .otp import has_second_factor

            if has_second_factor(user):
                return redirect_page(request, f"{reverse('otp_verify')}?{urlencode({'next': page_path(request)})}")
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself.

    Signed-in pages carry workload data and personal details, and district offices share
    computers: they must not be kept in the browser's or a proxy's cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        # The old XSS auditor is gone from browsers and could be abused; CSP does that job now.
        response.setdefault("X-XSS-Protection", "0")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/static/"):
            response.setdefault("Cache-Control", "no-store")
        return response


class IdleTimeoutMiddleware:
    """A session ends after SESSION_COOKIE_AGE without activity, and background polling is not activity.

    The time of the last real request is kept in the session to five minutes and checked here.
    Stamping it modifies the session, so Django saves the row and pushes its expiry (and the
    cookie's) forward; between two stamps a page view writes nothing (SESSION_SAVE_EVERY_REQUEST is
    off). The notification bell is not activity: it neither stamps nor extends the session.
    """

    SESSION_KEY = LAST_ACTIVITY_KEY
    RESOLUTION_SECONDS = ACTIVITY_RESOLUTION_SECONDS

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.SESSION_KEY)
            if last is not None and now - last > settings.SESSION_COOKIE_AGE:
                logout(request)
                login_url = f"{reverse('login')}?{urlencode({'next': page_path(request)})}"
                if is_htmx_save(request):
                    return session_ended_answer(request, login_url)
                return redirect_page(request, login_url)
            background = request.path in settings.SESSION_BACKGROUND_PATHS
            if not background and (last is None or now - last >= self.RESOLUTION_SECONDS):
                request.session[self.SESSION_KEY] = now
        return self.get_response(request)


class HtmxLoginRedirectMiddleware:
    """An htmx fragment request from someone no longer signed in (the session ended) gets the
    login page as a whole page, not swapped into the fragment: login_required's redirect becomes
    204 + HX-Redirect to the login page, with the page the user was on as `next`. A save (POST)
    gets 401 and a line for its own panel instead: the page keeps what was typed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.headers.get("HX-Request") == "true"
            and response.status_code == 302
            and urlsplit(response.get("Location", "")).path == reverse("login")
        ):
            login_url = f"{reverse('login')}?{urlencode({'next': page_path(request)})}"
            if is_htmx_save(request):
                return session_ended_answer(request, login_url)
            return redirect_page(request, login_url)
        return response
