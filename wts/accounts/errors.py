"""The Thai page for a refused CSRF token (Django's own explains the mechanism, in English)."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    """The form was stale (opened long ago, or in another tab before logging in again): say so plainly."""
    return render(request, "accounts/csrf_failure.html", status=403)
