"""Benchmark of district data entry with the full national data set.

Loads 76 provinces, 878 districts and the demo rounds (about 100,000 values) into a fresh
database, then measures in one process, through the whole middleware stack and logged in as
district-4801:
  - a bare Django view (the floor),
  - the district home page (GET /entry/),
  - the area page (GET) and the area save (POST, every save changes a value): without script
    (answered with a redirect) and in place as the page does it (htmx, answered with the form),
and prints each one's median time as a ratio to the floor, with its query count.

    .venv/bin/python bench/bench_entry.py            # fresh SQLite database in a temp folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wts_bench .venv/bin/python bench/bench_entry.py
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("WTS_VAR_DIR", tempfile.mkdtemp(prefix="wts-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wts.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path  # noqa: E402


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("wts.urls"))]

ITERATIONS = int(os.environ.get("BENCH_ITERATIONS", "200"))


def measure(label, fn, iterations=ITERATIONS):
    fn()  # warm up
    executed = []
    with connection.execute_wrapper(lambda execute, sql, params, many, context: executed.append(sql) or execute(
            sql, params, many, context)):
        response = fn()
    assert response.status_code in (200, 302), f"{label}: HTTP {response.status_code}"
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return label, statistics.median(times), len(executed)


def main():
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    if engine == "postgresql":
        # a PostgreSQL database given by DATABASE_URL is emptied first, so runs are comparable
        call_command("flush", "--noinput", verbosity=0) if _has_tables() else None
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_geography", stdout=open(os.devnull, "w"))
    call_command("load_demo", "--quiet-logins", stdout=open(os.devnull, "w"))
    load_seconds = time.perf_counter() - start

    from wts.accounts.models import User
    from wts.catalog.models import MissionArea
    from wts.entry.forms import item_field_name
    from wts.rounds.models import Round
    from wts.workflow.models import AreaReport, ItemValue

    round_ = Round.current()
    area = MissionArea.objects.get(round=round_, number=1)
    items = list(area.items.all())
    user = User.objects.get(username="district-4801")
    client = Client()
    client.force_login(user)
    area_url = f"/entry/{round_.fiscal_year}/area/1/"
    counter = {"n": 0}
    state = {"version": AreaReport.objects.filter(report__district=user.district, report__round=round_, area=area)
             .values_list("version", flat=True).first() or 0}

    def save(htmx=False):
        """Every save changes every value, so the area's version moves by one each time."""
        counter["n"] += 1
        data = {item_field_name(item): str(counter["n"] + i) for i, item in enumerate(items)}
        data["base_version"] = state["version"]
        data["save"] = ""
        response = client.post(area_url, data, headers={"HX-Request": "true"} if htmx else {})
        assert response.status_code == (200 if htmx else 302), response.status_code
        state["version"] += 1
        return response

    with override_settings(ROOT_URLCONF=__name__):
        results = [
            measure("bare view (floor)", lambda: client.get("/bench/bare/")),
            measure("district home GET /entry/", lambda: client.get("/entry/")),
            measure("area page GET", lambda: client.get(area_url)),
            measure("area save POST (redirect)", save),
            measure("area save in place (htmx)", lambda: save(htmx=True)),
        ]
    floor = results[0][1]
    print(f"database: {engine}; national data: {ItemValue.objects.count():,} values, loaded in {load_seconds:.1f} s")
    print(f"{'request':<28}{'median ms':>11}{'× floor':>10}{'queries':>9}")
    for label, median, queries in results:
        print(f"{label:<28}{median * 1000:>11.2f}{median / floor:>10.1f}{queries:>9}")


def _has_tables():
    return "django_migrations" in connection.introspection.table_names()


if __name__ == "__main__":
    main()
