"""Stop PostgreSQL in the middle of a load and start it again.

On a private PostgreSQL cluster (its own port and data directory, so nobody else's database
stops), with the national data set and gunicorn as in production, district officers save areas
without pause. PostgreSQL is stopped (fast shutdown: open transactions are rolled back) and started
again a few seconds later; gunicorn is left alone. The script then checks:

- during the outage requests fail with the system's error page (Thai, "ระบบขัดข้องชั่วคราว"),
  never hang beyond a few seconds, never show a stack trace;
- after PostgreSQL is back the same gunicorn serves saves again (recovery time measured);
- nothing saved before is lost: every value committed before the outage is still there, and the
  values of the last save each officer saw succeed are in the database (or those of a later
  attempt whose answer was lost with the outage).

    .venv/bin/python bench/fault_pg_restart.py [--seconds 40] [--down-at 10] [--down-for 8]

Needs root (to run the cluster as the postgres user) and PostgreSQL 15 binaries.
"""

import argparse
import collections
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_DIR = Path("/tmp/wts-scale-pgfault")
PG_PORT = 5439
HTTP_PORT = 8106
DB = "wts_fault"
DB_URL = f"postgres://postgres@127.0.0.1:{PG_PORT}/{DB}"
ERROR_PAGE_TEXT = "ระบบขัดข้องชั่วคราว"
ITEM_FIELD = re.compile(r'name="(item_\d+)"')
BASE_VERSION = re.compile(r'name="base_version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="base_version"')


def as_postgres(*args, check=True):
    return subprocess.run(["runuser", "-u", "postgres", "--", *map(str, args)], check=check,
                          capture_output=True, text=True)


def pg(action):
    options = f"-p {PG_PORT} -k {PG_DIR} -c listen_addresses=127.0.0.1 -c max_connections=50"
    return as_postgres(PG_BIN / "pg_ctl", "-D", PG_DIR / "data", "-o", options, "-l", PG_DIR / "pg.log",
                       "-w", "-m", "fast", action)


def setup_cluster():
    if PG_DIR.exists():
        as_postgres(PG_BIN / "pg_ctl", "-D", PG_DIR / "data", "-m", "immediate", "stop", check=False)
        shutil.rmtree(PG_DIR)
    PG_DIR.mkdir(parents=True)
    shutil.chown(PG_DIR, "postgres", "postgres")
    as_postgres(PG_BIN / "initdb", "-D", PG_DIR / "data", "-A", "trust", "-U", "postgres", "-E", "UTF8")
    pg("start")
    subprocess.run(["psql", f"postgres://postgres@127.0.0.1:{PG_PORT}/postgres", "-qc", f"create database {DB}"],
                   check=True)


def env():
    e = dict(os.environ)
    e.update(DATABASE_URL=DB_URL, DJANGO_SETTINGS_MODULE="bench.settings_bench", WTS_ENVIRONMENT="production",
             SECRET_KEY="fault-test-" + "x" * 50, SECURE_COOKIES="0", SECURE_SSL_REDIRECT="0",
             SECURE_HSTS_SECONDS="0", DB_CONN_MAX_AGE=e.get("DB_CONN_MAX_AGE", "60"), LOG_LEVEL="CRITICAL",
             WTS_VAR_DIR="/tmp/wts-scale-pgfault-var", SITE_URL=e.get("SITE_URL", f"http://127.0.0.1:{HTTP_PORT}"))
    return e


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env(), check=True)


def db_scalar(sql) -> str:
    return subprocess.run(["psql", DB_URL, "-Atc", sql], capture_output=True, text=True, check=True).stdout.strip()


class Officer(threading.Thread):
    def __init__(self, account, csrf, year, stop, log):
        super().__init__(daemon=True)
        self.account, self.csrf, self.year, self.stop, self.log = account, csrf, year, stop, log
        self.cookie = f"sessionid={account['session']}; csrftoken={csrf}"
        self.last_ok = {}  # area -> values of the last save answered 302
        self.attempts = collections.defaultdict(list)  # area -> values of every later attempt

    def request(self, method, path, body=None):
        conn = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=30)
        headers = {"Cookie": self.cookie}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        began = time.monotonic()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            return response.status, text, time.monotonic() - began
        except (OSError, http.client.HTTPException) as exc:
            return 0, str(exc), time.monotonic() - began
        finally:
            conn.close()

    def run(self):
        number = 0
        while not self.stop.is_set():
            number = number % 8 + 1
            path = f"/entry/{self.year}/area/{number}/"
            status, text, took = self.request("GET", path)
            self.log.append((time.monotonic(), "form", status, took, text if status != 200 else ""))
            if status != 200:
                time.sleep(0.5)
                continue
            version = BASE_VERSION.search(text)
            values = {f: str(int(time.monotonic() * 1000) % 400) for f in ITEM_FIELD.findall(text)}
            body = urlencode({**values, "base_version": version.group(1) or version.group(2),
                              "csrfmiddlewaretoken": self.csrf, "save": ""})
            self.attempts[number].append(values)
            status, text, took = self.request("POST", path, body)
            self.log.append((time.monotonic(), "save", status, took, text if status not in (200, 302) else ""))
            if status == 302:
                self.last_ok[number] = values
                self.attempts[number] = []
            else:
                time.sleep(0.5)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--down-at", type=float, default=10)
    parser.add_argument("--down-for", type=float, default=8)
    parser.add_argument("--officers", type=int, default=16)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2)
    args = parser.parse_args()

    print(f"== private PostgreSQL cluster on port {PG_PORT} in {PG_DIR}")
    setup_cluster()
    gunicorn = None
    try:
        manage("migrate", "--noinput", "-v0")
        manage("generate_national_data", "--rounds", "2")
        sessions_path = PG_DIR / "sessions.json"
        subprocess.run([sys.executable, "bench/prepare_sessions.py", str(sessions_path)], cwd=ROOT, env=env(),
                       check=True)
        sessions = json.loads(sessions_path.read_text())
        savers = [o for o in sessions["officers"] if o["can_save"]][: args.officers]

        gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "wts.wsgi:application", "--bind", f"127.0.0.1:{HTTP_PORT}",
             "--workers", str(args.workers), "--timeout", "30", "--log-level", "critical"],
            cwd=ROOT, env=env(), stdout=subprocess.DEVNULL, stderr=open(PG_DIR / "gunicorn.log", "wb"),
        )
        time.sleep(3)
        stop, log = threading.Event(), []
        officers = [Officer(a, sessions["csrf"], sessions["fiscal_year"], stop, log) for a in savers]
        t0 = time.monotonic()
        for o in officers:
            o.start()
        time.sleep(args.down_at)
        committed_before = db_scalar("select count(*) || ' values, sum ' || coalesce(sum(value), 0) "
                                     "from entry_itemvalue")
        value_ids_before = db_scalar("select count(*) || ' ' || coalesce(max(id), 0) from entry_itemvalue")
        down = time.monotonic()
        pg("stop")
        print(f"   PostgreSQL stopped at t={down - t0:.1f} s (fast shutdown); committed before: {committed_before}")
        time.sleep(args.down_for)
        pg("start")
        up = time.monotonic()
        print(f"   PostgreSQL started at t={up - t0:.1f} s; gunicorn (pid {gunicorn.pid}) left running")
        time.sleep(max(0.0, args.seconds - (up - t0)))
        stop.set()
        for o in officers:
            o.join(timeout=40)
        still_running = gunicorn.poll() is None

        report(log, t0, down, up, officers, value_ids_before, still_running)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=15)
        pg("stop")


def report(log, t0, down, up, officers, value_ids_before, still_running):
    per_second = collections.defaultdict(collections.Counter)
    for when, kind, status, _took, _text in log:
        per_second[int(when - t0)][f"{kind} {status}"] += 1
    print("\n   second: responses")
    for second in sorted(per_second):
        marks = " (PostgreSQL down)" if down - t0 <= second < up - t0 else ""
        print(f"   {second:>6}: {dict(sorted(per_second[second].items()))}{marks}")

    failed = [(when, kind, status, took, text) for when, kind, status, took, text in log if status not in (200, 302)]
    statuses = collections.Counter(status for _w, _k, status, _t, _x in failed)
    clear = sum(1 for *_rest, text in failed if ERROR_PAGE_TEXT in text)
    traces = sum(1 for *_rest, text in failed if "Traceback" in text)
    slowest = max((took for _w, _k, _s, took, _x in failed), default=0.0)
    for when, kind, status, took, _text in sorted(failed, key=lambda f: -f[3])[:3]:
        print(f"   slow failure: {kind} {status} started at t={when - took - t0:.1f} s, took {took:.2f} s")
    for when, kind, status, _took, text in failed:
        if ERROR_PAGE_TEXT not in text:
            title = re.search(r"<title>(.*?)</title>", text, re.S)
            print(f"   unclear failure: {kind} {status} at t={when - t0:.1f} s: "
                  f"{(title.group(1) if title else text[:200]).strip()!r}")
    first_ok_after = min((when for when, kind, status, _t, _x in log if kind == "save" and status == 302 and when > up),
                         default=None)
    saves_ok = sum(1 for _w, kind, status, _t, _x in log if kind == "save" and status == 302)
    print(f"\n   requests: {len(log)}, saves answered 302: {saves_ok}, failed: {len(failed)} {dict(statuses)}")
    print(f"   failed requests showing the error page ({ERROR_PAGE_TEXT}): {clear}/{len(failed)}; "
          f"with a stack trace: {traces}; slowest failure {slowest:.2f} s")
    if first_ok_after is None:
        print("   RECOVERY: FAILED, no save succeeded after PostgreSQL came back")
    else:
        print(f"   recovery: first save answered 302 {first_ok_after - up:.2f} s after PostgreSQL started; "
              f"gunicorn still the same process: {still_running}")

    missing, checked = 0, 0
    for o in officers:
        rows = db_scalar(
            "select coalesce(json_object_agg('item_' || v.item_id, v.value), '{}') from entry_itemvalue v "
            "join entry_districtreport r on r.id = v.report_id join geography_district d on d.id = r.district_id "
            f"where d.code = '{o.account['district']}' and r.round_id = (select max(id) from rounds_round)"
        )
        stored = {k: str(v) for k, v in json.loads(rows).items()}
        for area, values in o.last_ok.items():
            checked += 1
            candidates = [values, *o.attempts[area]]
            if not any(all(stored.get(f) == v for f, v in c.items()) for c in candidates):
                missing += 1
    count_before, max_id_before = value_ids_before.split()
    kept = db_scalar(f"select count(*) from entry_itemvalue where id <= {max_id_before}")
    print(f"   value rows committed before the outage still there: {kept}/{count_before}")
    print(f"   last successful save of each officer and area found in the database: {checked - missing}/{checked}")
    ok = first_ok_after is not None and missing == 0 and kept == count_before and traces == 0 and clear == len(failed) and still_running
    print(f"\n   RESULT: {'PASS' if ok else 'FAIL'}")


if __name__ == "__main__":
    main()
