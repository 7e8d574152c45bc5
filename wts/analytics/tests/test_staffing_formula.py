"""The staffing formula computed by hand on small cases and compared with the live computation."""

from decimal import Decimal

import pytest

from wts.analytics.staffing import analyse
from wts.catalog.models import MissionArea, PositionType, WorkItem
from wts.geography.models import District
from wts.workflow.models import ReportState

from .helpers import make_round, record, set_minutes


@pytest.fixture
def rounds(world):
    """Three rounds (2567, 2568 and the world's 2569) where item 1.01 takes 30 minutes, 1.02 60 and
    2.01 120, so hours are easy to add up."""
    older, previous = make_round(2567), make_round(2568)
    for r in (older, previous, world.round):
        set_minutes(r, {"1.01": 30, "1.02": 60, "2.01": 120})
    return older, previous, world.round


def district_result(analysis, district):
    return next(d for d in analysis.districts if d.district.pk == district.pk)


def test_one_round_hours_are_volume_times_minutes_over_sixty_per_area_and_in_total(world, rounds):
    _older, _previous, current = rounds
    record(current, world.np_mueang, {"1.01": 100, "1.02": 30, "2.01": 45})
    result = district_result(analyse(current, averaging_rounds=1), world.np_mueang)
    # area 1: 100 × 30 / 60 + 30 × 60 / 60 = 50 + 30 = 80 h; area 2: 45 × 120 / 60 = 90 h
    assert result.hours_by_area == {1: pytest.approx(80), 2: pytest.approx(90)}
    assert result.hours == pytest.approx(170)
    assert result.fte_needed == pytest.approx(170 / 1380)
    assert result.fiscal_years == [2569]


def test_fte_uses_the_position_types_working_time_and_category_allowance(world, rounds):
    """Issue 26: working time and allowances are per position type (every item of the default
    catalog belongs to its first type), no longer the round's one typed 1,380 h and CAF."""
    _older, _previous, current = rounds
    # (261 − 16 − 10 − 5 − 30) days × 6 h = 1,200 h; CAF for 20% of time on support work: 1 / (1 − 0.2)
    PositionType.objects.filter(round=current, order=1).update(
        other_absence_days=Decimal("30"), category_allowance_percent=Decimal("20")
    )
    record(current, world.np_mueang, {"1.01": 2400, "2.01": 300})  # 1,200 h + 600 h = 1,800 h
    analysis = analyse(current, averaging_rounds=1)
    result = district_result(analysis, world.np_mueang)
    assert result.hours == pytest.approx(1800)
    assert result.hours_with_allowance == pytest.approx(2250)
    assert result.fte_needed == pytest.approx(2250 / 1200)  # 1.875
    assert (analysis.basis.productive_hours, analysis.basis.allowance_factor) == (Decimal("1200.0"), Decimal("1.250"))


def test_three_round_average_divides_each_item_by_the_rounds_that_hold_it(world, rounds):
    older, previous, current = rounds
    record(older, world.np_mueang, {"1.01": 60, "1.02": 10})
    record(previous, world.np_mueang, {"1.01": 90, "1.02": 20})
    record(current, world.np_mueang, {"1.01": 120})  # 1.02 not recorded this round
    result = district_result(analyse(current, averaging_rounds=3), world.np_mueang)
    # 1.01: (60 + 90 + 120) / 3 = 90 → 45 h; 1.02: (10 + 20) / 2 = 15 → 15 h
    assert result.hours == pytest.approx(60)
    assert result.fiscal_years == [2569, 2568, 2567]


def test_a_round_the_district_has_no_confirmed_report_for_is_skipped_not_counted_as_zero(world, rounds):
    older, previous, current = rounds
    record(older, world.np_mueang, {"1.01": 60})
    record(previous, world.np_mueang, {"1.01": 999}, state=ReportState.SUBMITTED)  # not confirmed: left out
    record(current, world.np_mueang, {"1.01": 180})
    result = district_result(analyse(current, averaging_rounds=3), world.np_mueang)
    assert result.hours == pytest.approx((60 + 180) / 2 * 30 / 60)  # 60 h, not (60 + 0 + 180) / 3
    assert result.fiscal_years == [2569, 2567]


def test_a_shorter_history_than_asked_averages_what_exists_and_says_so(world, rounds):
    older, _previous, current = rounds
    record(older, world.np_mueang, {"1.01": 60})
    analysis = analyse(older, averaging_rounds=3)
    assert [r.fiscal_year for r in analysis.basis.rounds_used] == [2567]
    assert analysis.basis.missing_rounds == 2
    assert district_result(analysis, world.np_mueang).hours == pytest.approx(30)
    # Later rounds never count for an earlier round.
    record(current, world.np_mueang, {"1.01": 6000})
    assert district_result(analyse(older, averaging_rounds=3), world.np_mueang).hours == pytest.approx(30)


def test_averaging_defaults_to_the_rounds_setting(world, rounds):
    older, previous, current = rounds
    current.averaging_rounds = 2
    current.save()
    record(older, world.np_mueang, {"1.01": 600})
    record(previous, world.np_mueang, {"1.01": 60})
    record(current, world.np_mueang, {"1.01": 120})
    analysis = analyse(current)
    assert analysis.basis.averaging_rounds == 2
    assert district_result(analysis, world.np_mueang).hours == pytest.approx(45)  # (60 + 120) / 2 × 0.5


def test_zero_volumes_count_as_zero_and_the_district_needs_zero_fte(world, rounds):
    older, _previous, current = rounds
    record(older, world.np_mueang, {"1.01": 120})
    record(current, world.np_mueang, {"1.01": 0, "1.02": 0})
    result = district_result(analyse(current, averaging_rounds=3), world.np_mueang)
    assert result.hours == pytest.approx(30)  # (120 + 0) / 2 × 0.5: a zero is a value
    zero_only = district_result(analyse(current, averaging_rounds=1), world.np_mueang)
    assert (zero_only.hours, zero_only.fte_needed, zero_only.has_data) == (0, 0, True)
    assert zero_only.gap_filled == 4  # 4 filled − 0 needed


def test_a_district_without_counted_data_has_no_fte_and_stays_out_of_the_gaps(world, rounds):
    _older, _previous, current = rounds
    record(current, world.np_mueang, {"1.01": 2760})  # 1,380 h → 1 FTE
    record(current, world.np_pla_pak, {"1.01": 27600}, state=ReportState.IN_PROGRESS)
    analysis = analyse(current, averaging_rounds=1)
    pla_pak = district_result(analysis, world.np_pla_pak)
    assert (pla_pak.fte_needed, pla_pak.gap_filled, pla_pak.has_data) == (None, None, False)
    np = next(p for p in analysis.provinces if p.key == "48")
    assert (np.districts, np.districts_with_data) == (2, 1)
    assert np.fte_needed == pytest.approx(1)
    assert (np.filled, np.filled_with_data) == (8, 4)
    assert np.gap_filled == pytest.approx(3)  # 4 filled − 1 needed, Pla Pak left out


def test_switch_includes_unconfirmed_data_and_counts_it(world, rounds):
    _older, _previous, current = rounds
    record(current, world.np_mueang, {"1.01": 2760})
    record(current, world.np_pla_pak, {"1.01": 5520}, state=ReportState.IN_PROGRESS)
    analysis = analyse(current, averaging_rounds=1, include_unconfirmed=True)
    assert district_result(analysis, world.np_pla_pak).fte_needed == pytest.approx(2)
    assert district_result(analysis, world.np_pla_pak).unconfirmed_reports == 1
    assert (analysis.basis.reports_counted, analysis.basis.reports_unconfirmed) == (2, 1)
    assert analysis.basis.include_unconfirmed
    np = next(p for p in analysis.provinces if p.key == "48")
    assert (np.fte_needed, np.unconfirmed_districts) == (pytest.approx(3), 1)


def test_rollups_add_shortage_and_surplus_separately_per_province_and_nation(world, rounds):
    _older, _previous, current = rounds
    # Every world district has 4 filled: Mueang needs 1 (surplus 3), Pla Pak needs 6 (shortage 2).
    record(current, world.np_mueang, {"1.01": 2760})  # 1 FTE
    record(current, world.np_pla_pak, {"1.01": 2760 * 6})  # 6 FTE
    record(current, world.sk_mueang, {"2.01": 690 * 2})  # 2,760 h → 2 FTE
    analysis = analyse(current, averaging_rounds=1)
    np = next(p for p in analysis.provinces if p.key == "48")
    assert np.fte_needed == pytest.approx(7)
    assert np.gap_filled == pytest.approx(8 - 7)
    assert (np.shortage, np.surplus) == (pytest.approx(2), pytest.approx(3))
    assert np.hours_by_area[1] == pytest.approx(1380 * 7)
    nation = analysis.nation
    assert (nation.districts, nation.districts_with_data) == (4, 3)
    assert nation.fte_needed == pytest.approx(9)
    assert (nation.shortage, nation.surplus) == (pytest.approx(2), pytest.approx(5))
    assert nation.hours_by_area == {1: pytest.approx(1380 * 7), 2: pytest.approx(2760)}
    assert [r.label for r in analysis.regions] == ["ภาคตะวันออกเฉียงเหนือ"]


def test_items_are_matched_across_rounds_by_code_and_use_this_rounds_minutes(world, rounds):
    older, previous, current = rounds
    # The department moved item 1.02 to another area and changed its time in the current round.
    WorkItem.objects.filter(area__round=current, code="1.02").update(
        area=MissionArea.objects.get(round=current, number=3), standard_minutes=Decimal("90")
    )
    record(previous, world.np_mueang, {"1.02": 20})
    record(current, world.np_mueang, {"1.02": 40})
    result = district_result(analyse(current, averaging_rounds=2), world.np_mueang)
    assert result.hours_by_area == {3: pytest.approx(30 * 90 / 60)}
    # An item dropped from the current form does not count any more.
    WorkItem.objects.filter(area__round=current, code="2.01").delete()
    record(previous, world.np_mueang, {"2.01": 500})
    assert district_result(analyse(current, averaging_rounds=2), world.np_mueang).hours == pytest.approx(45)


def test_the_computation_takes_the_same_number_of_queries_for_more_districts(
    world, rounds, django_assert_num_queries
):
    _older, _previous, current = rounds
    record(current, world.np_mueang, {"1.01": 10})
    # rounds, position types, areas, items, districts, reports, volumes, posts per position type
    with django_assert_num_queries(8):
        analyse(current)
    for i in range(3, 13):
        d = District.objects.create(code=f"48{i:02d}", province=world.np, name_th=f"อำเภอ{i}", name_en=f"D{i}")
        record(current, d, {"1.01": i, "2.01": i})
    with django_assert_num_queries(8):
        analysis = analyse(current)
    assert analysis.nation.districts == 14
