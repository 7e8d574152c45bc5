"""Benchmark of the spreadsheet exports and the district workbook import, with the national data set.

Loads 76 provinces, 878 districts and five rounds (every item, about 130,000 values) into a fresh
database, then measures through the whole middleware stack, logged in as the department admin:
  - the national export of one round (CSV and XLSX),
  - the multi-round export of all five rounds (CSV and XLSX, one row per district × item × round),
and, logged in as a district officer, the import of that district's filled workbook (dry run
upload, then apply). Each figure is a median time and a peak of traced Python memory, printed
as a ratio to a floor measured in the same run on the same cells with no application code:
openpyxl's write-only mode (csv.writer for CSV) writing rows already in memory, and openpyxl
reading the same workbook for the import.

    .venv/bin/python bench/bench_spreadsheets.py            # fresh SQLite database in a temp folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wts_bench_api .venv/bin/python bench/bench_spreadsheets.py
"""

import csv
import io
import os
import tempfile
import time
import tracemalloc

import harness

REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))


def consume(response) -> int:
    assert response.status_code == 200, response.status_code
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    response.close()
    return size


def peak_memory(fn) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def floor_xlsx(rows):
    from openpyxl import Workbook

    def write():
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("data")
        for row in rows:
            ws.append(row)
        with tempfile.TemporaryFile() as out:
            wb.save(out)
    return write


def floor_csv(rows):
    def write():
        out = io.StringIO()
        writer = csv.writer(out)
        for row in rows:
            writer.writerow(row)
        return out.getvalue().encode()
    return write


def main():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    from wts.geography.models import District
    from wts.rounds.models import Round
    from wts.spreadsheets import exports
    from wts.spreadsheets.models import ImportState, WorkbookImport
    from wts.spreadsheets.workbook import FORM_SHEET, HEADER_ROW, VALUE_COLUMN
    from wts.workflow.models import DistrictReport, ItemValue, ReportState

    start = time.perf_counter()
    harness.fresh_database()
    harness.load_national(rounds=5)
    load_seconds = time.perf_counter() - start

    rounds = list(Round.objects.order_by("fiscal_year"))
    current = Round.current()
    years = [str(r.fiscal_year) for r in rounds]
    admin = harness.logged_in("dla-admin")
    districts = District.objects.all()

    # Floors write the very same cells, produced beforehand, outside the measurement.
    one_round = list(exports.round_rows(current, districts))
    many_rounds = list(exports.multi_round_rows(rounds, districts))

    # (label, size, application, floor, repetitions): the five-round XLSX writes 2 million cells, once is enough.
    cases = [
        ("national round CSV", f"{len(one_round) - 1:,} rows",
         lambda: consume(admin.get(f"/spreadsheets/{current.fiscal_year}/export.csv")), floor_csv(one_round), REPEAT),
        ("national round XLSX", f"{len(one_round) - 1:,} rows",
         lambda: consume(admin.get(f"/spreadsheets/{current.fiscal_year}/export.xlsx")), floor_xlsx(one_round), REPEAT),
        ("5 rounds CSV", f"{len(many_rounds) - 1:,} rows",
         lambda: consume(admin.get("/spreadsheets/rounds/export.csv", {"rounds": years})), floor_csv(many_rounds), 1),
        ("5 rounds XLSX", f"{len(many_rounds) - 1:,} rows",
         lambda: consume(admin.get("/spreadsheets/rounds/export.xlsx", {"rounds": years})), floor_xlsx(many_rounds), 1),
    ]
    # One request of each kind first, so no case pays for first-use imports and template loading.
    consume(admin.get(f"/spreadsheets/{current.fiscal_year}/export.csv"))
    consume(admin.get(f"/spreadsheets/{current.fiscal_year}/export.xlsx"))

    # The import: an editable district of the open round, its workbook filled in every value cell.
    report = (
        DistrictReport.objects.filter(round=current, state__in=[ReportState.IN_PROGRESS, ReportState.NOT_STARTED])
        .select_related("district").order_by("district__code").first()
    )
    officer = report.district.code
    client = harness.logged_in(f"district-{officer}")
    content = client.get(f"/spreadsheets/{current.fiscal_year}/district/{officer}/workbook.xlsx").content
    wb = load_workbook(io.BytesIO(content))
    ws = wb[FORM_SHEET]
    counter = {"n": 0}

    def filled_workbook():
        counter["n"] += 1
        for r in range(HEADER_ROW + 1, ws.max_row + 1):
            if ws.cell(row=r, column=1).value is not None:
                ws.cell(row=r, column=VALUE_COLUMN).value = counter["n"] * 10 + r
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    def import_once():
        upload = SimpleUploadedFile("form.xlsx", filled_workbook())
        response = client.post(f"/spreadsheets/{current.fiscal_year}/upload/", {"file": upload})
        assert response.status_code == 200 and b'id="apply"' in response.content, "the dry run must be clean"
        checked = (WorkbookImport.objects.filter(uploaded_by__username=f"district-{officer}", state=ImportState.CHECKED)
                   .latest("uploaded_at"))
        response = client.post(f"/spreadsheets/imports/{checked.pk}/apply/")
        assert response.status_code == 302
        return response

    sample = filled_workbook()

    def read_floor():
        book = load_workbook(io.BytesIO(sample), read_only=True)
        for sheet in book.worksheets:
            for _row in sheet.iter_rows(values_only=True):
                pass
        book.close()

    import_once()
    cases.append(("district workbook import", f"{len(content):,} bytes", import_once, read_floor, REPEAT))

    print(f"database: {harness.engine()}; national data: {len(rounds)} rounds, {districts.count()} districts, "
          f"{ItemValue.objects.count():,} values, loaded in {load_seconds:.1f} s; "
          f"median of {REPEAT} (one run for five rounds)", flush=True)
    table = harness.Table("case", "size", "ms", "floor ms", "× time", "peak MiB", "floor MiB", "× mem")
    for label, size, app, floor, repeat in cases:
        app_time, floor_time = harness.median_seconds(app, repeat), harness.median_seconds(floor, repeat)
        app_mem, floor_mem = peak_memory(app), peak_memory(floor)
        table.row(label, size, f"{app_time * 1000:.0f}", f"{floor_time * 1000:.0f}",
                  harness.ratio(app_time, floor_time, 2), f"{app_mem / 2**20:.1f}", f"{floor_mem / 2**20:.1f}",
                  harness.ratio(app_mem, floor_mem, 2))


if __name__ == "__main__":
    harness.run(main)
