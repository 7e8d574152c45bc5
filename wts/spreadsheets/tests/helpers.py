import io

from openpyxl import load_workbook

from wts.spreadsheets.workbook import FORM_SHEET, HEADER_ROW, VALUE_COLUMN


def workbook_url(world, code="4801", year=None):
    return f"/spreadsheets/{year or world.round.fiscal_year}/district/{code}/workbook.xlsx"


def upload_url(world):
    return f"/spreadsheets/{world.round.fiscal_year}/upload/"


def download(client, world, code="4801"):
    response = client.get(workbook_url(world, code))
    assert response.status_code == 200, response.status_code
    return response.content


def item_rows(wb):
    """{item code: row number} of the form sheet."""
    ws = wb[FORM_SHEET]
    return {
        ws.cell(row=r, column=3).value: r
        for r in range(HEADER_ROW + 1, ws.max_row + 1)
        if ws.cell(row=r, column=1).value is not None
    }


def fill(content: bytes, values: dict) -> bytes:
    """The workbook with the value cells of the given item codes set, as a user would in Excel."""
    wb = load_workbook(io.BytesIO(content))
    ws = wb[FORM_SHEET]
    rows = item_rows(wb)
    for code, value in values.items():
        ws.cell(row=rows[code], column=VALUE_COLUMN).value = value
    return save(wb)


def save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def as_upload(content: bytes, name="wts-form.xlsx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def dry_run(client, world, content: bytes, name="wts-form.xlsx"):
    return client.post(upload_url(world), {"file": as_upload(content, name)})
