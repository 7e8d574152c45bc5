from decimal import Decimal

import pytest

from wts.geography.models import District
from wts.review.tests.helpers import fill, item, previous_round
from wts.workflow.flags import flags_for_report, flags_for_reports

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


def test_the_officers_warnings_are_the_directors_flags_however_the_flagger_is_loaded(world):
    """The entry page loads the flagger from the district object it holds (one query); the review
    from district ids; the department's list from the whole round: the flags must be the same."""
    from wts.workflow.flags import RoundFlagger

    previous_round(world, 2567, confirmed_values={world.np_mueang: {"1.01": 1, "1.02": 1}})
    previous_round(world, 2568, confirmed_values={world.np_mueang: {"1.01": 15, "1.02": 40}})
    for n, (d, officer) in enumerate(_peers(world, 6)):
        fill(world, d, officer, values={"1.01": 100 + n, "1.02": 40})
    report = fill(world, world.np_mueang, world.officer, values={"1.01": 400, "1.02": 41})
    directors = flags_for_report(report)
    assert "15 → 400" in directors[item(world, "1.01").pk][0]  # the latest earlier round, not the one before
    assert any("สูงกว่าอำเภอขนาดใกล้เคียงมาก" in f for f in directors[item(world, "1.01").pk])
    assert item(world, "1.02").pk not in directors
    loaded = [RoundFlagger(world.round, districts=[world.np_mueang]),
              RoundFlagger(world.round, [world.np_mueang.pk]), RoundFlagger(world.round)]
    for flagger in loaded:
        assert flagger.flags_for_district(world.np_mueang.pk) == directors
        assert flagger.previous()[world.np_mueang.pk] == {"1.01": 15, "1.02": 40}
        assert flagger.province_median(world.np.pk, item(world, "1.01").pk) == 103  # 100..105 and 400


def test_a_flagger_given_its_districts_reads_the_round_in_one_query(world, django_assert_num_queries):
    from wts.workflow.flags import RoundFlagger

    previous_round(world, confirmed_values={world.np_mueang: {"1.01": 15}})
    fill(world, world.np_mueang, world.officer, values={"1.01": 400})
    with django_assert_num_queries(1):
        flagger = RoundFlagger(world.round, districts=[world.np_mueang])
        flags = flagger.flags_for_district(world.np_mueang.pk)
    assert "15 → 400" in flags[item(world, "1.01").pk][0]


def _peer_values_01(world):
    from wts.workflow.models import ItemValue

    return ItemValue.objects.filter(report__round=world.round, item__code="1.01").exclude(
        report__district=world.np_mueang)


def test_the_peers_medians_are_read_once_and_shared_until_they_expire(world, settings):
    """Deadline day: the peers' medians are kept per round and size for WTS_PEER_STATS_SECONDS,
    so the next page reads only its own district's values; the district's own value is always live."""
    from django.core.cache import cache

    from wts.workflow.flags import RoundFlagger

    settings.WTS_PEER_STATS_SECONDS = 300
    for n, (d, officer) in enumerate(_peers(world, 6)):
        fill(world, d, officer, values={"1.01": 100 + n})
    report = fill(world, world.np_mueang, world.officer, values={"1.01": 400})
    first = RoundFlagger(world.round, districts=[world.np_mueang], with_provinces=False)
    assert len(first.values) == 7  # the district and its 6 peers of the same size
    assert "มัธยฐาน 103 จาก 7 อำเภอ" in first.flags_for_district(world.np_mueang.pk)[item(world, "1.01").pk][0]

    _peer_values_01(world).update(value=390)  # the peers catch up, but the medians are kept
    second = RoundFlagger(world.round, districts=[world.np_mueang], with_provinces=False)
    assert list(second.values) == [world.np_mueang.pk]  # only its own values were read
    assert second.flags_for_district(world.np_mueang.pk) == first.flags_for_district(world.np_mueang.pk)
    assert flags_for_report(report) == first.flags_for_district(world.np_mueang.pk)  # the director agrees

    cache.clear()  # as when the figures expire
    assert item(world, "1.01").pk not in RoundFlagger(
        world.round, districts=[world.np_mueang], with_provinces=False).flags_for_district(world.np_mueang.pk)


def test_with_no_peer_cache_every_flagger_reads_the_peers_again(world, settings):
    settings.WTS_PEER_STATS_SECONDS = 0
    for n, (d, officer) in enumerate(_peers(world, 6)):
        fill(world, d, officer, values={"1.01": 100 + n})
    report = fill(world, world.np_mueang, world.officer, values={"1.01": 400})
    assert item(world, "1.01").pk in flags_for_report(report)
    _peer_values_01(world).update(value=390)
    assert item(world, "1.01").pk not in flags_for_report(report)


def test_a_change_of_the_peer_band_setting_is_not_answered_from_the_cache(world, settings):
    settings.WTS_PEER_STATS_SECONDS = 300
    for n, (d, officer) in enumerate(_peers(world, 6, size=13)):  # 18% larger than นครพนม's 11
        fill(world, d, officer, values={"1.01": 100 + n})
    report = fill(world, world.np_mueang, world.officer, values={"1.01": 400})
    assert item(world, "1.01").pk in flags_for_report(report)  # within the default 30% band
    world.round.peer_size_percent = 10
    world.round.save()
    report.round.refresh_from_db()
    assert item(world, "1.01").pk not in flags_for_report(report)  # now only itself: too few peers


def test_the_officers_flagger_holds_no_province_values(world):
    from wts.workflow.flags import RoundFlagger

    flagger = RoundFlagger(world.round, districts=[world.np_mueang], with_provinces=False)
    with pytest.raises(ValueError):
        flagger.province_median(world.np.pk, item(world, "1.01").pk)


def test_medians_computed_on_an_officers_save_count_the_districts_other_items(world, settings):
    """The form hands over one area's values; on a cache miss the figures it stores for the other
    areas' items must still count this district's values of them."""
    from wts.workflow.flags import RoundFlagger

    settings.WTS_PEER_STATS_SECONDS = 300
    for n, (d, officer) in enumerate(_peers(world, 4)):
        fill(world, d, officer, values={"2.01": 100 + n})
    fill(world, world.np_mueang, world.officer, values={"2.01": 104})
    area_one = {item(world, "1.01"): 7}
    RoundFlagger(world.round, districts=[world.np_mueang], with_provinces=False, values_in_hand=area_one)
    stats = RoundFlagger(world.round, districts=[world.np_pla_pak], with_provinces=False)
    assert stats._peer_stats(world.np_pla_pak.pk, item(world, "2.01").pk)[2] == 5  # four peers and นครพนม
