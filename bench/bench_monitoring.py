"""Benchmark of the monitoring boards and the official status report with the full national data.

Loads 76 provinces, 878 districts and the demo rounds (three confirmed earlier rounds and the
open one) into a fresh database, then measures in one process, logged in through the whole
middleware stack:
  - a bare Django view (the floor of the stack) and the raw SQL giving the same per-province
    counts as the national board (the floor of the data),
  - the national board (dla-admin) and one province board (director-48),
  - the national status report as PDF and XLSX, and the province report as PDF,
checks that the board's counts equal the raw SQL's, and prints medians as ratios to the floors.

    .venv/bin/python bench/bench_monitoring.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wts_bench_monitoring .venv/bin/python bench/bench_monitoring.py
"""

import os

import harness

ITERATIONS = int(os.environ.get("BENCH_ITERATIONS", "30"))
REPORT_ITERATIONS = int(os.environ.get("BENCH_REPORT_ITERATIONS", "5"))

# The national board's counts per province, straight from the tables.
RAW_COUNTS = """
SELECT d.province_id,
       COUNT(d.id),
       COUNT(r.id) FILTER (WHERE r.areas_started > 0 OR r.state IN ('submitted', 'returned', 'confirmed')),
       COUNT(r.id) FILTER (WHERE r.areas_complete >= %s),
       COUNT(r.id) FILTER (WHERE r.state = 'submitted'),
       COUNT(r.id) FILTER (WHERE r.state = 'returned'),
       COUNT(r.id) FILTER (WHERE r.state = 'confirmed')
FROM geography_district d
LEFT JOIN entry_districtreport r ON r.district_id = d.id AND r.round_id = %s
GROUP BY d.province_id
"""


def main():
    from django.db import connection

    from wts.catalog.models import MissionArea
    from wts.documents import reports
    from wts.documents.render import pdf, workbook
    from wts.geography.models import Province
    from wts.monitoring.status import national_status, progress_series, province_status
    from wts.rounds.models import Round

    harness.fresh_database()
    harness.load_demo()

    round_ = Round.current()
    areas = MissionArea.objects.filter(round=round_).count()
    nakhon_phanom = Province.objects.get(code="48")

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW_COUNTS, [areas, round_.pk])
            return cursor.fetchall()

    raw_rows = {row[0]: row[1:] for row in raw()}
    board = national_status(round_)
    for row in board.rows:
        mine = (row.total, row.started, row.all_areas, row.submitted, row.returned, row.confirmed)
        assert mine == raw_rows[row.province.pk], (row.province.name_th, mine, raw_rows[row.province.pk])

    admin = harness.logged_in("dla-admin")
    director = harness.logged_in("director-48")

    def timed(fn, iterations=ITERATIONS):
        return harness.median_seconds(fn, iterations, warm_up=True)

    bare, bare_queries = harness.bare_view_floor(admin, ITERATIONS)
    raw_seconds = timed(raw)
    rows = [
        ("bare view (floor of the stack)", bare, bare_queries),
        ("raw SQL of the national counts (floor of the data)", raw_seconds, 1),
        ("national counts in Python (`national_status`)", timed(lambda: national_status(round_)), 5),
        ("province districts × areas (`province_status`, นครพนม)",
         timed(lambda: province_status(round_, nakhon_phanom)), None),
        ("progress chart series, whole nation (`progress_series`)", timed(lambda: progress_series(round_)), 3),
        ("national board `GET /monitoring/`", *harness.measure(harness.get(admin, "/monitoring/"), ITERATIONS)),
        ("province board `GET /monitoring/province/48/`",
         *harness.measure(harness.get(director, "/monitoring/province/48/"), ITERATIONS)),
        ("national status report PDF (76 provinces)",
         timed(lambda: pdf.status_report_pdf(reports.national_report(round_)), REPORT_ITERATIONS), None),
        ("national status report XLSX",
         timed(lambda: workbook.status_report_xlsx(reports.national_report(round_)), REPORT_ITERATIONS), None),
        ("province status report PDF (นครพนม)",
         timed(lambda: pdf.status_report_pdf(reports.province_report(round_, nakhon_phanom)), REPORT_ITERATIONS),
         None),
    ]
    print(f"database: {harness.engine()}; rounds: {Round.objects.count()}; "
          f"districts: {sum(r.total for r in board.rows)}; iterations: {ITERATIONS} (reports {REPORT_ITERATIONS}); "
          f"load average: {os.getloadavg()[0]:.1f}")
    table = harness.Table("measure", "median ms", "× bare view", "× raw SQL", "queries")
    for name, seconds, queries in rows:
        table.row(name, f"{seconds * 1000:.2f}", harness.ratio(seconds, bare), harness.ratio(seconds, raw_seconds),
                  queries)


if __name__ == "__main__":
    harness.run(main)
