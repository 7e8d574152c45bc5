"""The production URLs plus /bench/bare/, a view that does nothing: the floor of the stack.

It runs through the same middleware (session read and save, authentication, CSRF), so the
ratio of a page to it is what the page itself costs.
"""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from wts.urls import handler400, handler403, handler404, handler500
from wts.urls import urlpatterns as production_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


@require_GET
def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *production_urlpatterns]
