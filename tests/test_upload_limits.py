"""Upload limits at their edges (issue 13, finding 1): a workbook that a real form never needs is
refused from its zip directory or after a bounded read, with a Thai message naming the limit.

The workbooks are generated here, just under and just over each limit. Time is measured only as
a generous sanity bound; the assertions are on what was read."""

import io
import os
import time
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wts.lib import uploads
from wts.lib.uploads import (
    MAX_PART_BYTES,
    MAX_SHARED_STRINGS,
    MAX_SHEET_ROWS,
    MAX_UNCOMPRESSED_BYTES,
    MAX_ZIP_MEMBERS,
    ReadBudget,
    bounded_rows,
    check_xlsx_bytes,
    load_xlsx,
)
from wts.spreadsheets.tests.helpers import dry_run

SANITY_SECONDS = 5


def real_workbook(rows=(("ชื่อ", "โทรศัพท์"), ("สมชาย", "042-511-000"))) -> bytes:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def with_parts(base: bytes, extra: dict[str, bytes], *, replace=None) -> bytes:
    """The workbook with parts added (or replaced), written as Excel would: deflated."""
    buf = io.BytesIO()
    replace = replace or {}
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, replace.get(item.filename, src.read(item)))
        for name, data in extra.items():
            dst.writestr(name, data)
    return buf.getvalue()


def incompressible(size: int) -> bytes:
    """Hex text: compresses about 2:1, far from the ratio limit, so only the size is tested."""
    return os.urandom(size // 2 + 1).hex().encode()[:size]


def refused(data, code="zip_bomb"):
    with pytest.raises(ValidationError) as info:
        check_xlsx_bytes(data)
    assert info.value.code == code, info.value
    message = info.value.messages[0]
    assert "ระบบไม่รับไฟล์นี้" in message
    return message


def parts_in(data) -> int:
    return len(zipfile.ZipFile(io.BytesIO(data)).infolist())


# --- the zip directory ---------------------------------------------------------------------------

def test_as_many_parts_as_the_limit_pass_and_one_more_is_refused():
    base = real_workbook()
    room = MAX_ZIP_MEMBERS - parts_in(base)
    at_limit = with_parts(base, {f"docProps/extra{i}.xml": b"<x/>" for i in range(room)})
    assert parts_in(at_limit) == MAX_ZIP_MEMBERS
    check_xlsx_bytes(at_limit)
    over = with_parts(base, {f"docProps/extra{i}.xml": b"<x/>" for i in range(room + 1)})
    assert f"ไม่เกิน {MAX_ZIP_MEMBERS:,} ส่วนประกอบ" in refused(over)


def test_a_part_at_the_size_limit_passes_and_one_byte_more_is_refused():
    base = real_workbook()
    check_xlsx_bytes(with_parts(base, {"docProps/big.xml": incompressible(MAX_PART_BYTES)}))
    message = refused(with_parts(base, {"docProps/big.xml": incompressible(MAX_PART_BYTES + 1)}))
    assert "แต่ละส่วนเมื่อคลายบีบอัดไม่เกิน 4 MB" in message


def test_the_total_unpacked_size_is_limited_even_when_each_part_is_under_its_limit():
    base = real_workbook()
    part = MAX_PART_BYTES - 1024
    under = MAX_UNCOMPRESSED_BYTES // part  # parts that fit with the workbook's own
    check_xlsx_bytes(with_parts(base, {f"docProps/p{i}.xml": incompressible(part) for i in range(under)}))
    over = with_parts(base, {f"docProps/p{i}.xml": incompressible(part) for i in range(under + 1)})
    assert "ขนาดเมื่อคลายบีบอัดรวมไม่เกิน 10 MB" in refused(over)


MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def shared_strings(count: int, text=b"x") -> bytes:
    items = b"<si><t>" + text + b"</t></si>"
    return b"<sst " + MAIN + b' count="%d" uniqueCount="%d">' % (count, count) + items * count + b"</sst>"


def workbook_with_strings(count: int, *, strings_part="xl/sharedStrings.xml") -> bytes:
    """A workbook as Excel writes it (openpyxl writes its texts inline): one sheet whose first cell
    is shared string 0, and a string table of ``count`` items."""
    parts = {
        "[Content_Types].xml": (
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            b'<Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/xl/workbook.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            b'<Override PartName="/xl/worksheets/sheet1.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            b'<Override PartName="/' + strings_part.encode() + b'" '
            b'ContentType="' + uploads.SHARED_STRINGS_TYPE.encode() + b'"/></Types>'
        ),
        "_rels/.rels": (
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="' + REL + b'/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            b"<workbook " + MAIN + b' xmlns:r="' + REL + b'"><sheets>'
            b'<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="' + REL + b'/worksheet" Target="worksheets/sheet1.xml"/>'
            b'<Relationship Id="rId2" Type="' + REL + b'/sharedStrings" Target="/' + strings_part.encode() + b'"/>'
            b"</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            b"<worksheet " + MAIN + b'><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
            b"</sheetData></worksheet>"
        ),
        strings_part: shared_strings(count),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buf.getvalue()


def test_shared_strings_up_to_the_limit_pass_and_one_more_is_refused():
    at_limit = workbook_with_strings(MAX_SHARED_STRINGS)
    check_xlsx_bytes(at_limit)
    wb = load_xlsx(at_limit)
    assert next(wb.active.iter_rows(values_only=True))[0] == "x"  # the table really is the one read
    wb.close()
    message = refused(workbook_with_strings(MAX_SHARED_STRINGS + 1))
    assert f"ข้อความต่างกันไม่เกิน {MAX_SHARED_STRINGS:,} ข้อความ" in message


def test_the_shared_strings_part_is_found_where_content_types_declare_it():
    wb = load_xlsx(workbook_with_strings(3, strings_part="xl/texts/table.xml"))
    assert next(wb.active.iter_rows(values_only=True))[0] == "x"
    refused(workbook_with_strings(MAX_SHARED_STRINGS + 1, strings_part="xl/texts/table.xml"))


def test_the_reviewers_shared_strings_bomb_is_refused_from_the_zip_directory_in_well_under_a_second():
    """The finding: 1.7 MB on the wire, a shared-strings part of about 95 MB, within the old
    compression-ratio and total limits. It is written here streaming, never held in memory."""
    buf = io.BytesIO()
    chunk = b"<si><t>" + b"A" * 200 + b"</t></si>"
    with zipfile.ZipFile(io.BytesIO(workbook_with_strings(1))) as src, \
            zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != "xl/sharedStrings.xml":
                dst.writestr(item.filename, src.read(item))
        with dst.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for _ in range(95 * 1024 * 1024 // (len(chunk) * 1000)):
                part.write(chunk * 1000)
            part.write(b"</sst>")
    data = buf.getvalue()
    big = max(zipfile.ZipFile(io.BytesIO(data)).infolist(), key=lambda i: i.file_size)
    assert big.file_size > 90 * 1024 * 1024 and len(data) < uploads.MAX_UPLOAD_BYTES
    started = time.monotonic()
    with pytest.raises(ValidationError) as info:
        load_xlsx(SimpleUploadedFile("bomb.xlsx", data))
    assert time.monotonic() - started < SANITY_SECONDS
    assert "แต่ละส่วนเมื่อคลายบีบอัดไม่เกิน" in info.value.messages[0]


def test_many_tiny_strings_that_stay_under_the_part_size_are_refused_by_their_count(monkeypatch):
    """The finding's 280 KB file: hundreds of thousands of short strings, cheap on the wire."""
    data = workbook_with_strings(200_000)
    assert len(data) < 300 * 1024
    read = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: read.append(1))
    with pytest.raises(ValidationError) as info:
        load_xlsx(data)
    assert info.value.code == "zip_bomb" and read == []  # refused before openpyxl opened it


# --- reading the rows ----------------------------------------------------------------------------

def sheet_with_cell_at(row: int) -> bytes:
    wb = openpyxl.Workbook()
    wb.active.cell(row=1, column=1, value="หัวตาราง")
    wb.active.cell(row=row, column=1, value="ท้ายสุด")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_rows_up_to_the_limit_are_read_and_one_more_is_refused():
    wb = load_xlsx(sheet_with_cell_at(MAX_SHEET_ROWS))
    budget = ReadBudget()
    rows = list(bounded_rows(wb.active, budget, max_col=7))
    assert len(rows) == MAX_SHEET_ROWS and rows[-1][0] == "ท้ายสุด"
    wb = load_xlsx(sheet_with_cell_at(MAX_SHEET_ROWS + 1))
    budget = ReadBudget()
    with pytest.raises(ValidationError) as info:
        list(bounded_rows(wb.active, budget, max_col=7))
    assert info.value.code == "too_many_rows"
    assert f"ไม่เกิน {MAX_SHEET_ROWS:,} แถว" in info.value.messages[0]


def test_a_single_cell_in_the_last_row_of_excel_stops_after_the_row_limit_not_a_million_rows():
    wb = load_xlsx(sheet_with_cell_at(1_048_576))
    budget = ReadBudget()
    started = time.monotonic()
    with pytest.raises(ValidationError):
        list(bounded_rows(wb.active, budget, max_col=7))
    assert budget.rows == MAX_SHEET_ROWS + 1
    assert time.monotonic() - started < SANITY_SECONDS


def test_cells_are_counted_across_sheets_and_refused_over_the_limit():
    wb = load_xlsx(sheet_with_cell_at(100))
    budget = ReadBudget(max_cells=99 * 7)
    with pytest.raises(ValidationError) as info:
        list(bounded_rows(wb.active, budget, max_col=7))
    assert info.value.code == "too_many_cells" and budget.cells == 100 * 7


def test_a_read_over_the_time_budget_is_refused(settings):
    settings.WTS_MAX_READ_SECONDS = 1e-9
    wb = load_xlsx(sheet_with_cell_at(200))
    with pytest.raises(ValidationError) as info:
        list(bounded_rows(wb.active, ReadBudget(), max_col=7))
    assert info.value.code == "too_slow" and "วินาที" in info.value.messages[0]


# --- through the pages ---------------------------------------------------------------------------

def test_the_district_upload_refuses_a_bomb_with_a_thai_message_naming_the_limit(world, during_entry):
    response = dry_run(world.client_for(world.officer), world, workbook_with_strings(MAX_SHARED_STRINGS + 1))
    assert response.status_code == 400
    assert f"ข้อความต่างกันไม่เกิน {MAX_SHARED_STRINGS:,} ข้อความ" in response.content.decode()


def test_the_district_upload_refuses_a_workbook_padded_to_a_million_rows(world, during_entry):
    from wts.spreadsheets.tests.helpers import download

    client = world.client_for(world.officer)
    wb = openpyxl.load_workbook(io.BytesIO(download(client, world)))
    wb["แบบบันทึกปริมาณงาน"].cell(row=1_048_576, column=1, value=1)
    buf = io.BytesIO()
    wb.save(buf)
    response = dry_run(client, world, buf.getvalue())
    assert response.status_code == 400
    assert f"ไม่เกิน {MAX_SHEET_ROWS:,} แถว" in response.content.decode()


def test_the_account_list_import_refuses_a_bomb_with_a_thai_message(world):
    response = world.client_for(world.provadmin).post(
        "/accounts/manage/province/48/import/",
        {"file": SimpleUploadedFile("list.xlsx", workbook_with_strings(MAX_SHARED_STRINGS + 1))},
    )
    assert response.status_code == 400
    assert "ข้อความต่างกันไม่เกิน" in response.content.decode()


def test_a_number_cell_longer_than_pythons_digit_limit_is_a_broken_file_not_a_500(world, during_entry):
    """openpyxl turns a number cell into int() as it reads; 5,000 digits is its ValueError."""
    from wts.spreadsheets.tests.helpers import download

    client = world.client_for(world.officer)
    content = download(client, world)
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b'<row r="90"><c r="F90"><v>' + b"9" * 5000 + b"</v></c></row></sheetData>")
            dst.writestr(item.filename, data)
    response = dry_run(client, world, buf.getvalue())
    assert response.status_code == 400
    assert "ไฟล์อาจเสียหาย" in response.content.decode()


def test_a_text_cell_of_5000_digits_is_refused_on_its_row(world, during_entry):
    from wts.spreadsheets.tests.helpers import download, fill

    client = world.client_for(world.officer)
    content = download(client, world)
    wb = openpyxl.load_workbook(io.BytesIO(content))
    code = next(v for v in (r[2].value for r in wb["แบบบันทึกปริมาณงาน"].iter_rows(min_row=7)) if v and "." in str(v))
    response = dry_run(client, world, fill(content, {code: "9" * 5000}))
    assert response.status_code in (200, 400)
    assert "ไม่เกิน" in response.content.decode()


def test_a_corrupt_shared_strings_part_is_refused_as_not_a_workbook():
    data = bytearray(workbook_with_strings(50))
    start = data.index(b"xl/sharedStrings.xml") + len(b"xl/sharedStrings.xml")  # its compressed bytes follow
    data[start:start + 20] = b"\xff" * 20
    with pytest.raises(ValidationError) as info:
        check_xlsx_bytes(bytes(data))
    assert info.value.code == "not_xlsx"
