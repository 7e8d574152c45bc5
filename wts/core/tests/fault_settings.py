"""Settings of the server a fault test starts as a subprocess: the real settings plus the pause."""

from wts.settings import *  # noqa: F403
from wts.settings import MIDDLEWARE

MIDDLEWARE = ["wts.core.tests.fault_hooks.PauseInsideSave", *MIDDLEWARE]
