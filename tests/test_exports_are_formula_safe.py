"""No exported spreadsheet cell can run as a formula in Excel or LibreOffice.

Text typed by people (names, positions, item names) is planted with formula prefixes, every XLSX
and CSV export of the project is downloaded, and every cell is checked.
"""

import csv
import io

import openpyxl
import pytest

from wts.catalog.models import WorkItem

DANGEROUS = ("=", "+", "-", "@")


EXPORTS = [
    "/spreadsheets/{fy}/district/4801/workbook.xlsx",
    "/spreadsheets/{fy}/export.xlsx",
    "/spreadsheets/{fy}/export.csv",
    "/spreadsheets/{fy}/province/48/export.xlsx",
    "/spreadsheets/{fy}/province/48/export.csv",
    "/monitoring/report.xlsx",
    "/monitoring/province/48/report.xlsx",
    "/analytics/provinces.xlsx",
    "/analytics/districts.xlsx",
    "/analytics/areas.xlsx",
    "/accounts/manage/province/48/list.xlsx",
]


@pytest.fixture
def planted(world, during_entry):
    world.np_mueang.name_th = '=HYPERLINK("http://evil.example","เมืองนครพนม")'
    world.np_mueang.save()
    world.np.name_th = "+นครพนม"
    world.np.save()
    world.officer.first_name = "@SUM(1+1)"
    world.officer.position = "-2+3"
    world.officer.save()
    item = WorkItem.objects.filter(area__round=world.round).order_by("pk").first()
    item.name = "=1+1 หนังสือราชการ"
    item.save()
    return world


def cells_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))):
            yield from ((value, "s") for value in row)
        return
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                yield cell.value, cell.data_type


@pytest.mark.parametrize("url", EXPORTS)
def test_no_exported_cell_is_a_formula(planted, url):
    response = planted.client_for(planted.dept_admin).get(url.format(fy=planted.round.fiscal_year))
    assert response.status_code == 200, f"{url}: {response.status_code}"
    bad = []
    for value, data_type in cells_of(response):
        if data_type == "f":
            bad.append(f"formula cell {value!r}")
        elif isinstance(value, str) and value.startswith(DANGEROUS):
            bad.append(f"text cell {value!r}")
    assert bad == [], url
