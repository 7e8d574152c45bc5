"""A real server on the test database for the fault tests, and what the database holds.

gunicorn with one sync worker runs as a subprocess in its own process group, with the test-only
pause of fault_hooks. On PostgreSQL it uses the test database itself (the test commits its
data: transactional_db); on SQLite it uses a file copy of the in-memory test database.
"""

import http.client
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

ROOT = Path(settings.BASE_DIR)
CSRF = "f" * 32


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with one sync worker on the test database, in its own process group."""

    def __init__(self, tmp: Path, db_env: dict):
        self.tmp, self.port = tmp, free_port()
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(db_env)
        env.update(DJANGO_SETTINGS_MODULE="wts.core.tests.fault_settings", WTS_ENVIRONMENT="test",
                   WTS_FAULT_MARKER=str(tmp / "paused"), LOG_LEVEL="CRITICAL", AXES_ENABLED="0")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "wts.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "1", "--timeout", "120", "--log-level", "critical"],
            cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=open(tmp / "server.log", "ab"),
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if self.request("GET", "/accounts/login/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.kill_all()
        raise AssertionError(f"server did not start: {(tmp / 'server.log').read_text()[-2000:]}")

    def request(self, method, path, body=None, cookie="", content_type="application/x-www-form-urlencoded"):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=90)
        headers = {"Cookie": cookie}
        if body is not None:
            headers["Content-Type"] = content_type
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def kill_all(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)


class Database:
    """Reads what is on disk (or committed in PostgreSQL), whatever the server did."""

    def __init__(self, tmp: Path):
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.path = tmp / "wts.sqlite3"
            target = sqlite3.connect(self.path)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()
            self.env = {"WTS_VAR_DIR": str(tmp)}
        else:
            db = connection.settings_dict
            self.env = {"DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"}

    def scalar(self, sql, *params):
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path) as conn:
                return conn.execute(sql.replace("%s", "?"), params).fetchone()[0]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def state(self, district_id):
        return {
            "values": self.scalar(
                "SELECT COUNT(*) FROM entry_itemvalue v JOIN entry_districtreport r ON r.id = v.report_id "
                "WHERE r.district_id = %s", district_id),
            "audit": self.scalar(
                "SELECT COUNT(*) FROM audit_auditevent WHERE district_id = %s AND action = 'value.changed'",
                district_id),
            "area_versions": self.scalar(
                "SELECT COALESCE(SUM(a.version), 0) FROM entry_areareport a JOIN entry_districtreport r "
                "ON r.id = a.report_id WHERE r.district_id = %s", district_id),
            "areas_started": self.scalar(
                "SELECT COALESCE(SUM(areas_started), 0) FROM entry_districtreport WHERE district_id = %s",
                district_id),
        }


def session_cookie(user) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"sessionid={store.session_key}; csrftoken={CSRF}"


def wait_for(path: Path, seconds=30) -> str:
    """The pid the paused worker wrote, once the request reached the pause point."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and path.read_text():
            return path.read_text()
        time.sleep(0.05)
    raise AssertionError("the request never reached the pause point")
