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

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402

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


def median_ms(fn, n) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    call_command("migrate", verbosity=0)
    call_command("load_geography", verbosity=0)
    call_command("load_demo", verbosity=0)

    from wts.accounts.models import User
    from wts.catalog.models import MissionArea
    from wts.geography.models import Province
    from wts.monitoring import reports
    from wts.monitoring.status import national_status, progress_series, province_status
    from wts.rounds.models import Round

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

    admin, director = Client(), Client()
    admin.force_login(User.objects.get(username="dla-admin"))
    director.force_login(User.objects.get(username="director-48"))

    def get(client, url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        return call

    def queries(client, url):
        settings.DEBUG = True
        reset_queries()
        client.get(url)
        n = len(connection.queries)
        settings.DEBUG = False
        return n

    for client, url in ((admin, "/bench/bare/"), (admin, "/monitoring/"), (director, "/monitoring/province/48/")):
        get(client, url)()  # warm up
    bare = median_ms(get(admin, "/bench/bare/"), ITERATIONS)
    raw_ms = median_ms(raw, ITERATIONS)
    rows = [
        ("bare view (floor of the stack)", bare, queries(admin, "/bench/bare/")),
        ("raw SQL of the national counts (floor of the data)", raw_ms, 1),
        ("national counts in Python (`national_status`)", median_ms(lambda: national_status(round_), ITERATIONS), 5),
        ("province districts × areas (`province_status`, นครพนม)",
         median_ms(lambda: province_status(round_, nakhon_phanom), ITERATIONS), None),
        ("progress chart series, whole nation (`progress_series`)",
         median_ms(lambda: progress_series(round_), ITERATIONS), 3),
        ("national board `GET /monitoring/`", median_ms(get(admin, "/monitoring/"), ITERATIONS),
         queries(admin, "/monitoring/")),
        ("province board `GET /monitoring/province/48/`",
         median_ms(get(director, "/monitoring/province/48/"), ITERATIONS), queries(director, "/monitoring/province/48/")),
        ("national status report PDF (76 provinces)",
         median_ms(lambda: reports.status_report_pdf(reports.national_report(round_)), REPORT_ITERATIONS), None),
        ("national status report XLSX",
         median_ms(lambda: reports.status_report_xlsx(reports.national_report(round_)), REPORT_ITERATIONS), None),
        ("province status report PDF (นครพนม)",
         median_ms(lambda: reports.status_report_pdf(reports.province_report(round_, nakhon_phanom)), REPORT_ITERATIONS),
         None),
    ]
    engine = connection.vendor
    print(f"database: {engine}; rounds: {Round.objects.count()}; districts: {sum(r.total for r in board.rows)}; "
          f"iterations: {ITERATIONS} (reports {REPORT_ITERATIONS}); load average: {os.getloadavg()[0]:.1f}")
    print("| measure | median ms | × bare view | × raw SQL | queries |")
    print("|---|---|---|---|---|")
    for name, ms, n in rows:
        print(f"| {name} | {ms:.2f} | {ms / bare:.1f} | {ms / raw_ms:.1f} | {'' if n is None else n} |")


if __name__ == "__main__":
    main()
