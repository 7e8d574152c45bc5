"""The page of an unexpected error, which must render when the database itself is the problem.

Context processors and the lazy user would query the database again (and fail again, leaving the
user with the WSGI server's bare English error), so the page is rendered without the request.
A database that cannot be reached is a 503 with Retry-After: it is temporary, and what was saved
before is safe; the page says so and asks the user to save again in a moment.
"""

import sys

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

DATABASE_DOWN_RETRY_SECONDS = 30


def database_unreachable(exc) -> bool:
    """The error, or one it was raised from, says the database could not be used."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def database_down():
    response = HttpResponse(loader.render_to_string("core/503_database.html"), status=503)
    response["Retry-After"] = str(DATABASE_DOWN_RETRY_SECONDS)
    return response


def server_error(request):
    if database_unreachable(sys.exc_info()[1]):
        return database_down()
    return HttpResponse(loader.render_to_string("core/500.html"), status=500)


def bad_request(request, exception=None):
    """Also reached when the database goes away after the page was built: the session cannot be
    saved (SessionInterrupted), and the user must be told to retry, not that the request was bad."""
    if database_unreachable(exception):
        return database_down()
    return HttpResponse(loader.render_to_string("core/400.html"), status=400)
