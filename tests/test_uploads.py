import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wts.lib.uploads import XLSX_CONTENT_TYPE, check_xlsx_bytes, load_xlsx, validate_xlsx_upload


def xlsx_bytes(rows=(("ชื่อ", "โทรศัพท์"), ("สมชาย", "042-511-000"))):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def upload(data, name="list.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX_CONTENT_TYPE)


def test_a_real_workbook_opens_read_only():
    wb = load_xlsx(upload(xlsx_bytes()))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[1] == ("สมชาย", "042-511-000")


def test_formulas_come_back_as_cached_values_never_as_formula_text():
    wb = openpyxl.Workbook()
    wb.active["A1"] = "=1+1"
    buf = io.BytesIO()
    wb.save(buf)
    opened = load_xlsx(buf.getvalue())
    assert next(opened.active.iter_rows(values_only=True))[0] is None


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.WTS_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(ValidationError) as exc:
        load_xlsx(upload(b"PK\x03\x04" + b"0" * 2000))
    assert exc.value.code == "too_large"
    assert "ขนาดใหญ่เกิน" in exc.value.messages[0]


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_xlsx_upload(upload(b""))
    assert exc.value.code == "empty"


@pytest.mark.parametrize("data", [b"name,phone\n=cmd,1\n", b"%PDF-1.7 ...", b"PK\x03\x04 not really a zip"])
def test_a_file_that_is_not_an_xlsx_is_refused_whatever_its_name(data):
    with pytest.raises(ValidationError) as exc:
        validate_xlsx_upload(upload(data, name="list.xlsx"))
    assert exc.value.code == "not_xlsx"
    assert "ไม่ใช่ไฟล์ Excel" in exc.value.messages[0]


def test_a_zip_that_is_not_a_workbook_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ValidationError) as exc:
        check_xlsx_bytes(buf.getvalue())
    assert exc.value.code == "not_xlsx"


def test_a_workbook_with_macros_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes())) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"\x00" * 10)
    with pytest.raises(ValidationError) as exc:
        check_xlsx_bytes(buf.getvalue())
    assert exc.value.code == "macro"


def zip_bomb(uncompressed_mb):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (uncompressed_mb * 1024 * 1024))
    return buf.getvalue()


def test_a_zip_bomb_is_refused_by_its_compression_ratio_before_it_is_inflated():
    data = zip_bomb(20)
    assert len(data) < 100 * 1024  # tiny on the wire
    with pytest.raises(ValidationError) as exc:
        load_xlsx(upload(data))
    assert exc.value.code == "zip_bomb"


def test_a_zip_bomb_is_refused_by_its_total_uncompressed_size(settings):
    settings.WTS_MAX_UNCOMPRESSED_BYTES = 5 * 1024 * 1024
    settings.WTS_MAX_COMPRESSION_RATIO = 10**9
    with pytest.raises(ValidationError) as exc:
        check_xlsx_bytes(zip_bomb(6))
    assert exc.value.code == "zip_bomb"


def test_a_broken_workbook_gives_a_thai_message_not_a_crash():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("[Content_Types].xml", "<not xml")
        archive.writestr("xl/workbook.xml", "<not xml")
    with pytest.raises(ValidationError) as exc:
        load_xlsx(buf.getvalue())
    assert exc.value.code == "broken"


def test_validator_leaves_the_file_readable_for_the_form():
    uploaded = upload(xlsx_bytes())
    validate_xlsx_upload(uploaded)
    assert uploaded.read(4) == b"PK\x03\x04"
