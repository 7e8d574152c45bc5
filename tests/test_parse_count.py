import pytest
from django.core.exceptions import ValidationError

from wts.lib.thai import parse_count


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("0", 0),
        ("๐", 0),
        ("๑๒๓", 123),
        ("1,234", 1234),
        ("๑,๒๓๔", 1234),
        (" 12 345 ", 12345),
        ("12\u00a0345", 12345),
        ("1'000", 1000),
        ("+15", 15),
        ("15.00", 15),
        (15, 15),
        (15.0, 15),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_accepts_thai_digits_separators_and_spaces(raw, expected):
    assert parse_count(raw) == expected


@pytest.mark.parametrize(
    "raw, code",
    [
        ("-1", "negative"),
        ("−5", "negative"),
        ("1.5", "fraction"),
        ("๑.๕", "fraction"),
        (2.5, "fraction"),
        ("abc", "invalid"),
        ("12a", "invalid"),
        ("หนึ่ง", "invalid"),
        ("1e5", "invalid"),
        ("١٢", "invalid"),
        (True, "invalid"),
    ],
)
def test_refuses_negatives_fractions_and_text_with_a_thai_message(raw, code):
    with pytest.raises(ValidationError) as info:
        parse_count(raw)
    assert info.value.code == code
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in info.value.messages[0])


def test_refuses_values_above_the_items_maximum():
    assert parse_count("1000", max_value=1000) == 1000
    with pytest.raises(ValidationError) as info:
        parse_count("1001", max_value=1000)
    assert info.value.code == "too_large"
    assert "1,000" in info.value.messages[0]


@pytest.mark.parametrize(
    "raw", ["9" * 5000, "1" + "0" * 4400, "๙" * 5000, 10**5000, float("inf"), "9" * 8],
    ids=["5000 nines", "4401 digits", "5000 Thai nines", "int 10**5000", "infinity", "8 digits"],
)
def test_numbers_longer_than_the_integer_string_limit_are_refused_as_too_large(raw):
    with pytest.raises(ValidationError) as info:
        parse_count(raw)
    assert info.value.code in {"too_large", "too_long"}
    assert "ไม่เกิน" in info.value.messages[0]


def test_leading_zeros_do_not_make_a_count_too_large():
    assert parse_count("0" * 30 + "12") == 12


def test_a_megabyte_of_text_is_refused_before_it_is_scanned():
    with pytest.raises(ValidationError) as info:
        parse_count("1" * 1_000_000)
    assert info.value.code == "too_long"
