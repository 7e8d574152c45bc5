from decimal import Decimal

import pytest

from wts.geography.models import District
from wts.review.flags import flags_for_report, flags_for_reports

from .helpers import fill, item, previous_round

pytestmark = pytest.mark.usefixtures("during_entry")


def test_a_change_beyond_the_rounds_percent_from_the_previous_round_is_flagged(world):
    previous_round(world, confirmed_values={world.np_mueang: {"1.01": 100, "1.02": 100}})
    report = fill(world, world.np_mueang, world.officer, values={"1.01": 151, "1.02": 150})
    flags = flags_for_report(report)
    assert "+51%" in flags[item(world, "1.01").pk][0]
    assert "100 → 151" in flags[item(world, "1.01").pk][0]
    assert item(world, "1.02").pk not in flags  # exactly 50% is within the rule


def test_a_large_percent_on_a_small_count_is_not_flagged_below_the_rounds_minimum_units(world):
    previous_round(world, confirmed_values={world.np_mueang: {"1.01": 1, "1.02": 2}})
    report = fill(world, world.np_mueang, world.officer, values={"1.01": 3, "1.02": 12})
    flags = flags_for_report(report)
    assert item(world, "1.01").pk not in flags  # +200% but only 2 units
    assert "+500%" in flags[item(world, "1.02").pk][0]  # 10 units: at the minimum
    world.round.change_flag_min_units = 1
    world.round.save()
    report.round.refresh_from_db()
    assert "+200%" in flags_for_report(report)[item(world, "1.01").pk][0]


def test_a_drop_is_flagged_too_and_the_percent_is_a_setting(world):
    previous_round(world, confirmed_values={world.np_mueang: {"1.01": 100}})
    report = fill(world, world.np_mueang, world.officer, values={"1.01": 70})
    assert flags_for_report(report) == {}
    world.round.change_flag_percent = 25
    world.round.save()
    report.round.refresh_from_db()
    assert "-30%" in flags_for_report(report)[item(world, "1.01").pk][0]


def _peers(world, count, size=11):
    from conftest import make_user
    from wts.accounts.models import Role

    peers = []
    for n in range(count):
        d = District.objects.create(code=f"48{50 + n}", province=world.np, name_th=f"อำเภอทดสอบ{n}", name_en=f"T{n}",
                                    municipality_count=3, sao_count=size - 3)
        peers.append((d, make_user(f"district-48{50 + n}", Role.DISTRICT_OFFICER, district=d)))
    return peers


def test_a_value_far_from_similar_size_districts_is_flagged_with_median_and_mad(world):
    for n, (d, officer) in enumerate(_peers(world, 6)):
        fill(world, d, officer, values={"1.01": 100 + n})
    report = fill(world, world.np_mueang, world.officer, values={"1.01": 400})
    flags = flags_for_report(report)
    assert any("สูงกว่าอำเภอขนาดใกล้เคียงมาก" in f for f in flags[item(world, "1.01").pk])


def test_districts_of_another_size_are_not_peers(world):
    for n, (d, officer) in enumerate(_peers(world, 6, size=40)):
        fill(world, d, officer, values={"1.01": 100 + n})
    report = fill(world, world.np_mueang, world.officer, values={"1.01": 400})
    assert item(world, "1.01").pk not in flags_for_report(report)


def test_the_outlier_threshold_is_a_setting(world):
    for n, (d, officer) in enumerate(_peers(world, 6)):
        fill(world, d, officer, values={"1.01": 100 + n})
    report = fill(world, world.np_mueang, world.officer, values={"1.01": 400})
    world.round.outlier_threshold = Decimal("500")
    world.round.save()
    report.round.refresh_from_db()
    assert item(world, "1.01").pk not in flags_for_report(report)


def test_flags_for_many_reports_take_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    previous_round(world, confirmed_values={world.np_mueang: {"1.01": 100}})
    reports = [fill(world, d, o) for d, o in _peers(world, 6)] + [fill(world, world.np_mueang, world.officer)]
    with django_assert_max_num_queries(5):
        result = flags_for_reports(world.round, reports)
    assert result[reports[-1].pk][item(world, "1.01").pk]
