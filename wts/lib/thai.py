"""Thai numbers and dates: one parser for counts (web form, spreadsheet import, API) and the
Buddhist Era date formats Thai users read."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_OFFSET = 543

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans({t: str(i) for i, t in enumerate(_THAI_DIGITS)})
_TO_THAI = str.maketrans({str(i): t for i, t in enumerate(_THAI_DIGITS)})
# Separators people type or paste from Word and Excel: comma, spaces of every width, apostrophe.
_SEPARATORS = {",", " ", "\u00a0", "\u2009", "\u202f", "\u200b", "'", "_"}
_MINUS_SIGNS = {"-", "\u2212", "\u2013", "\u2014"}

DEFAULT_MAX_COUNT = 1_000_000

MONTHS_SHORT = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
MONTHS_LONG = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def to_thai_digits(text) -> str:
    return str(text).translate(_TO_THAI)


def parse_count(raw, *, max_value: int = DEFAULT_MAX_COUNT) -> int | None:
    """Parse a yearly count typed by a person: blank is None (not entered), zero is a value.

    Accepts Thai or Arabic digits, thousands separators and stray spaces. Refuses negatives,
    fractions, text and values above ``max_value`` with a Thai message.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise ValidationError(_("กรุณากรอกตัวเลข"), code="invalid")
    if isinstance(raw, int):
        text = str(raw)
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise ValidationError(_("กรุณากรอกจำนวนเต็ม ไม่มีทศนิยม"), code="fraction")
        text = str(int(raw))
    else:
        text = str(raw)
    text = to_arabic_digits(text.strip())
    text = "".join(ch for ch in text if ch not in _SEPARATORS)
    if text == "":
        return None
    if text[0] in _MINUS_SIGNS:
        raise ValidationError(_("ต้องไม่ติดลบ"), code="negative")
    if text[0] == "+":
        text = text[1:]
    if "." in text:
        whole, _dot, fraction = text.partition(".")
        if whole.isdigit() and fraction.isdigit() and set(fraction) == {"0"}:
            text = whole
        elif (whole.isdigit() or whole == "") and fraction.isdigit():
            raise ValidationError(_("กรุณากรอกจำนวนเต็ม ไม่มีทศนิยม"), code="fraction")
    if not text.isascii() or not text.isdigit():
        raise ValidationError(_("กรุณากรอกตัวเลขเท่านั้น"), code="invalid")
    value = int(text)
    if value > max_value:
        raise ValidationError(
            _("ค่าสูงเกินไป (ไม่เกิน %(max)s)") % {"max": f"{max_value:,}"}, code="too_large"
        )
    return value


def fiscal_year_of(day: dt.date) -> int:
    """The Thai fiscal year (BE) that a date falls in: 1 Oct – 30 Sep, named by the year it ends."""
    year = day.year + 1 if day.month >= 10 else day.year
    return year + BE_OFFSET


def _local(value):
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            return value.astimezone(BANGKOK)
        return value
    return value


def thai_date(value, *, long: bool = False, short_year: bool = False, thai_digits: bool = False) -> str:
    """``8 ก.ย. 2564`` (or ``8 กันยายน 2564``, or ``8 ก.ย. 64``)."""
    if value is None or value == "":
        return ""
    value = _local(value)
    months = MONTHS_LONG if long else MONTHS_SHORT
    year = value.year + BE_OFFSET
    year_text = f"{year % 100:02d}" if short_year else str(year)
    text = f"{value.day} {months[value.month - 1]} {year_text}"
    return to_thai_digits(text) if thai_digits else text


def thai_time(value, *, thai_digits: bool = False) -> str:
    """``10:00 น.``"""
    if value is None or value == "":
        return ""
    value = _local(value)
    text = f"{value.hour:02d}:{value.minute:02d} น."
    return to_thai_digits(text) if thai_digits else text


def thai_datetime(value, *, long: bool = False, short_year: bool = False, thai_digits: bool = False) -> str:
    """``8 ก.ย. 2564 เวลา 10:00 น.``"""
    if value is None or value == "":
        return ""
    return (
        f"{thai_date(value, long=long, short_year=short_year, thai_digits=thai_digits)} "
        f"{_('เวลา')} {thai_time(value, thai_digits=thai_digits)}"
    )


def days_left(deadline: dt.datetime, now: dt.datetime | None = None) -> int:
    """Whole calendar days from today to the deadline's day in Bangkok (0 = due today, <0 = past)."""
    now = now or timezone.now()
    return (deadline.astimezone(BANGKOK).date() - now.astimezone(BANGKOK).date()).days
