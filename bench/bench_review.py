"""Benchmark of the review pages with the full national data.

Loads the full national data set into a fresh database (``generate_national_data``: 76
provinces, 878 districts, every item, five rounds, the open one on the eve of its deadline;
BENCH_DATA=demo uses the lighter ``load_demo`` instead), then measures in one process, logged in
through the whole middleware stack:
  - a bare Django view (the floor of the stack),
  - the flags of the whole round (``RoundFlagger``: every value of the round, medians and MADs),
  - the director's province page for นครพนม (12 districts) and for the largest province,
  - a submitted district's review page (values, previous round, province median, flags, comments),
and prints medians as ratios to the bare view with each page's query count. The query counts of
the small and the large province must be equal: they do not grow with the number of districts.

    .venv/bin/python bench/bench_review.py
    BENCH_DATA=demo .venv/bin/python bench/bench_review.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wts_bench_review .venv/bin/python bench/bench_review.py
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
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

ITERATIONS = int(os.environ.get("BENCH_ITERATIONS", "30"))
DATA = os.environ.get("BENCH_DATA", "national")


def median_ms(fn, n) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if DATA == "demo":
        call_command("load_geography", verbosity=0)
        call_command("load_demo", verbosity=0)
    else:
        call_command("generate_national_data", verbosity=0, stdout=open(os.devnull, "w"))
    load_seconds = time.perf_counter() - started

    from wts.accounts.models import User
    from wts.geography.models import Province
    from wts.review.flags import RoundFlagger
    from wts.rounds.models import Round
    from wts.workflow.models import DistrictReport, ItemValue, ReportState

    round_ = Round.current()
    fy = round_.fiscal_year
    largest = Province.objects.annotate(n=Count("districts")).order_by("-n", "code").first()
    submitted = (
        DistrictReport.objects.filter(round=round_, state=ReportState.SUBMITTED, district__province__code="48")
        .select_related("district").order_by("district__code").first()
    )
    if submitted is None:  # the demo always submits some; keep the benchmark honest if it changes
        raise SystemExit("no submitted district in นครพนม to review")

    director, director_large = Client(), Client()
    director.force_login(User.objects.get(username="director-48"))
    director_large.force_login(User.objects.get(username=f"director-{largest.code}"))

    def get(client, url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        return call

    def queries(client, url):
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    def function_queries(fn):
        with CaptureQueriesContext(connection) as captured:
            fn()
        return len(captured)

    def one_district_flags():
        return RoundFlagger(round_, [submitted.district_id]).flags_for_district(submitted.district_id)

    province_small = f"/review/{fy}/province/48/"
    province_large = f"/review/{fy}/province/{largest.code}/"
    district_page = f"/review/{fy}/district/{submitted.district.code}/"
    for client, url in ((director, "/bench/bare/"), (director, province_small), (director_large, province_large),
                        (director, district_page)):
        get(client, url)()  # warm up
    bare = median_ms(get(director, "/bench/bare/"), ITERATIONS)
    rows = [
        ("bare view (floor of the stack)", bare, queries(director, "/bench/bare/")),
        ("flags of one district against the whole round (`RoundFlagger`)",
         median_ms(one_district_flags, ITERATIONS), function_queries(one_district_flags)),
        ("province page นครพนม (12 districts)", median_ms(get(director, province_small), ITERATIONS),
         queries(director, province_small)),
        (f"province page {largest.name_th} ({largest.n} districts)",
         median_ms(get(director_large, province_large), ITERATIONS), queries(director_large, province_large)),
        (f"district review page {submitted.district.display_name}", median_ms(get(director, district_page), ITERATIONS),
         queries(director, district_page)),
    ]
    values = ItemValue.objects.filter(report__round=round_).count()
    print(f"database: {connection.vendor}; data: {DATA} (loaded in {load_seconds:.0f} s); rounds: {Round.objects.count()}; "
          f"values in the open round: {values}; iterations: {ITERATIONS}")
    print("| measure | median ms | × bare view | queries |")
    print("|---|---|---|---|")
    for name, ms, n in rows:
        print(f"| {name} | {ms:.2f} | {ms / bare:.1f} | {n} |")


if __name__ == "__main__":
    main()
