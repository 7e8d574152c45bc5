"""Kill the server in the middle of a save: nothing half-written, and the retry saves.

The test-only middleware (fault_hooks.PauseInsideSave) holds the save inside its transaction
after the values are written and before the audit rows; the test then SIGKILLs the worker (the
master starts a new one) or the whole server (a new one is started), checks in the database that
the save left no trace, and retries it.
"""

import http.client
import os
import signal
import threading
from urllib.parse import urlencode

import pytest

from wts.catalog.models import WorkItem

from .fault_server import CSRF, Database, Server, session_cookie, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

VALUES = ["120", "๑,๒๐๐", "7", "0", "3"]


def save_body(world) -> str:
    items = WorkItem.objects.filter(area__round=world.round, area__number=1).order_by("order")
    data = {f"item_{item.pk}": raw for item, raw in zip(items, VALUES, strict=False)}
    data.update(base_version="0", csrfmiddlewaretoken=CSRF, save="")
    return urlencode(data)


@pytest.mark.parametrize("killed", ["worker", "whole server"])
def test_a_save_killed_mid_transaction_leaves_nothing_and_the_retry_saves(open_world, tmp_path, killed):
    world = open_world
    cookie = session_cookie(world.officer)
    body = save_body(world)
    path = f"/entry/{world.round.fiscal_year}/area/1/"
    db = Database(tmp_path)
    district = world.officer.district_id
    before = db.state(district)
    server = Server(tmp_path, db.env)
    try:
        outcome = {}

        def post():
            try:
                outcome["status"] = server.request("POST", path, body, cookie)[0]
            except (OSError, http.client.HTTPException) as exc:
                outcome["error"] = exc

        saving = threading.Thread(target=post)
        saving.start()
        worker_pid = int(wait_for(tmp_path / "paused"))
        if killed == "worker":
            os.kill(worker_pid, signal.SIGKILL)
        else:
            server.kill_all()
        saving.join(timeout=30)
        assert "status" not in outcome, "the killed save must not look successful to the user"

        assert db.state(district) == before, "a killed save left rows behind"

        if killed == "whole server":
            server = Server(tmp_path, db.env)
        status, _ = server.request("POST", path, body, cookie)
        assert status == 302
        after = db.state(district)
        assert after["values"] == after["audit"] == len(VALUES)
        assert after["area_versions"] == 1
        assert after["areas_started"] == 1
        assert server.request("GET", "/entry/", cookie=cookie)[0] == 200
    finally:
        server.kill_all()
