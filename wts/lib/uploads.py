"""Every uploaded spreadsheet passes through here before openpyxl sees it.

An XLSX file is a zip archive, so a hostile upload can be a zip bomb (a few kilobytes that
inflate to gigabytes), a renamed file of another kind, or simply too large. The checks only read
the zip directory, never the compressed data, so rejecting a bad file costs almost nothing.
"""

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 1000
REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    if len(members) > _limit("WTS_MAX_ZIP_MEMBERS", MAX_ZIP_MEMBERS):
        raise ValidationError(_("ไฟล์มีโครงสร้างผิดปกติ ระบบไม่รับไฟล์นี้"), code="zip_bomb")
    total = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members)
    if total > _limit("WTS_MAX_UNCOMPRESSED_BYTES", MAX_UNCOMPRESSED_BYTES):
        raise ValidationError(_("ไฟล์มีโครงสร้างผิดปกติ ระบบไม่รับไฟล์นี้"), code="zip_bomb")
    ratio_limit = _limit("WTS_MAX_COMPRESSION_RATIO", MAX_COMPRESSION_RATIO)
    if total > 1024 * 1024 and total > ratio_limit * max(compressed, 1):
        raise ValidationError(_("ไฟล์มีโครงสร้างผิดปกติ ระบบไม่รับไฟล์นี้"), code="zip_bomb")
    for member in members:
        if member.compress_size and member.file_size > ratio_limit * member.compress_size and member.file_size > 1024 * 1024:
            raise ValidationError(_("ไฟล์มีโครงสร้างผิดปกติ ระบบไม่รับไฟล์นี้"), code="zip_bomb")


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


def validate_xlsx_upload(uploaded) -> None:
    """A form field validator: FileField(validators=[validate_xlsx_upload])."""
    check_xlsx_bytes(read_upload(uploaded))
    uploaded.seek(0)
