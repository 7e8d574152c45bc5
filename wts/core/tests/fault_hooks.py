"""Test-only hooks for the fault tests. Never imported by the application.

PauseInsideSave makes a POST stop in the middle of its transaction, right before the audit rows
are inserted (the values are already written, uncommitted), records the worker's pid in a marker
file and waits there, so a test can kill the process at that exact point. It pauses once: when
the marker exists, requests run normally (the retry after the kill).
"""

import os
import time
from pathlib import Path

from django.db import connection

PAUSE_SECONDS = 60


class PauseInsideSave:
    def __init__(self, get_response):
        self.get_response = get_response
        self.marker = Path(os.environ["WTS_FAULT_MARKER"])

    def __call__(self, request):
        if request.method != "POST":
            return self.get_response(request)
        with connection.execute_wrapper(self._pause_before_audit_rows):
            return self.get_response(request)

    def _pause_before_audit_rows(self, execute, sql, params, many, context):
        if (
            sql.lstrip().upper().startswith("INSERT")
            and "audit_auditevent" in sql
            and connection.in_atomic_block
            and not self.marker.exists()
        ):
            self.marker.write_text(str(os.getpid()))
            time.sleep(PAUSE_SECONDS)
        return execute(sql, params, many, context)
