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
# Longer than any count written with separators and spaces (the form's field allows 40): refused
# before the text is scanned, so a megabyte of digits costs nothing.
MAX_COUNT_TEXT = 100

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
    if isinstance(raw, int | float) and raw > max_value:
        # Compared as a number: str() of an int over Python's digit limit would itself fail.
        raise _too_large(max_value)
    if isinstance(raw, int):
        text = str(raw)
    elif isinstance(raw, float):
        if not raw.is_integer():
            raise ValidationError(_("กรุณากรอกจำนวนเต็ม ไม่มีทศนิยม"), code="fraction")
        text = str(int(raw))
    else:
        text = str(raw)
        if len(text) > MAX_COUNT_TEXT:
            raise ValidationError(
                _("ยาวเกินไป กรุณากรอกจำนวนไม่เกิน %(max)s") % {"max": f"{max_value:,}"}, code="too_long"
            )
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
    # More digits than the limit has (leading zeros aside) is too large, decided before int().
    if len(text.lstrip("0")) > len(str(max_value)):
        raise _too_large(max_value)
    value = int(text)
    if value > max_value:
        raise _too_large(max_value)
    return value


def _too_large(max_value) -> ValidationError:
    return ValidationError(_("ค่าสูงเกินไป (ไม่เกิน %(max)s)") % {"max": f"{max_value:,}"}, code="too_large")


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


# Years a person may type. Inside BE_YEARS a year is Buddhist Era; a year that looks Gregorian is
# refused with a message saying what to type, never shifted by 543 behind the person's back.
BE_YEARS = range(2500, 2701)
_GREGORIAN_LOOKALIKE = range(1900, 2300)
_DATE_SEPARATORS = "/-."


def _ascii_number(text: str, *, max_digits: int) -> int | None:
    """An ASCII (or Thai-digit) number of at most ``max_digits`` digits, or None."""
    text = to_arabic_digits(text.strip())
    if not text or len(text) > max_digits or not text.isascii() or not text.isdigit():
        return None
    return int(text)


def parse_thai_date(raw) -> dt.date:
    """A date typed as วว/ดด/ปปปป with a Buddhist Era year (Thai or Arabic digits; / - or . between).

    Raises ValidationError with a Thai message for anything else: a Gregorian year, a two-digit
    year, an impossible day (31/04, 29/02 of a common year), text.
    """
    text = to_arabic_digits(str(raw or "").strip())
    for sep in _DATE_SEPARATORS[1:]:
        text = text.replace(sep, "/")
    parts = text.split("/")
    example = _("พิมพ์วันที่เป็น วว/ดด/ปปปป (พ.ศ.) เช่น 30/09/2569")
    if len(parts) != 3:
        raise ValidationError(example, code="invalid")
    day = _ascii_number(parts[0], max_digits=2)
    month = _ascii_number(parts[1], max_digits=2)
    year = _ascii_number(parts[2], max_digits=4)
    if day is None or month is None or year is None:
        raise ValidationError(example, code="invalid")
    if year in _GREGORIAN_LOOKALIKE:
        raise ValidationError(
            _("ปี %(year)s เป็นปี ค.ศ. กรุณาพิมพ์ปี พ.ศ. เช่น %(be)s") % {"year": year, "be": year + BE_OFFSET},
            code="gregorian_year",
        )
    if year not in BE_YEARS:
        raise ValidationError(
            _("ปี พ.ศ. ต้องเป็นตัวเลข 4 หลัก ระหว่าง %(low)s ถึง %(high)s")
            % {"low": BE_YEARS.start, "high": BE_YEARS.stop - 1},
            code="year_out_of_range",
        )
    if not 1 <= month <= 12:
        raise ValidationError(_("เดือนต้องอยู่ระหว่าง 1 ถึง 12"), code="invalid_month")
    try:
        return dt.date(year - BE_OFFSET, month, day)
    except ValueError:
        raise ValidationError(
            _("ไม่มีวันที่ %(day)s %(month)s %(year)s ในปฏิทิน")
            % {"day": day, "month": MONTHS_LONG[month - 1], "year": year},
            code="invalid_day",
        ) from None


def parse_thai_time(raw) -> dt.time:
    """A time of day typed as ชช:นน or ชช.นน (24-hour, an optional trailing "น.")."""
    text = to_arabic_digits(str(raw or "").strip())
    if text.endswith("น."):
        text = text[:-2].strip()
    parts = text.replace(".", ":").split(":")
    message = _("พิมพ์เวลาเป็น ชช:นน (24 ชั่วโมง) เช่น 16:30")
    if len(parts) != 2:
        raise ValidationError(message, code="invalid_time")
    hour = _ascii_number(parts[0], max_digits=2)
    minute = _ascii_number(parts[1], max_digits=2)
    if hour is None or minute is None or hour > 23 or minute > 59 or len(parts[1].strip()) != 2:
        raise ValidationError(message, code="invalid_time")
    return dt.time(hour, minute)


def format_thai_date_input(value) -> str:
    """What a date input shows: วว/ดด/ปปปป in the Buddhist Era (the inverse of parse_thai_date)."""
    if value is None or value == "":
        return ""
    value = _local(value)
    return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"


def format_thai_time_input(value) -> str:
    if value is None or value == "":
        return ""
    value = _local(value)
    return f"{value.hour:02d}:{value.minute:02d}"


def format_number(value, places: int = 0) -> str:
    """A number as Thai readers write it: thousands separated by commas, and at most ``places``
    decimals, without trailing zeros (1440.0 → "1,440", 1.5 → "1.5", 1234567 → "1,234,567").
    With no places a fraction is cut off, as counts are whole."""
    if places <= 0:
        return f"{int(value):,}"
    text = f"{float(value):,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
