"""A real worker process on the test database, a slow SMTP server, and the database both share.

On PostgreSQL the worker uses the test database itself (the test commits its data:
transactional_db). On SQLite the in-memory test database is copied to a file and the test's own
connection is pointed at that file for the test, so the test, the live server and the worker all
read and write the same database (the approach of wts/core/tests/fault_server.py).
"""

import os
import signal
import socketserver
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class SharedDatabase:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            path = tmp / "wts.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(path)
            connection.connection.backup(target)
            target.close()
            # Keep the in-memory database alive (its last connection closing would drop it) and
            # point this connection at the file until the test ends.
            self._memory, self._name = connection.connection, connection.settings_dict["NAME"]
            connection.connection = None
            connection.settings_dict["NAME"] = str(path)
            self.env = {"WTS_VAR_DIR": str(tmp)}
        else:
            db = connection.settings_dict
            self.env = {"DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"}

    def restore(self):
        if self.vendor == "sqlite":
            connection.close()
            connection.settings_dict["NAME"] = self._name
            connection.connection = self._memory


class WorkerProcess:
    """`manage.py run_worker` in its own process group, polling fast, recovering stalled jobs fast."""

    def __init__(self, tmp: Path, db_env: dict, **extra_env):
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(db_env)
        env.update(DJANGO_SETTINGS_MODULE="wts.jobs.tests.worker_settings", WTS_ENVIRONMENT="test",
                   WTS_TASKS_BACKEND="database", JOB_STALE_SECONDS="3", JOB_HEARTBEAT_SECONDS="1",
                   JOB_SCHEDULER_SECONDS="1", LOG_LEVEL="ERROR", AXES_ENABLED="0")
        env.update({k: str(v) for k, v in extra_env.items()})
        self.log = tmp / "worker.log"
        self.proc = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--interval", "0.1"],
            cwd=ROOT, env=env, start_new_session=True, stdout=open(self.log, "ab"), stderr=subprocess.STDOUT,
        )

    def kill(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


def wait_until(predicate, seconds=60, message="condition", worker=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {message}" + (f"\nworker log:\n{worker.output()}" if worker else ""))


class SlowSMTPServer(socketserver.ThreadingTCPServer):
    """Just enough SMTP for Django's backend; each message takes `delay` seconds to accept."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, delay: float):
        self.delay, self.received, self.lock = delay, [], threading.Lock()
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def stop(self):
        self.shutdown()
        self.server_close()


class _SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str):
        self.wfile.write(f"{line}\r\n".encode())
        self.wfile.flush()

    def handle(self):
        self.reply("220 slow.example ESMTP")
        recipients = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("ascii", "replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 slow.example")
            elif command.startswith("RCPT TO:"):
                recipients.append(line.decode().strip()[8:].strip(" <>"))
                self.reply("250 ok")
            elif command == "DATA":
                self.reply("354 end with .")
                while self.rfile.readline() not in (b".\r\n", b""):
                    pass
                time.sleep(self.server.delay)
                with self.server.lock:
                    self.server.received.extend(recipients)
                recipients = []
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:  # MAIL FROM, RSET, NOOP
                if command.startswith("RSET"):
                    recipients = []
                self.reply("250 ok")
