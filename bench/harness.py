"""What every in-process benchmark shares, so each bench file holds only what it measures.

A bench is a script (`.venv/bin/python bench/bench_x.py`) whose last line is
`harness.run(main, ...)`: Django is set up on a fresh SQLite database in a temp folder (or the
PostgreSQL database named by DATABASE_URL, emptied first), `main()` loads its data and measures,
and each figure is printed as a Markdown row beside its ratio to a floor measured in the same
run: the bare view of `bench/urls_bench.py` (the whole middleware stack doing nothing), or the
raw SQL or library call giving the same result. Exit code: 0 when every check held, 1 when one
failed (a page answered with the wrong status, figures that disagree with the floor's).
"""

import os
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE_URL = "/bench/bare/"


def run(main: Callable[[], None], *, settings: str = "bench.settings_bench", var_prefix: str = "wts-bench-",
        environ: dict[str, str | None] | None = None) -> None:
    """Set Django up and run `main`; `environ` gives defaults for the environment (None: unset it)."""
    sys.path.insert(0, str(ROOT))
    for name, value in (environ or {}).items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ.setdefault(name, value)
    os.environ.setdefault("WTS_VAR_DIR", tempfile.mkdtemp(prefix=var_prefix))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)

    import django

    django.setup()
    try:
        main()
    except AssertionError:
        traceback.print_exc()
        print("bench failed: a check did not hold, its figures are not to be used", file=sys.stderr)
        sys.exit(1)
    sys.exit(0)


def engine() -> str:
    from django.db import connection

    return connection.vendor


def fresh_database() -> None:
    """Migrate; a PostgreSQL database given by DATABASE_URL is emptied first, so runs are comparable."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql" and "django_migrations" in connection.introspection.table_names():
        call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", verbosity=0)


def load_demo() -> None:
    """The demo data of `make run`: 878 districts, three confirmed rounds and the open one."""
    from django.core.management import call_command

    with open(os.devnull, "w") as quiet:
        call_command("load_geography", stdout=quiet)
        call_command("load_demo", "--quiet-logins", stdout=quiet)


def load_national(**options):
    """The national data set of deadline day (`generate_national_data`); returns its summary."""
    from demo.national_data import generate_national_data

    options.setdefault("log", lambda *_: None)
    return generate_national_data(**options)


def analyze() -> None:
    """PostgreSQL planner statistics after the bulk load, as autovacuum would gather them."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def logged_in(username: str):
    from django.test import Client

    from wts.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def get(client, url: str, status: int = 200) -> Callable[[], object]:
    """A call of `url` that checks the status and reads a streamed body to its end."""
    def call():
        response = client.get(url)
        assert response.status_code == status, (url, response.status_code)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        return response
    return call


def median_seconds(fn: Callable[[], object], iterations: int, *, warm_up: bool = False) -> float:
    if warm_up:
        fn()
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def count_queries(fn: Callable[[], object]) -> int:
    from django.db import connection

    executed = []

    def counting(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        fn()
    return len(executed)


def measure(fn: Callable[[], object], iterations: int) -> tuple[float, int]:
    """(median seconds, queries of one call) after one warm-up call, so no figure pays for first use."""
    fn()
    queries = count_queries(fn)
    return median_seconds(fn, iterations), queries


def bare_view_floor(client, iterations: int) -> tuple[float, int]:
    """The floor of the stack: the bare view, through the same middleware, for the same user."""
    from django.test import override_settings

    with override_settings(ROOT_URLCONF="bench.urls_bench"):
        return measure(get(client, BARE_URL), iterations)


def ratio(value: float, floor: float, digits: int = 1) -> str:
    return f"{value / floor:.{digits}f}" if floor else "—"


def print_against_floor(rows, floor: float, *, what: str = "request", floor_name: str = "× floor",
                        ms_digits: int = 2) -> None:
    """Rows of (label, median seconds, queries) as a table of milliseconds and ratios to the floor."""
    table = Table(what, "median ms", floor_name, "queries")
    for label, seconds, queries in rows:
        table.row(label, f"{seconds * 1000:.{ms_digits}f}", ratio(seconds, floor), queries)


class Table:
    """A Markdown table printed row by row as the figures come (a long run shows its progress)."""

    def __init__(self, *columns: str):
        self.width = len(columns)
        print("| " + " | ".join(columns) + " |")
        print("|" + "---|" * self.width, flush=True)

    def row(self, *cells) -> None:
        assert len(cells) == self.width, cells
        print("| " + " | ".join("" if cell is None else str(cell) for cell in cells) + " |", flush=True)
