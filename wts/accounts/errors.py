"""Thai pages for the errors Django would otherwise answer in English."""

from django.shortcuts import render


def bad_request(request, exception=None):
    return render(request, "accounts/400.html", status=400)


def csrf_failure(request, reason=""):
    """The form was stale (opened long ago, or in another tab before logging in again): say so plainly."""
    return render(request, "accounts/csrf_failure.html", status=403)
