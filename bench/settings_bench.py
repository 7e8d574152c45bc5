"""Settings of the load-test stack: the production settings plus a bare view for the floor.

Only the load test uses this module (DJANGO_SETTINGS_MODULE=bench.settings_bench); the bare view
is mounted by bench/urls_bench.py and so never exists in production.
"""

from wts.lib.env import env_bool
from wts.settings import *  # noqa: F403
from wts.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls_bench"

# A proposed change the load test can measure (WTS_BENCH_SESSION_REFRESH=1): the session's expiry
# refreshed every 5 minutes instead of a session write on every request (wts/core/session_refresh.py).
if env_bool("WTS_BENCH_SESSION_REFRESH", False):
    SESSION_SAVE_EVERY_REQUEST = False
    MIDDLEWARE = list(MIDDLEWARE)
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
                      "wts.core.session_refresh.RefreshSessionExpiry")
