"""The department's list shows the review rules' flags for every district in scope, with national
peers, in a fixed number of queries. The rules themselves are tested in wts/review."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wts.analytics.quality import round_flags
from wts.geography.models import District
from wts.workflow.models import ReportState

from .helpers import make_round, record


def add_districts(province, prefix, n, *, sao_count):
    return [
        District.objects.create(code=f"{prefix}{i + 10:02d}", province=province, name_th=f"ทดสอบ{prefix}{i}",
                                name_en=f"T{prefix}{i}", municipality_count=3, sao_count=sao_count)
        for i in range(n)
    ]


@pytest.fixture
def peers(world):
    """Ten mid-size districts (11 อปท.) in each province recording about 100 complaints."""
    for province, prefix in ((world.np, "48"), (world.sk, "47")):
        for i, d in enumerate(add_districts(province, prefix, 10, sao_count=8)):
            record(world.round, d, {"2.01": 95 + i}, state=ReportState.SUBMITTED)
    return world


def test_a_value_far_from_districts_of_similar_size_is_listed(peers):
    world = peers
    record(world.round, world.np_mueang, {"2.01": 1000}, state=ReportState.SUBMITTED)
    result = round_flags(world.round)
    assert [(f.district.code, f.item.code, f.value) for f in result.flags] == [("4801", "2.01", 1000)]
    flag = result.flags[0]
    assert flag.report_state == ReportState.SUBMITTED
    assert "อำเภอขนาดใกล้เคียง" in " ".join(flag.messages)
    assert result.values_checked == 21


def test_a_large_change_from_the_previous_round_is_listed(world):
    previous = make_round(2568)
    record(previous, world.np_mueang, {"1.01": 100, "1.02": 100})
    record(world.round, world.np_mueang, {"1.01": 300, "1.02": 110})
    result = round_flags(world.round)
    assert [(f.item.code, f.value) for f in result.flags] == [("1.01", 300)]
    assert "+200%" in result.flags[0].messages[0]
    assert result.previous_round == previous


def test_limiting_the_list_to_a_province_keeps_national_peers(peers):
    world = peers
    record(world.round, world.sk_mueang, {"2.01": 1000})
    np_ids = set(District.objects.filter(province=world.np).values_list("pk", flat=True))
    assert round_flags(world.round, district_ids=np_ids).flags == []
    only_sk = round_flags(world.round, district_ids={world.sk_mueang.pk})
    assert [f.district.code for f in only_sk.flags] == ["4701"]
    assert only_sk.values_checked == 1


def test_the_list_takes_the_same_number_of_queries_for_more_districts(peers, django_assert_num_queries):
    world = peers
    make_round(2568)
    with CaptureQueriesContext(connection) as few:
        round_flags(world.round)
    for d in add_districts(world.np, "46", 10, sao_count=8):
        record(world.round, d, {"2.01": 100})
    with django_assert_num_queries(len(few.captured_queries)):
        after = round_flags(world.round)
    assert after.values_checked == 30

