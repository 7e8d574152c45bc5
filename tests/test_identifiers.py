"""One ASCII-only rule for every identifier read from a request (issue 13, finding 5)."""

import pytest

from wts.lib.ids import is_ascii_digits, parse_id, parse_ids, parse_year

UNICODE_DIGITS = ["²", "2²", "١٢", "๒๕๖๙", "２５６９", "߂", "𝟐𝟓𝟔𝟗", "Ⅻ", "½"]


@pytest.mark.parametrize("text", UNICODE_DIGITS)
def test_digits_of_other_scripts_are_not_identifiers(text):
    assert parse_id(text) is None
    assert parse_year(text) is None
    assert not is_ascii_digits(text)


@pytest.mark.parametrize("text", ["", " 1", "1 ", "-1", "+1", "1.0", "1e3", "0x10", "1_000", "\x00", "😀", None])
def test_anything_but_plain_ascii_digits_is_not_an_identifier(text):
    assert parse_id(text) is None


def test_a_huge_digit_string_is_refused_before_int_sees_it():
    assert parse_id("9" * 5000) is None
    assert parse_id("9" * 19) is None
    assert parse_id("9" * 18) == 10**18 - 1


def test_a_year_has_at_most_four_digits():
    assert parse_year("2569") == 2569
    assert parse_year("25690") is None
    assert parse_year(2569) == 2569
    assert parse_year(10**20) is None


def test_booleans_are_not_identifiers():
    assert parse_id(True) is None
    assert parse_id(False) is None


def test_a_list_of_identifiers_is_all_or_nothing():
    assert parse_ids(["1", "22"]) == [1, 22]
    assert parse_ids(["1", "²"]) is None


def test_district_code_rule():
    assert is_ascii_digits("4801", length=4)
    assert not is_ascii_digits("480", length=4)
    assert not is_ascii_digits("๔๘๐๑", length=4)
