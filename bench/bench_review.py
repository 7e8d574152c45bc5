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
import time

import harness

ITERATIONS = int(os.environ.get("BENCH_ITERATIONS", "30"))
DATA = os.environ.get("BENCH_DATA", "national")


def main():
    from django.db.models import Count

    from wts.geography.models import Province
    from wts.rounds.models import Round
    from wts.workflow.flags import RoundFlagger
    from wts.workflow.models import DistrictReport, ItemValue, ReportState

    harness.fresh_database()
    started = time.perf_counter()
    if DATA == "demo":
        harness.load_demo()
    else:
        harness.load_national()
    load_seconds = time.perf_counter() - started

    round_ = Round.current()
    fy = round_.fiscal_year
    largest = Province.objects.annotate(n=Count("districts")).order_by("-n", "code").first()
    submitted = (
        DistrictReport.objects.filter(round=round_, state=ReportState.SUBMITTED, district__province__code="48")
        .select_related("district").order_by("district__code").first()
    )
    if submitted is None:  # the demo always submits some; keep the benchmark honest if it changes
        raise SystemExit("no submitted district in นครพนม to review")

    director = harness.logged_in("director-48")
    director_large = harness.logged_in(f"director-{largest.code}")

    def one_district_flags():
        return RoundFlagger(round_, [submitted.district_id]).flags_for_district(submitted.district_id)

    province_small = f"/review/{fy}/province/48/"
    province_large = f"/review/{fy}/province/{largest.code}/"
    district_page = f"/review/{fy}/district/{submitted.district.code}/"
    bare, bare_queries = harness.bare_view_floor(director, ITERATIONS)
    rows = [
        ("bare view (floor of the stack)", bare, bare_queries),
        ("flags of one district against the whole round (`RoundFlagger`)",
         *harness.measure(one_district_flags, ITERATIONS)),
        ("province page นครพนม (12 districts)", *harness.measure(harness.get(director, province_small), ITERATIONS)),
        (f"province page {largest.name_th} ({largest.n} districts)",
         *harness.measure(harness.get(director_large, province_large), ITERATIONS)),
        (f"district review page {submitted.district.display_name}",
         *harness.measure(harness.get(director, district_page), ITERATIONS)),
    ]
    values = ItemValue.objects.filter(report__round=round_).count()
    print(f"database: {harness.engine()}; data: {DATA} (loaded in {load_seconds:.0f} s); "
          f"rounds: {Round.objects.count()}; values in the open round: {values}; iterations: {ITERATIONS}")
    harness.print_against_floor(rows, bare, what="measure", floor_name="× bare view")


if __name__ == "__main__":
    harness.run(main)
