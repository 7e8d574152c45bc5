"""The tables the pages and exports show, checked against numbers worked out by hand."""

import pytest

from wts.analytics import tables
from wts.analytics.staffing import analyse
from wts.geography.models import District

from .helpers import record, set_minutes


@pytest.fixture
def analysis(world):
    """Three districts with 1, 2 and 4 FTE of complaints work (2.01 at 120 minutes) and 11 อปท. each;
    the fourth has 6 อปท. and no data."""
    set_minutes(world.round, {"2.01": 120})
    District.objects.filter(pk=world.sk_kusuman.pk).update(sao_count=3)
    record(world.round, world.np_mueang, {"2.01": 690})  # 1,380 h
    record(world.round, world.np_pla_pak, {"2.01": 1380})  # 2,760 h
    record(world.round, world.sk_mueang, {"2.01": 2760})  # 5,520 h
    return analyse(world.round, averaging_rounds=1)


def test_districts_are_ranked_by_shortage_and_those_without_data_come_last(analysis):
    table = tables.district_table(analysis)
    names = [row.cells[1] for row in table.rows]
    # gaps against 4 filled: Sakon Nakhon 4 − 4 = 0, Pla Pak 4 − 2 = +2, Mueang Nakhon Phanom +3
    assert names == ["อำเภอเมืองสกลนคร", "อำเภอปลาปาก", "อำเภอเมืองนครพนม", "อำเภอกุสุมาลย์"]
    assert [row.cells[0] for row in table.rows] == [1, 2, 3, None]
    assert table.rows[-1].mark == "nodata"
    assert table.total.cells[5] == pytest.approx(7)


def test_province_table_adds_up_and_the_total_is_the_nation(analysis):
    table = tables.province_table(analysis)
    by_name = {row.cells[0]: row.cells for row in table.rows}
    # columns: name, with data/all, อปท., hours, FTE, framework, filled, gap filled, gap framework, short, surplus
    assert by_name["นครพนม"][1:] == ["2/2", 22, pytest.approx(4140), pytest.approx(3), 10, 8,
                                     pytest.approx(5), pytest.approx(7), pytest.approx(0), pytest.approx(5)]
    assert by_name["สกลนคร"][1] == "1/2" and by_name["สกลนคร"][4] == pytest.approx(4)
    assert table.total.cells[4] == pytest.approx(7)
    # issue 26 §5: the one Thai order (นครพนม before สกลนคร), not the DOPA code order (47 before 48)
    assert table.chart["labels"] == ["นครพนม", "สกลนคร"]
    assert table.chart["datasets"][0]["data"] == [3.0, 4.0]


def test_area_table_puts_all_hours_in_area_2(analysis):
    table = tables.area_table(analysis)
    nation = table.total.cells
    assert nation[2] == pytest.approx(9660) and nation[1] == 0 and nation[-1] == pytest.approx(9660)
    assert table.chart["datasets"][0]["data"][1] == 9660
    assert any("100.0%" in note for note in table.notes)


def test_workload_per_lgo_quantiles_by_size(analysis):
    table = tables.per_lgo_table(analysis)
    by_band = {row.cells[0]: row.cells for row in table.rows}
    # 11 อปท. each: 1,380 / 11, 2,760 / 11, 5,520 / 11 h per อปท.
    per_lgo = [1380 / 11, 2760 / 11, 5520 / 11]
    assert by_band["11–15 แห่ง"][1:] == [
        3, pytest.approx(per_lgo[0]), pytest.approx((per_lgo[0] + per_lgo[1]) / 2), pytest.approx(per_lgo[1]),
        pytest.approx((per_lgo[1] + per_lgo[2]) / 2), pytest.approx(per_lgo[2]), pytest.approx(2),
    ]
    assert by_band["ไม่เกิน 5 แห่ง"][1] == 0 and by_band["ไม่เกิน 5 แห่ง"][2] is None
    assert table.total.cells[1] == 3
    assert sum(table.chart["datasets"][0]["data"]) == 3


def test_within_one_province_the_area_table_lists_districts(world):
    set_minutes(world.round, {"1.01": 30, "2.01": 120})
    record(world.round, world.np_mueang, {"1.01": 120, "2.01": 30})  # 60 h + 60 h
    analysis = analyse(world.round, District.objects.filter(province=world.np), averaging_rounds=1)
    table = tables.area_table(analysis, lambda d: f"/d/{d.code}/")
    # Thai dictionary order (issue 15), no longer DOPA code order.
    assert [row.cells[0] for row in table.rows] == ["อำเภอปลาปาก", "อำเภอเมืองนครพนม"]
    mueang, pla_pak = table.rows[1], table.rows[0]
    assert mueang.cells[1:3] == [pytest.approx(60), pytest.approx(60)]
    assert mueang.cells[-1] == pytest.approx(120)
    assert pla_pak.mark == "nodata" and mueang.link == "/d/4801/"


def test_districts_can_be_ranked_by_fte_or_by_hours_per_lgo(analysis):
    by_fte = tables.district_table(analysis, ranking="fte")
    assert [row.cells[1] for row in by_fte.rows][:3] == ["อำเภอเมืองสกลนคร", "อำเภอปลาปาก", "อำเภอเมืองนครพนม"]
    assert by_fte.title == "อำเภอเรียงตามอัตรากำลังที่ต้องการ"
    by_load = tables.district_table(analysis, ranking="per_lgo")
    assert by_load.rows[0].cells[1] == "อำเภอเมืองสกลนคร" and by_load.rows[-1].cells[0] is None
