"""The one parser for dates people type: วว/ดด/ปปปป in the Buddhist Era, Thai digits welcome.

A year in the BE range is BE; a Gregorian-looking year is refused with a message saying what to
type (never shifted by 543 behind the person's back); impossible dates are refused.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from wts.lib.fields import ThaiDateField, ThaiDateInput, ThaiDateTimeField
from wts.lib.thai import (
    BANGKOK,
    BE_OFFSET,
    BE_YEARS,
    format_thai_date_input,
    parse_thai_date,
    parse_thai_time,
    to_thai_digits,
)

FIRST = dt.date(BE_YEARS.start - BE_OFFSET, 1, 1)
LAST = dt.date(BE_YEARS.stop - 1 - BE_OFFSET, 12, 31)
separators = st.sampled_from("/-.")
digit_styles = st.sampled_from([str, to_thai_digits])


def _code(raw, parse=parse_thai_date) -> str:
    with pytest.raises(ValidationError) as refused:
        parse(raw)
    return refused.value.code


@given(st.dates(min_value=FIRST, max_value=LAST), separators, digit_styles, st.booleans())
def test_every_date_in_the_buddhist_era_range_round_trips(day, sep, digits, padded):
    typed = format_thai_date_input(day).replace("/", sep)
    if not padded:
        typed = sep.join(part.lstrip("0") for part in typed.split(sep))
    assert parse_thai_date(digits(typed)) == day


@given(st.dates(min_value=FIRST, max_value=LAST))
def test_what_the_input_shows_is_the_buddhist_era_with_arabic_digits(day):
    shown = ThaiDateInput().format_value(day)
    assert shown == f"{day.day:02d}/{day.month:02d}/{day.year + BE_OFFSET}"
    assert parse_thai_date(shown) == day


@given(st.integers(min_value=0, max_value=9999).filter(lambda y: y not in BE_YEARS), digit_styles)
def test_no_year_outside_the_range_is_accepted(year, digits):
    assert _code(digits(f"15/06/{year}")) in {"gregorian_year", "year_out_of_range", "invalid"}


@given(st.integers(min_value=1900, max_value=2299), separators)
def test_a_gregorian_year_is_refused_with_the_ce_message_never_shifted(year, sep):
    with pytest.raises(ValidationError) as refused:
        parse_thai_date(f"30{sep}09{sep}{year}")
    assert refused.value.code == "gregorian_year"
    message = refused.value.messages[0]
    assert "ค.ศ." in message and "พ.ศ." in message and str(year + BE_OFFSET) in message


def test_the_reported_bug_2569_is_2026_not_3112():
    assert parse_thai_date("30/09/2569") == dt.date(2026, 9, 30)
    assert parse_thai_date("๓๐/๐๙/๒๕๖๙") == dt.date(2026, 9, 30)


@given(st.integers(min_value=BE_YEARS.start, max_value=BE_YEARS.stop - 1), st.integers(1, 12), st.integers(0, 99))
def test_impossible_days_are_refused(be_year, month, day):
    try:
        dt.date(be_year - BE_OFFSET, month, day)
    except ValueError:
        assert _code(f"{day:02d}/{month:02d}/{be_year}") == "invalid_day"
    else:
        assert parse_thai_date(f"{day:02d}/{month:02d}/{be_year}") == dt.date(be_year - BE_OFFSET, month, day)


@given(st.integers(min_value=13, max_value=99) | st.just(0))
def test_impossible_months_are_refused(month):
    assert _code(f"01/{month:02d}/2569") == "invalid_month"


def test_29_february_only_in_a_leap_year():
    assert parse_thai_date("29/02/2567") == dt.date(2024, 2, 29)
    assert _code("29/02/2568") == "invalid_day"
    assert _code("31/04/2569") == "invalid_day"


@given(st.text(max_size=14))
def test_any_text_is_a_date_or_a_thai_refusal_never_a_crash(raw):
    try:
        parse_thai_date(raw)
    except ValidationError as refused:
        assert refused.messages and all(message.strip() for message in refused.messages)


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from(":."), digit_styles, st.booleans())
def test_every_time_of_day_round_trips(hour, minute, sep, digits, with_unit):
    typed = digits(f"{hour:02d}{sep}{minute:02d}") + (" น." if with_unit else "")
    assert parse_thai_time(typed) == dt.time(hour, minute)


@given(st.integers(0, 99), st.integers(0, 99))
def test_impossible_times_are_refused(hour, minute):
    if hour <= 23 and minute <= 59:
        assert parse_thai_time(f"{hour}:{minute:02d}") == dt.time(hour, minute)
    else:
        assert _code(f"{hour}:{minute:02d}", parse_thai_time) == "invalid_time"


@settings(max_examples=50)
@given(st.dates(min_value=FIRST, max_value=LAST), st.times())
def test_a_date_and_time_field_gives_an_aware_bangkok_datetime(day, time):
    typed_time = f"{time.hour:02d}:{time.minute:02d}"
    value = ThaiDateTimeField().clean([format_thai_date_input(day), typed_time])
    assert value.tzinfo is not None and value.utcoffset() == dt.timedelta(hours=7)
    assert value == dt.datetime.combine(day, dt.time(time.hour, time.minute), tzinfo=BANGKOK)


def test_a_deadline_typed_as_a_day_alone_ends_that_day():
    field = ThaiDateTimeField(default_time=dt.time(23, 59, 59))
    assert field.clean(["30/09/2569", ""]) == dt.datetime(2026, 9, 30, 23, 59, 59, tzinfo=BANGKOK)


def test_a_gregorian_year_in_the_date_time_field_says_what_to_type():
    with pytest.raises(ValidationError) as refused:
        ThaiDateTimeField().clean(["30/09/2026", "16:30"])
    assert "ปี 2026 เป็นปี ค.ศ." in refused.value.messages[0] and "2569" in refused.value.messages[0]


def test_the_date_field_renders_a_text_input_with_its_hint_and_the_picker_hook():
    html = ThaiDateField().widget.render("date", dt.date(2026, 9, 30), attrs={"id": "id_date"})
    assert 'type="text"' in html and "data-thai-date" in html and 'value="30/09/2569"' in html
    assert 'aria-describedby="id_date_hint"' in html and 'id="id_date_hint"' in html and "(พ.ศ.)" in html
