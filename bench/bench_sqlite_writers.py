"""SQLite under concurrent writers: the default install a province runs on its own.

N processes, each logged in as a different district officer, save areas the way the page does
("save and next" with htmx: one POST per save, answered with the next area's form) through the
whole Django stack (middleware, the entry action with its audit rows) as fast as they can for a
fixed time, against the default SQLite settings (WAL, BEGIN IMMEDIATE,
30 s busy timeout). Counts every error, "database is locked" in particular (must be 0), the saves
per second and the save latency; the floor is the same N processes doing raw write transactions
(BEGIN IMMEDIATE, one INSERT, COMMIT) with the sqlite3 module on the same file.

    .venv/bin/python bench/bench_sqlite_writers.py                 # 4, 16 and 32 writers, 15 s each
    .venv/bin/python bench/bench_sqlite_writers.py --writers 16 --seconds 10
    .venv/bin/python bench/bench_sqlite_writers.py --no-script   # each save: form, POST, redirect
"""

import argparse
import multiprocessing as mp
import os
import sqlite3
import statistics
import time

import harness

AREAS = 8


def prepare() -> list[int]:
    from wts.accounts.models import Role, User
    from wts.rounds.models import Round
    from wts.workflow.models import EDITABLE_STATES, DistrictReport

    harness.fresh_database()
    summary = harness.load_national(rounds=1, seed=7)
    print(f"data: {summary.districts} districts, {summary.values} values, {summary.audit_rows} audit rows "
          f"in {summary.seconds:.1f} s")
    round_ = Round.current()
    locked = DistrictReport.objects.filter(round=round_).exclude(state__in=EDITABLE_STATES).values("district")
    return list(User.objects.filter(role=Role.DISTRICT_OFFICER).exclude(district__in=locked)
                .order_by("username").values_list("pk", flat=True))


def _wait_for_start(sync) -> float:
    """Tell the parent this process is ready, wait until every process is, return the start time."""
    ready, go, start_value = sync
    ready.put(1)
    go.wait()
    while time.time() < start_value.value:
        time.sleep(0.005)
    return start_value.value


def _writer(user_id: int, seconds: float, sync, results, no_script=False) -> None:
    import re

    from django.test import Client

    from wts.accounts.models import User
    from wts.rounds.models import Round

    year = Round.current().fiscal_year
    client = Client(raise_request_exception=True)
    client.force_login(User.objects.get(pk=user_id))
    item_field = re.compile(r'name="(item_\d+)"')
    version_field = re.compile(r'name="base_version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="base_version"')
    htmx = {} if no_script else {"HX-Request": "true"}
    latencies, errors, locked, number = [], 0, 0, 0
    client.get(f"/entry/{year}/area/1/")  # templates compiled, caches warm: measure the steady state
    end = _wait_for_start(sync) + seconds
    page = None
    while time.time() < end:
        number = number % AREAS + 1
        path = f"/entry/{year}/area/{number}/"
        began = time.perf_counter()
        try:
            if page is None:  # the page is opened; after that each save answers with the next form
                page = client.get(path).content.decode()
            version = version_field.search(page)
            data = {f: str((number * 37 + len(latencies)) % 400) for f in item_field.findall(page)}
            data["base_version"] = version.group(1) or version.group(2)
            data["next" if number < AREAS and not no_script else "save"] = ""
            response = client.post(path, data, headers=htmx)
            if response.status_code == (302 if no_script else 200):
                latencies.append(time.perf_counter() - began)
                page = None if no_script or number == AREAS else response.content.decode()
            else:
                errors += 1
                page = None
        except Exception as exc:  # every failure is counted, whatever its type
            errors += 1
            locked += "database is locked" in str(exc)
            page = None
    results.put((latencies, errors, locked))


def _raw_writer(path: str, seconds: float, sync, results) -> None:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    done, errors = 0, 0
    end = _wait_for_start(sync) + seconds
    while time.time() < end:
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO bench_floor (value) VALUES (?)", (done,))
            conn.execute("COMMIT")
            done += 1
        except sqlite3.OperationalError:
            errors += 1
    results.put(([0.0] * done, errors, 0))


def run(target, args_for, writers: int, seconds: float, **kwargs):
    """Start the processes; the clock starts once every one of them has logged in and warmed up
    (32 processes compiling templates take several seconds on 2 cores)."""
    from django.db import connections

    ctx = mp.get_context("fork")
    results = ctx.Queue()
    sync = (ctx.Queue(), ctx.Event(), ctx.Value("d", 0.0))
    connections.close_all()
    procs = [ctx.Process(target=target, args=(*args_for(i), seconds, sync, results), kwargs=kwargs)
             for i in range(writers)]
    for p in procs:
        p.start()
    for _ in procs:
        sync[0].get(timeout=300)
    sync[2].value = time.time() + 0.2
    sync[1].set()
    collected = [results.get(timeout=seconds + 120) for _ in procs]
    for p in procs:
        p.join()
    latencies = [x for lat, _e, _l in collected for x in lat]
    return latencies, sum(e for _l, e, _k in collected), sum(k for _l, _e, k in collected)


def pct(values, q):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", type=int, nargs="*", default=[4, 16, 32])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--no-script", action="store_true",
                        help="save as a browser without JavaScript: the form, the POST and its redirect")
    args = parser.parse_args()
    from django.conf import settings

    officers = prepare()
    db_path = str(settings.DATABASES["default"]["NAME"])
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_floor (id INTEGER PRIMARY KEY, value INTEGER)")
    print(f"SQLite {sqlite3.sqlite_version}, {db_path}, options {settings.DATABASES['default']['OPTIONS']}, "
          f"session written on every request: {settings.SESSION_SAVE_EVERY_REQUEST}, "
          f"{'form, POST and redirect per save (no script)' if args.no_script else 'save in place (htmx), as the page does'}")
    print(f"machine: {os.cpu_count()} cores, load average before the run {os.getloadavg()[0]:.1f} "
          "(other work on the machine slows every figure)")
    table = harness.Table("writers", "saves", "saves/s", "p50 ms", "p95 ms", "p99 ms", "errors", "locked",
                          "raw tx/s", "floor ratio")
    raw_floor_errors = []
    for writers in args.writers:
        if writers > len(officers):
            raise SystemExit(f"only {len(officers)} officers can save; use fewer writers")
        latencies, errors, locked = run(_writer, lambda i: (officers[i],), writers, args.seconds,
                                        no_script=args.no_script)
        raw, raw_errors, _ = run(_raw_writer, lambda i: (db_path,), writers, min(args.seconds, 5))
        saves = len(latencies) / args.seconds
        raw_rate = len(raw) / min(args.seconds, 5)
        table.row(writers, len(latencies), f"{saves:.1f}", f"{1000 * pct(latencies, .5):.0f}",
                  f"{1000 * pct(latencies, .95):.0f}", f"{1000 * pct(latencies, .99):.0f}", errors, locked,
                  f"{raw_rate:.0f}", f"{raw_rate / saves if saves else 0:.0f}×")
        if raw_errors:
            raw_floor_errors.append(f"{writers} writers: {raw_errors}")
    if raw_floor_errors:
        print(f"raw floor errors: {'; '.join(raw_floor_errors)}")
    if latencies:
        print(f"median save at {args.writers[-1]} writers: "
              f"{1000 * statistics.median(latencies):.0f} ms")


if __name__ == "__main__":
    harness.run(main, settings="wts.settings", var_prefix="wts-sqlite-writers-",
                environ={"DATABASE_URL": None, "LOG_LEVEL": "CRITICAL", "AXES_ENABLED": "0"})
