"""Settings of the load-test stack: the production settings plus a bare view for the floor.

Only the load test uses this module (DJANGO_SETTINGS_MODULE=bench.settings_bench); the bare view
is mounted by bench/urls_bench.py and so never exists in production.
"""

from wts.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls_bench"
# The load test fills its database with the national data set, under production settings.
if "demo" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
