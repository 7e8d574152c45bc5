"""Idle logout without a database write on every request.

SESSION_SAVE_EVERY_REQUEST keeps the idle timeout exact by rewriting the session row on every
request: on deadline day that is one write transaction per page view, and on SQLite every page
view then waits for the single write lock. This middleware pushes the session's expiry forward
at most once every REFRESH_SECONDS instead, so the idle timeout holds to within that margin.
To use it: SESSION_SAVE_EVERY_REQUEST = False and this class right after SessionMiddleware.
"""

import time

REFRESH_SECONDS = 300
STAMP = "_expiry_refreshed_at"


class RefreshSessionExpiry:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session this request already read (a logged-in user): never load one just for this.
        if session is not None and session.accessed and not session.is_empty():
            now = int(time.time())
            if now - session.get(STAMP, 0) >= REFRESH_SECONDS:
                session[STAMP] = now
        return response
