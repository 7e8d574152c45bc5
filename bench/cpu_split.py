"""Where the CPU of a load run went: gunicorn workers, PostgreSQL, locust.

On one machine the app server, the database and the load generator share the cores; the split
says what a second app server (on other cores, same PostgreSQL) would buy before PostgreSQL
becomes the limit.

    .venv/bin/python bench/cpu_split.py snapshot GUNICORN_PID DB_NAME > before.json
    ... run the load ...
    .venv/bin/python bench/cpu_split.py diff before.json GUNICORN_PID DB_NAME [LOCUST_TIME_FILE]

Locust has exited by the time of the diff, so its CPU comes from `/usr/bin/time -f "%U %S"`.
"""

import json
import os
import sys
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])) / TICKS


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def snapshot(gunicorn_pid: int, db_name: str) -> dict:
    groups = {"gunicorn": 0.0, "postgresql": 0.0, "locust": 0.0}
    for pid in [gunicorn_pid, *_children(gunicorn_pid)]:
        groups["gunicorn"] += _cpu_seconds(pid)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            # Every PostgreSQL process, the postmaster with its reaped children included: a backend
            # that ends during the run (persistent connections are renewed) moves its CPU into the
            # postmaster's, so the difference of two snapshots is exact. The load is the only
            # client during a run, so other databases' backends add nothing.
            if cmdline.startswith("postgres:") or "bin/postgres " in cmdline:
                groups["postgresql"] += _cpu_seconds(int(entry.name))
            elif "locust" in cmdline and "bench/locustfile.py" in cmdline:
                groups["locust"] += _cpu_seconds(int(entry.name))
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return groups


def main(argv):
    if argv[:1] == ["snapshot"]:
        print(json.dumps(snapshot(int(argv[1]), argv[2])))
        return 0
    if argv[:1] == ["diff"]:
        before = json.loads(Path(argv[1]).read_text())
        after = snapshot(int(argv[2]), argv[3])
        used = {k: max(0.0, after[k] - before.get(k, 0.0)) for k in after}
        if len(argv) > 4 and Path(argv[4]).exists():
            used["locust"] = sum(float(x) for x in Path(argv[4]).read_text().split()[-2:])
        total = sum(used.values()) or 1.0
        parts = ", ".join(f"{k} {v:.1f} s ({100 * v / total:.0f}%)" for k, v in used.items())
        print(f"CPU used: {parts}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
