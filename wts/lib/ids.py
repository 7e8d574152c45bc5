"""One rule for every identifier read from a request: a round's year, an area number, a report's
key, a district code, whether it comes from a query string, a form field or a JSON key.

``str.isdigit()`` is true for superscripts ('²') and other scripts' digits, some of which
``int()`` refuses and some it silently converts ('١٢' is 12); and ``int()`` itself refuses
strings over Python's digit limit. Identifiers are machine-made, so only ASCII digits of a
bounded length are accepted, and the number always fits the database's integer columns.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ASCII_DIGITS = frozenset("0123456789")

# A fiscal year (BE) has four digits; 18 digits stay below 2**63, the largest database integer.
YEAR_DIGITS = 4
DISTRICT_CODE_DIGITS = 4
AREA_NUMBER_DIGITS = 4
MAX_ID_DIGITS = 18


def is_ascii_digits(text, *, length: int | None = None, max_digits: int = MAX_ID_DIGITS) -> bool:
    """True for a non-empty string of ASCII digits only (exactly ``length`` of them when given)."""
    if not isinstance(text, str) or not text or len(text) > max_digits:
        return False
    if length is not None and len(text) != length:
        return False
    return all(ch in _ASCII_DIGITS for ch in text)


def parse_id(raw, *, max_digits: int = MAX_ID_DIGITS) -> int | None:
    """The identifier as an int, or None for anything that is not 1..max_digits ASCII digits.

    Accepts an int too (a JSON number or a path converter's value) when it has at most
    ``max_digits`` digits; a bool is not an identifier.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if 0 <= raw < 10**max_digits else None
    if not is_ascii_digits(raw, max_digits=max_digits):
        return None
    return int(raw)


def parse_ids(values, *, max_digits: int = MAX_ID_DIGITS) -> list[int] | None:
    """Every value as an identifier, or None when any one of them is not one."""
    parsed = [parse_id(value, max_digits=max_digits) for value in values]
    return None if any(value is None for value in parsed) else parsed


def parse_year(raw) -> int | None:
    """A fiscal year (BE) from a query string or a form field: four ASCII digits, else None."""
    return parse_id(raw, max_digits=YEAR_DIGITS)


class IdentifierField(forms.CharField):
    """A form field for an identifier under the one ASCII-only rule, with a Thai message."""

    default_error_messages = {"invalid": _("ค่านี้ต้องเป็นตัวเลขอารบิก (0-9) ไม่เกิน %(max)s หลัก")}

    def __init__(self, *, max_digits: int = MAX_ID_DIGITS, **kwargs):
        self.max_digits = max_digits
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        parsed = parse_id(value, max_digits=self.max_digits)
        if parsed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"max": self.max_digits})
        return parsed


class IdModelChoiceField(forms.ModelChoiceField):
    """ModelChoiceField whose submitted key passes the identifier rule before any query."""

    max_digits = MAX_ID_DIGITS

    def to_python(self, value):
        if value not in self.empty_values and parse_id(value, max_digits=self.max_digits) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": value})
        return super().to_python(value)


class IdModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """ModelMultipleChoiceField whose submitted keys pass the identifier rule before any query.

    ``max_digits`` narrows the rule for a key that is not a primary key (a fiscal year: 4).
    """

    def __init__(self, queryset, *, max_digits: int = MAX_ID_DIGITS, **kwargs):
        self.max_digits = max_digits
        super().__init__(queryset, **kwargs)

    def clean(self, value):
        for key in value or ():
            if parse_id(key, max_digits=self.max_digits) is None:
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                      params={"pk": str(key)[:20]})
        return super().clean(value)
