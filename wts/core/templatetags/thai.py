from django import template

from wts.lib import thai

register = template.Library()


@register.filter
def thaidate(value, arg=""):
    """{{ d|thaidate }} → 8 ก.ย. 2564; arg may hold 'long', 'short', 'thai' (Thai digits)."""
    flags = set(str(arg).split(","))
    return thai.thai_date(value, long="long" in flags, short_year="short" in flags, thai_digits="thai" in flags)


@register.filter
def thaidatetime(value, arg=""):
    flags = set(str(arg).split(","))
    return thai.thai_datetime(
        value, long="long" in flags, short_year="short" in flags, thai_digits="thai" in flags
    )


@register.filter
def thaitime(value, arg=""):
    return thai.thai_time(value, thai_digits="thai" in str(arg))


@register.filter
def thaidigits(value):
    return thai.to_thai_digits(value)


@register.filter
def number(value, places=0):
    """1234567 → 1,234,567; ``number:1`` keeps one decimal when there is one (1440.0 → 1,440,
    1.5 → 1.5); None → blank. The one number format of the pages (wts.lib.thai.format_number)."""
    if value is None or value == "":
        return ""
    try:
        return thai.format_number(value, int(places))
    except (TypeError, ValueError):
        return value
