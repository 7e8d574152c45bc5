"""Benchmark of the national staffing (FTE) table with the full national data set.

Loads 76 provinces, 878 districts and the demo rounds (three confirmed earlier rounds and an
open one, about 100,000 values) into a fresh database, then measures in one process:
  - the raw SQL aggregate that gives the same per-district FTE numbers (the floor),
  - ``wts.analytics.staffing.analyse`` for the whole nation (districts, provinces, regions, nation),
  - the districts page through the whole middleware stack, logged in as dla-admin,
for one round and for a 3-round average, checks that the numbers agree with the floor's, and
prints each median time as a ratio to the floor.

    .venv/bin/python bench/bench_analytics.py            # fresh SQLite database in a temp folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wts_bench_analytics .venv/bin/python bench/bench_analytics.py
"""

import os
import time

import harness

ITERATIONS = int(os.environ.get("BENCH_ITERATIONS", "15"))

# Per district: the mean volume of each item code over the last N rounds holding a confirmed value,
# times the selected round's standard minutes, summed, times CAF, over productive hours.
RAW_FTE = """
WITH used AS (
    SELECT id FROM rounds_round WHERE fiscal_year <= %s ORDER BY fiscal_year DESC LIMIT %s
), minutes AS (
    SELECT i.code, i.standard_minutes FROM catalog_workitem i
    JOIN catalog_missionarea a ON a.id = i.area_id WHERE a.round_id = %s
), per_item AS (
    SELECT r.district_id, i.code, SUM(v.value) * 1.0 / COUNT(v.id) AS volume
    FROM entry_itemvalue v
    JOIN entry_districtreport r ON r.id = v.report_id
    JOIN catalog_workitem i ON i.id = v.item_id
    WHERE r.round_id IN (SELECT id FROM used) AND r.state = 'confirmed' AND v.value IS NOT NULL
    GROUP BY r.district_id, i.code
)
SELECT p.district_id, SUM(p.volume * m.standard_minutes / 60.0) * %s / %s
FROM per_item p JOIN minutes m ON m.code = p.code
GROUP BY p.district_id
"""


def raw_fte(round_, n):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(RAW_FTE, [round_.fiscal_year, n, round_.pk, round_.allowance_factor, round_.productive_hours])
        return {district_id: float(fte) for district_id, fte in cursor.fetchall()}


def main():
    from wts.analytics.staffing import analyse
    from wts.rounds.models import Round
    from wts.workflow.models import ItemValue

    start = time.perf_counter()
    harness.fresh_database()
    harness.load_demo()
    harness.analyze()
    print(f"database: {harness.engine()}; national data loaded in {time.perf_counter() - start:.1f} s "
          f"({ItemValue.objects.count():,} values)")

    # The latest closed round: every district confirmed, and two confirmed rounds before it.
    round_ = Round.objects.filter(closed_at__isnull=False).order_by("-fiscal_year").first()
    client = harness.logged_in("dla-admin")
    print(f"round {round_.fiscal_year}; median of {ITERATIONS} runs\n")
    for n in (1, 3):
        floor_numbers = raw_fte(round_, n)
        analysis = analyse(round_, averaging_rounds=n)
        ours = {d.district.pk: d.fte_needed for d in analysis.districts if d.has_data}
        assert ours.keys() == floor_numbers.keys(), "the districts with data differ from the raw SQL's"
        worst = max(abs(ours[k] - floor_numbers[k]) for k in ours)
        assert worst < 1e-9, f"FTE differs from the raw SQL by {worst}"
        url = f"/analytics/districts/?round={round_.fiscal_year}&averaging={n}"
        floor, _ = harness.measure(lambda n=n: raw_fte(round_, n), ITERATIONS)
        rows = [
            (f"raw SQL aggregate, {n}-round (floor)", floor, 1),
            (f"analyse(): nation, {n}-round",
             *harness.measure(lambda n=n: analyse(round_, averaging_rounds=n), ITERATIONS)),
            (f"GET {url}", *harness.measure(harness.get(client, url), max(3, ITERATIONS // 3))),
        ]
        harness.print_against_floor(rows, floor, what="what", ms_digits=1)
        print(f"\n{len(ours)} districts with data, national FTE {analysis.nation.fte_needed:,.2f}, "
              f"largest difference from the raw SQL {worst:.1e}\n")


if __name__ == "__main__":
    harness.run(main)
