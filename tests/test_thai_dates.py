import datetime as dt

from wts.lib.thai import (
    BANGKOK,
    days_left,
    fiscal_year_of,
    thai_date,
    thai_datetime,
    thai_time,
    to_thai_digits,
)


def test_dates_are_shown_in_the_buddhist_era():
    assert thai_date(dt.date(2021, 9, 8)) == "8 ก.ย. 2564"
    assert thai_date(dt.date(2021, 9, 8), short_year=True) == "8 ก.ย. 64"
    assert thai_date(dt.date(2021, 9, 8), long=True) == "8 กันยายน 2564"


def test_times_are_converted_to_bangkok_time():
    utc = dt.datetime(2021, 9, 8, 3, 0, tzinfo=dt.UTC)
    assert thai_time(utc) == "10:00 น."
    assert thai_datetime(utc) == "8 ก.ย. 2564 เวลา 10:00 น."


def test_a_utc_evening_is_the_next_day_in_bangkok():
    assert thai_date(dt.datetime(2021, 9, 30, 18, 0, tzinfo=dt.UTC)) == "1 ต.ค. 2564"


def test_thai_digits_option():
    assert thai_date(dt.date(2021, 9, 8), thai_digits=True) == "๘ ก.ย. ๒๕๖๔"
    assert to_thai_digits("10:00") == "๑๐:๐๐"


def test_fiscal_year_runs_october_to_september_named_by_its_end():
    assert fiscal_year_of(dt.date(2020, 10, 1)) == 2564
    assert fiscal_year_of(dt.date(2021, 9, 30)) == 2564
    assert fiscal_year_of(dt.date(2021, 10, 1)) == 2565


def test_days_left_counts_calendar_days_in_bangkok():
    deadline = dt.datetime(2021, 9, 30, 23, 59, 59, tzinfo=BANGKOK)
    assert days_left(deadline, dt.datetime(2021, 9, 30, 0, 1, tzinfo=BANGKOK)) == 0
    assert days_left(deadline, dt.datetime(2021, 9, 28, 23, 0, tzinfo=BANGKOK)) == 2
    assert days_left(deadline, dt.datetime(2021, 10, 1, 9, 0, tzinfo=BANGKOK)) == -1
