"""What the two-server layout must get right beyond the surge, checked over HTTP by bench/run_multi.sh.

    multi_checks.py start  STATE APP_1 APP_2 FISCAL_YEAR   # before the worker runs
    multi_checks.py finish STATE APP_2                     # once the worker runs
    multi_checks.py spread ACCESS_LOG APP_1 APP_2          # after the surge

`start` logs in through app-1 with the password and uses the session through app-2 (sessions live
in the database, signed with the one SECRET_KEY), then starts the national export through app-1 and
sees it wait in the queue: no web process runs it. `finish` waits for the worker to finish it and
downloads the file through app-2. `spread` reads nginx's access log: both servers took a fair share
of the surge, and no request ended in a 5xx. APP_n is host:port on 127.0.0.1; the cookies and the
job's id pass from `start` to `finish` in the STATE file. Exit code 1 on the first check that fails.
"""

import http.cookiejar
import io
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

USERNAME = "dla-admin"  # the national data's department administrator, allowed the national export
PASSWORD = "thai-demo-2564"
JOB_TIMEOUT = 300  # seconds for the national export, queued behind nothing, on a loaded machine
FAIR_SHARE = 0.3  # round robin gives each server about half; less than this means one was left out

_CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_JOB_PATH = re.compile(r"^/jobs/([0-9a-f-]{36})/$")
_JOB_STATE = re.compile(r'id="job-progress"[^>]*data-state="(\w+)"')


class Failed(Exception):
    pass


class _Keep3xx(urllib.request.HTTPRedirectHandler):
    """Each request goes to the server named, so a redirect is looked at, not followed."""

    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, state: Path):
        self.jar = http.cookiejar.LWPCookieJar(str(state.with_suffix(".cookies")))
        if Path(self.jar.filename).exists():
            self.jar.load(ignore_discard=True)
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _Keep3xx())

    def save(self):
        self.jar.save(ignore_discard=True)

    def request(self, server: str, path: str, data: dict | None = None):
        if not server.startswith("127.0.0.1:"):
            raise Failed(f"refusing {server}: these checks only talk to 127.0.0.1")
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            response = self.opener.open(urllib.request.Request(f"http://{server}{path}", data=body), timeout=60)
        except urllib.error.HTTPError as error:
            response = error  # a 3xx or 4xx is an answer to look at
        return response.status, response.headers, response.read()

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")


def expect(condition: bool, message: str):
    if not condition:
        raise Failed(message)


def start(state: Path, app_1: str, app_2: str, fiscal_year: str):
    browser = Browser(state)
    status, _headers, body = browser.request(app_1, "/accounts/login/")
    token = _CSRF_FIELD.search(body.decode())
    expect(status == 200 and token is not None, f"{app_1}: login form answered {status}")
    status, headers, _body = browser.request(
        app_2, "/accounts/login/", {"csrfmiddlewaretoken": token.group(1), "username": USERNAME, "password": PASSWORD},
    )
    expect(status == 302 and "/accounts/login/" not in headers.get("Location", ""),
           f"{app_2}: the login with app-1's form answered {status} (CSRF cookie or password refused)")
    for server, path in ((app_1, "/"), (app_2, "/jobs/downloads/"), (app_1, "/monitoring/")):
        status, headers, _body = browser.request(server, path)
        expect(status == 200, f"{server}{path}: {status} {headers.get('Location', '')} with the session made on {app_2}")
    print(f"sessions: logged in through {app_2}, the session served pages through {app_1} and {app_2}")

    status, headers, _body = browser.request(
        app_1, f"/spreadsheets/{fiscal_year}/export.xlsx/background/", {"csrfmiddlewaretoken": browser.cookie("csrftoken")},
    )
    job = _JOB_PATH.match(urllib.parse.urlparse(headers.get("Location", "")).path)
    expect(status == 302 and job is not None, f"{app_1}: starting the national export answered {status}")
    job_id = job.group(1)
    time.sleep(2)  # were a web process to run it, it would have started by now
    job_state = progress(browser, app_2, job_id)
    expect(job_state == "queued", f"job {job_id} is {job_state!r} with no worker running: a web process ran it")
    browser.save()
    state.write_text(json.dumps({"job": job_id}))
    print(f"job: national export {job_id} started through {app_1}, queued while no worker runs")


def progress(browser: Browser, server: str, job_id: str) -> str:
    status, _headers, body = browser.request(server, f"/jobs/{job_id}/progress/")
    found = _JOB_STATE.search(body.decode())
    expect(status == 200 and found is not None, f"{server}: job {job_id}'s progress answered {status}")
    return found.group(1)


def finish(state: Path, app_2: str):
    browser = Browser(state)
    job_id = json.loads(state.read_text())["job"]
    started = time.monotonic()
    job_state = "queued"
    while job_state in {"queued", "running"} and time.monotonic() - started < JOB_TIMEOUT:
        time.sleep(1)
        job_state = progress(browser, app_2, job_id)
    expect(job_state == "succeeded", f"job {job_id} is {job_state!r} after {time.monotonic() - started:.0f} s")
    status, headers, body = browser.request(app_2, f"/jobs/{job_id}/download/")
    expect(status == 200 and body[:2] == b"PK", f"{app_2}: the download answered {status} {headers.get('Content-Type')}")
    from openpyxl import load_workbook

    rows = sum(1 for _row in load_workbook(io.BytesIO(body), read_only=True).worksheets[0].iter_rows(values_only=True))
    expect(rows > 878, f"the national export has {rows} rows, fewer than the 878 districts")
    print(f"job: finished by the worker in {time.monotonic() - started:.0f} s, {len(body):,} bytes "
          f"({rows:,} rows) downloaded through {app_2}")


def spread(access_log: Path, app_1: str, app_2: str):
    """The log format is `$status|$upstream_addr|$request_method $uri` (bench/run_multi.sh): the
    address is "-" for what nginx served itself (static files), a list when it tried a second server.

    The log covers the whole surge, the ramp-up too (locust's figures are reset after it), so any
    4xx or 5xx here fails. Except 499: locust closes the connections of requests still in flight
    when its time is up, and nginx logs those as 499 (a request that timed out during the run
    would also be a failure in locust's own figures)."""
    servers, statuses = Counter(), Counter()
    for line in access_log.read_text().splitlines():
        status, upstream, _request = line.split("|", 2)
        statuses[status if status == "499" else status[0] + "xx"] += 1
        if upstream != "-":
            servers[upstream] += 1
    total = sum(servers.values())
    shares = ", ".join(f"{server} {n} ({n / total:.0%})" for server, n in sorted(servers.items()))
    print(f"proxy: {total} requests passed on: {shares}; statuses {dict(sorted(statuses.items()))} "
          f"(499: in flight when locust stopped)")
    expect(total > 0, "the proxy passed nothing on")
    for server in (app_1, app_2):
        expect(servers[server] >= FAIR_SHARE * total, f"{server} took {servers[server]} of {total} requests")
    expect(statuses["4xx"] + statuses["5xx"] == 0,
           f"{statuses['4xx']} requests ended in a 4xx, {statuses['5xx']} in a 5xx (see the access log)")


def main(argv: list[str]) -> int:
    commands = {"start": (start, 4), "finish": (finish, 2), "spread": (spread, 3)}
    if not argv or argv[0] not in commands or len(argv) - 1 != commands[argv[0]][1]:
        print(__doc__)
        return 2
    function, _count = commands[argv[0]]
    arguments = [Path(argv[1]), *argv[2:]]
    try:
        function(*arguments)
    except Failed as failure:
        print(f"CHECK FAILED: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
