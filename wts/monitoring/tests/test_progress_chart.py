import datetime as dt

import pytest

from wts.lib.thai import BANGKOK
from wts.monitoring.status import progress_series

from .helpers import confirmed, record, submitted

pytestmark = pytest.mark.django_db


def day(n, hour=10):
    return dt.datetime(2026, 9, n, hour, 0, tzinfo=BANGKOK)


def test_series_are_cumulative_per_bangkok_day(world, time_machine):
    time_machine.move_to(day(5), tick=False)
    record(world.round, world.np_mueang, complete=2, at=day(2))
    submitted(world.round, world.np_pla_pak, at=day(3))  # its 8 areas were saved an hour before
    confirmed(world.round, world.sk_mueang, at=day(4, 23))  # 23:00 Bangkok is still the 4th
    series = progress_series(world.round)
    days = series["days"]
    assert days[0] == dt.date(2026, 8, 1) and days[-1] == dt.date(2026, 9, 5)
    at = {d: i for i, d in enumerate(days)}
    recorded, sent, done = series["recorded"], series["submitted"], series["confirmed"]
    assert recorded[at[dt.date(2026, 9, 1)]] == 0
    assert recorded[at[dt.date(2026, 9, 2)]] == 2
    assert recorded[at[dt.date(2026, 9, 3)]] == 18  # both districts' 8 areas were saved on the 3rd
    assert recorded[at[dt.date(2026, 9, 5)]] == 18
    assert sent[at[dt.date(2026, 9, 3)]] == 1 and sent[at[dt.date(2026, 9, 4)]] == 2  # confirmed ones were submitted too
    assert done[at[dt.date(2026, 9, 3)]] == 0 and done[at[dt.date(2026, 9, 4)]] == 1


def test_series_of_one_province_leave_out_the_others(world, time_machine):
    time_machine.move_to(day(5), tick=False)
    submitted(world.round, world.sk_mueang, at=day(3))
    series = progress_series(world.round, world.np)
    assert series["submitted"][-1] == 0 and series["recorded"][-1] == 0


def test_a_finished_round_stops_at_its_confirmation_deadline(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, tzinfo=BANGKOK), tick=False)
    assert progress_series(world.round)["days"][-1] == dt.date(2026, 9, 25)
