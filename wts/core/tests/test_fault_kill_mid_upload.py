"""Kill the server in the middle of a spreadsheet upload: nothing half-written, the user can retry.

Two moments: while the file is still being received (the dry run never happens), and while the
checked import is being applied (the test-only pause holds the apply inside its transaction after
the first area's values are written). Either way the database holds nothing of it afterwards,
and the same file uploaded and applied again gives every value.
"""

import http.client
import os
import re
import signal
import socket
import threading
import time

import pytest

from wts.catalog.models import WorkItem
from wts.spreadsheets.tests.helpers import download, fill

from .fault_server import CSRF, Database, Server, session_cookie, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

APPLY_URL = re.compile(r"/spreadsheets/imports/([0-9a-f-]{36})/apply/")
BOUNDARY = "wts-fault-boundary-7d1f"


def filled_workbook(world) -> tuple[bytes, int]:
    """The district's own workbook with every item of areas 1 and 2 filled, as a user would."""
    items = WorkItem.objects.filter(area__round=world.round, area__number__in=[1, 2]).order_by("area__number", "order")
    values = {item.code: 10 + n for n, item in enumerate(items)}
    return fill(download(world.client_for(world.officer), world), values), len(values)


def multipart(content: bytes) -> bytes:
    head = (
        f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrfmiddlewaretoken\"\r\n\r\n{CSRF}\r\n"
        f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"wts-form.xlsx\"\r\n"
        "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
    ).encode()
    return head + content + f"\r\n--{BOUNDARY}--\r\n".encode()


def state(db: Database, district_id) -> dict:
    return {
        "values": db.scalar(
            "SELECT COUNT(*) FROM entry_itemvalue v JOIN entry_districtreport r ON r.id = v.report_id "
            "WHERE r.district_id = %s", district_id),
        "imports": db.scalar("SELECT COUNT(*) FROM spreadsheets_workbookimport WHERE district_id = %s", district_id),
        "applied": db.scalar(
            "SELECT COUNT(*) FROM spreadsheets_workbookimport WHERE district_id = %s AND state = 'applied'",
            district_id),
        "audit": db.scalar(
            "SELECT COUNT(*) FROM audit_auditevent WHERE district_id = %s "
            "AND action IN ('value.changed', 'spreadsheet.imported')", district_id),
    }


def dry_run(server, world, body, cookie) -> str:
    """Upload the file (the checked dry run); returns the path that applies it."""
    status, page = server.request("POST", f"/spreadsheets/{world.round.fiscal_year}/upload/", body, cookie,
                                  content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert status == 200, page.decode()[-500:]
    return APPLY_URL.search(page.decode()).group(0)


def test_a_kill_while_the_file_is_received_leaves_nothing_and_a_retry_imports(open_world, tmp_path):
    world = open_world
    content, n_values = filled_workbook(world)
    cookie = session_cookie(world.officer)
    db = Database(tmp_path)
    (tmp_path / "paused").write_text("no pause in this test")
    server = Server(tmp_path, db.env)
    try:
        body = multipart(content)
        sock = socket.create_connection(("127.0.0.1", server.port))
        sock.sendall(
            (f"POST /spreadsheets/{world.round.fiscal_year}/upload/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             f"Cookie: {cookie}\r\nContent-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
             f"Content-Length: {len(body)}\r\n\r\n").encode() + body[: len(body) // 2]
        )
        time.sleep(0.5)  # the worker is now blocked reading the rest of the file
        for pid in server.worker_pids():
            os.kill(pid, signal.SIGKILL)
        sock.close()
        assert state(db, world.officer.district_id) == {"values": 0, "imports": 0, "applied": 0, "audit": 0}

        deadline = time.monotonic() + 30
        while not server.worker_pids() and time.monotonic() < deadline:
            time.sleep(0.1)
        apply_path = dry_run(server, world, body, cookie)
        assert server.request("POST", apply_path, f"csrfmiddlewaretoken={CSRF}", cookie)[0] == 302
        assert state(db, world.officer.district_id) == {
            "values": n_values, "imports": 1, "applied": 1, "audit": n_values + 1,
        }
    finally:
        server.kill_all()


def test_a_kill_while_the_import_is_applied_leaves_nothing_and_a_retry_applies(open_world, tmp_path):
    world = open_world
    content, n_values = filled_workbook(world)
    cookie = session_cookie(world.officer)
    db = Database(tmp_path)
    server = Server(tmp_path, db.env)
    try:
        apply_path = dry_run(server, world, multipart(content), cookie)
        outcome = {}

        def apply():
            try:
                outcome["status"] = server.request("POST", apply_path, f"csrfmiddlewaretoken={CSRF}", cookie)[0]
            except (OSError, http.client.HTTPException) as exc:
                outcome["error"] = exc

        applying = threading.Thread(target=apply)
        applying.start()
        os.kill(int(wait_for(tmp_path / "paused")), signal.SIGKILL)
        applying.join(timeout=30)
        assert "status" not in outcome, "the killed import must not look successful to the user"
        assert state(db, world.officer.district_id) == {"values": 0, "imports": 1, "applied": 0, "audit": 0}

        assert server.request("POST", apply_path, f"csrfmiddlewaretoken={CSRF}", cookie)[0] == 302
        assert state(db, world.officer.district_id) == {
            "values": n_values, "imports": 1, "applied": 1, "audit": n_values + 1,
        }
    finally:
        server.kill_all()
