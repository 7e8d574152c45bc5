"""The Thai page for a refused CSRF token (Django's own explains the mechanism, in English)."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse

from .drafts import session_ended_answer, stale_form_answer
from .middleware import page_path


def csrf_failure(request, reason=""):
    """The form was stale (opened long ago, or in another tab before logging in again): say so plainly.
    A save in place gets a line for its own panel instead, so that the typed values stay."""
    if request.headers.get("HX-Request") == "true":
        if not request.user.is_authenticated:
            return session_ended_answer(request, f"{reverse('login')}?{urlencode({'next': page_path(request)})}")
        return stale_form_answer(request)
    return render(request, "accounts/csrf_failure.html", status=403)
