"""Every uploaded spreadsheet passes through here before openpyxl sees it.

An XLSX file is a zip archive, so a hostile upload can be a zip bomb (a few kilobytes that
inflate to gigabytes), a part that is small on the wire but costly to parse (a million shared
strings, a row numbered a million), a renamed file of another kind, or simply too large. The zip
checks read only the zip directory (and the shared-strings part, bounded by them), so refusing a
bad file costs milliseconds; reading the rows is bounded by rows, cells and a wall-time budget.

The limits are sized to the real forms, measured on the files the system itself produces:
a district workbook (default catalog, 8 areas) is 10 parts, 58 KB unpacked, its largest part the
form sheet at 38 KB, about 150 shared strings, 50 rows and 7 columns; the provincial account list
(at most 200 districts) filled with every field at its maximum length is 9 parts, 0.8 MB
unpacked, 1,400 strings. Excel adds a few parts (docProps, calcChain, printer settings) when it
saves. Each limit is a generous multiple of that, and each can be changed in the settings.
"""

import io
import re
import time
import zipfile
from collections.abc import Iterator

from defusedxml import ElementTree
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Real forms: 10 parts; Excel's extras bring that to about 20.
MAX_ZIP_MEMBERS = 100
# Real forms: largest part 38 KB (district sheet), 0.8 MB (account list at every field's maximum).
MAX_PART_BYTES = 4 * 1024 * 1024
# Real forms: 58 KB and 0.8 MB unpacked in all.
MAX_UNCOMPRESSED_BYTES = 10 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
# Real forms: about 150 distinct texts (district), at most 1,400 (account list of 200 rows).
MAX_SHARED_STRINGS = 20_000
# Reading a sheet: real forms have 50 rows (district) or 202 (account list) and 7 columns.
MAX_SHEET_ROWS = 5_000
MAX_SHEET_CELLS = 100_000
# Reading a real form takes tens of milliseconds; a file that takes longer than this is refused.
MAX_READ_SECONDS = 2.0
REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_STRING_ITEM = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s/>]")


def _limit(name, default):
    return getattr(settings, name, default)


def read_upload(uploaded) -> bytes:
    """The upload's bytes, refusing anything over the size limit without reading it all."""
    limit = _limit("WTS_MAX_UPLOAD_BYTES", MAX_UPLOAD_BYTES)
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise ValidationError(_too_large(limit), code="too_large")
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    data = uploaded.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(_too_large(limit), code="too_large")
    if not data:
        raise ValidationError(_("ไฟล์ว่างเปล่า"), code="empty")
    return data


def _too_large(limit):
    return _("ไฟล์มีขนาดใหญ่เกินกำหนด (ไม่เกิน %(mb)s MB)") % {"mb": f"{limit / (1024 * 1024):g}"}


def _unusual(limit_text, code="zip_bomb"):
    """The refusal of a file no real form needs, naming the limit it broke."""
    return ValidationError(
        _("ไฟล์มีโครงสร้างผิดปกติหรือมีข้อมูลมากเกินกว่าแบบฟอร์มจริง (%(limit)s) ระบบไม่รับไฟล์นี้ "
          "กรุณาใช้แบบฟอร์มที่ดาวน์โหลดจากระบบ") % {"limit": limit_text},
        code=code,
    )


def _mb(n) -> str:
    return f"{n / (1024 * 1024):g} MB"


def check_xlsx_bytes(data: bytes) -> None:
    """Raise ValidationError unless data is a genuine, reasonably sized XLSX archive."""
    if not data.startswith(b"PK\x03\x04"):
        raise ValidationError(_("ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx)"), code="not_xlsx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise ValidationError(_("ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) หรือไฟล์เสียหาย"), code="not_xlsx") from None
    names = {member.filename for member in members}
    if not all(required in names for required in REQUIRED_MEMBERS):
        raise ValidationError(_("ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx)"), code="not_xlsx")
    if any(name.startswith("xl/vbaProject") for name in names):
        raise ValidationError(_("ไม่รับไฟล์ที่มีแมโคร กรุณาบันทึกเป็น .xlsx ธรรมดา"), code="macro")
    max_members = _limit("WTS_MAX_ZIP_MEMBERS", MAX_ZIP_MEMBERS)
    if len(members) > max_members:
        raise _unusual(_("ไม่เกิน %(n)s ส่วนประกอบ") % {"n": f"{max_members:,}"})
    max_part = _limit("WTS_MAX_PART_BYTES", MAX_PART_BYTES)
    for member in members:
        if member.file_size > max_part:
            raise _unusual(_("แต่ละส่วนเมื่อคลายบีบอัดไม่เกิน %(size)s") % {"size": _mb(max_part)})
    total = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members)
    max_total = _limit("WTS_MAX_UNCOMPRESSED_BYTES", MAX_UNCOMPRESSED_BYTES)
    if total > max_total:
        raise _unusual(_("ขนาดเมื่อคลายบีบอัดรวมไม่เกิน %(size)s") % {"size": _mb(max_total)})
    ratio_limit = _limit("WTS_MAX_COMPRESSION_RATIO", MAX_COMPRESSION_RATIO)
    ratio_text = _("อัตราการบีบอัดไม่เกิน %(n)s เท่า") % {"n": ratio_limit}
    if total > 1024 * 1024 and total > ratio_limit * max(compressed, 1):
        raise _unusual(ratio_text)
    for member in members:
        if member.compress_size and member.file_size > ratio_limit * member.compress_size and member.file_size > 1024 * 1024:
            raise _unusual(ratio_text)
    _check_shared_strings(archive)


def _shared_strings_parts(archive) -> list[str]:
    """The shared-strings part as openpyxl finds it (declared in [Content_Types].xml)."""
    try:
        types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    except Exception:  # defusedxml refuses entities; a broken part is openpyxl's "broken" below
        return []
    names = []
    for element in types:
        if element.tag.endswith("Override") and element.get("ContentType") == SHARED_STRINGS_TYPE:
            names.append((element.get("PartName") or "").lstrip("/"))
    return names


def _check_shared_strings(archive) -> None:
    """Count the shared strings before openpyxl builds a Python string for each of them."""
    max_strings = _limit("WTS_MAX_SHARED_STRINGS", MAX_SHARED_STRINGS)
    known = {member.filename for member in archive.infolist()}
    for name in _shared_strings_parts(archive):
        if name not in known:
            continue
        try:
            count = len(_STRING_ITEM.findall(archive.read(name)))  # the part is already bounded in size
        except Exception:  # bad CRC, corrupt deflate (zlib.error), encrypted or unknown compression
            raise ValidationError(_("ไฟล์นี้ไม่ใช่ไฟล์ Excel (.xlsx) หรือไฟล์เสียหาย"), code="not_xlsx") from None
        if count > max_strings:
            raise _unusual(_("ข้อความต่างกันไม่เกิน %(n)s ข้อความ") % {"n": f"{max_strings:,}"})


def load_xlsx(uploaded):
    """Check an uploaded file and open it with openpyxl, read-only with cached values only.

    data_only=True means a formula cell yields its last computed value (or None), never the
    formula text, so nothing a user typed as a formula is ever evaluated or passed on.
    Accepts a Django UploadedFile, any binary file object, or bytes.
    """
    import openpyxl

    data = uploaded if isinstance(uploaded, bytes | bytearray) else read_upload(uploaded)
    if len(data) > _limit("WTS_MAX_UPLOAD_BYTES", MAX_UPLOAD_BYTES):
        raise ValidationError(_too_large(_limit("WTS_MAX_UPLOAD_BYTES", MAX_UPLOAD_BYTES)), code="too_large")
    check_xlsx_bytes(bytes(data))
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types (KeyError, XML errors...) for a broken workbook
        raise ValidationError(_("เปิดไฟล์ Excel ไม่ได้ ไฟล์อาจเสียหาย"), code="broken") from None


class ReadBudget:
    """Rows, cells and wall time spent reading one upload, shared by every sheet it reads."""

    def __init__(self, *, max_rows=None, max_cells=None, seconds=None):
        self.max_rows = max_rows or _limit("WTS_MAX_SHEET_ROWS", MAX_SHEET_ROWS)
        self.max_cells = max_cells or _limit("WTS_MAX_SHEET_CELLS", MAX_SHEET_CELLS)
        self.seconds = seconds or _limit("WTS_MAX_READ_SECONDS", MAX_READ_SECONDS)
        self.started = time.monotonic()
        self.rows = 0
        self.cells = 0

    def spend(self, row) -> None:
        self.rows += 1
        self.cells += len(row)
        if self.rows > self.max_rows:
            raise _unusual(_("ไม่เกิน %(n)s แถว") % {"n": f"{self.max_rows:,}"}, code="too_many_rows")
        if self.cells > self.max_cells:
            raise _unusual(_("ไม่เกิน %(n)s ช่อง") % {"n": f"{self.max_cells:,}"}, code="too_many_cells")
        if self.rows % 64 == 0 and time.monotonic() - self.started > self.seconds:
            raise _unusual(_("อ่านได้ภายใน %(s)g วินาที") % {"s": self.seconds}, code="too_slow")


def bounded_rows(ws, budget: ReadBudget, *, min_row=1, max_row=None, min_col=1, max_col) -> Iterator[tuple]:
    """A sheet's rows as values, at most ``max_col`` wide, charged to the upload's budget.

    Every row counts, the empty ones openpyxl fills in for a gap too: a single cell in row
    1,048,576 would otherwise be a million rows of work.
    """
    rows = ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col, values_only=True)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception:  # openpyxl parses as it goes: a 5,000-digit number cell is its ValueError
            raise ValidationError(_("เปิดไฟล์ Excel ไม่ได้ ไฟล์อาจเสียหาย"), code="broken") from None
        budget.spend(row)
        yield row


def validate_xlsx_upload(uploaded) -> None:
    """A form field validator: FileField(validators=[validate_xlsx_upload])."""
    check_xlsx_bytes(read_upload(uploaded))
    uploaded.seek(0)
