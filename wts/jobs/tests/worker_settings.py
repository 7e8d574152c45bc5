"""Settings of the worker a test starts as a subprocess: the real settings, the database queue,
and an export handler the test can hold mid-run (to kill the worker there) or slow down (to watch
the progress bar move)."""

from wts.jobs.vocabulary import HANDLERS, JobKind
from wts.settings import *  # noqa: F403

HANDLERS[JobKind.ROUND_EXPORT] = "wts.jobs.tests.worker_hooks.held_export"
