"""The address the system gives people outside a page: printed slips, the report's QR code,
links in emails.

Production sets SITE_URL (settings refuse to start without it). In development the address is
the one the browser used for the current request, so a slip printed from
http://192.168.1.20:8000 says that and never 127.0.0.1.
"""

from contextvars import ContextVar

from django.conf import settings

DEVELOPMENT_FALLBACK = "http://127.0.0.1:8000"

_request_origin: ContextVar[str | None] = ContextVar("request_origin", default=None)


def site_url() -> str:
    """The site's address without a trailing slash."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    return (_request_origin.get() or DEVELOPMENT_FALLBACK).rstrip("/")


class RequestOriginMiddleware:
    """Remembers the current request's scheme and host for site_url() while it is handled."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_origin.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _request_origin.reset(token)
