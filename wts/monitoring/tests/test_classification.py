"""The three classes of the letter's attachment, at every boundary, and the time stamp."""

import datetime as dt

import pytest

from wts.geography.models import Province
from wts.lib.thai import BANGKOK
from wts.monitoring.status import Progress, classify_province, national_status, province_status
from wts.workflow.models import ReportState

from .helpers import confirmed, record, submitted

pytestmark = pytest.mark.django_db


def _row(world, province):
    return next(r for r in national_status(world.round).rows if r.province == province)


def test_no_district_started_is_not_started(world):
    row = _row(world, world.np)
    assert (row.total, row.started, row.not_started, row.status) == (2, 0, 2, Progress.NOT_STARTED)


def test_a_report_row_with_nothing_recorded_is_still_not_started(world):
    record(world.round, world.np_mueang, complete=0, partial=0)
    assert _row(world, world.np).status == Progress.NOT_STARTED


def test_one_district_with_one_area_started_makes_the_province_in_progress(world):
    record(world.round, world.np_mueang, partial=1)
    row = _row(world, world.np)
    assert (row.started, row.in_progress, row.all_areas, row.status) == (1, 1, 0, Progress.IN_PROGRESS)


def test_all_districts_but_one_area_missing_is_in_progress(world):
    record(world.round, world.np_mueang, complete=8)
    record(world.round, world.np_pla_pak, complete=7)
    row = _row(world, world.np)
    assert (row.all_areas, row.status) == (1, Progress.IN_PROGRESS)


def test_one_district_complete_and_the_other_untouched_is_in_progress(world):
    record(world.round, world.np_mueang, complete=8)
    assert _row(world, world.np).status == Progress.IN_PROGRESS


def test_every_district_with_all_areas_is_complete(world):
    record(world.round, world.np_mueang, complete=8)
    submitted(world.round, world.np_pla_pak)
    row = _row(world, world.np)
    assert (row.all_areas, row.submitted, row.status) == (2, 1, Progress.COMPLETE)
    assert str(row.status_label) == "ทถอ. บันทึกข้อมูลครบ"


def test_submitted_returned_and_confirmed_are_counted(world):
    submitted(world.round, world.np_mueang)
    record(world.round, world.np_pla_pak, complete=8, state=ReportState.RETURNED)
    confirmed(world.round, world.sk_mueang)
    np_row, sk_row = _row(world, world.np), _row(world, world.sk)
    assert (np_row.submitted, np_row.returned, np_row.confirmed) == (1, 1, 0)
    assert (sk_row.confirmed, sk_row.status) == (1, Progress.IN_PROGRESS)


def test_a_province_without_districts_has_nothing_recorded(world):
    Province.objects.create(code="96", name_th="นราธิวาส", name_en="Narathiwat")
    row = next(r for r in national_status(world.round).rows if r.province.code == "96")
    assert (row.total, row.status) == (0, Progress.NOT_STARTED)
    assert classify_province(0, 0, 0) == Progress.NOT_STARTED


def test_class_counts_add_up_to_the_provinces(world):
    record(world.round, world.np_mueang, partial=2)
    status = national_status(world.round)
    assert status.counts == {Progress.COMPLETE: 0, Progress.IN_PROGRESS: 1, Progress.NOT_STARTED: 1}


def test_provinces_are_in_thai_alphabetical_order(world):
    Province.objects.create(code="57", name_th="เชียงราย", name_en="Chiang Rai")
    Province.objects.create(code="86", name_th="ชุมพร", name_en="Chumphon")
    names = [r.province.name_th for r in national_status(world.round).rows]
    assert names == ["ชุมพร", "เชียงราย", "นครพนม", "สกลนคร"]


def test_the_time_stamp_is_the_latest_change_of_any_kind(world):
    t1 = dt.datetime(2026, 9, 1, 9, 15, tzinfo=BANGKOK)
    t2 = dt.datetime(2026, 9, 2, 14, 40, tzinfo=BANGKOK)
    t3 = dt.datetime(2026, 9, 3, 8, 5, tzinfo=BANGKOK)
    record(world.round, world.np_mueang, partial=1, at=t1)
    assert national_status(world.round).updated_at == t1
    submitted(world.round, world.sk_mueang, at=t2)
    assert national_status(world.round).updated_at == t2
    confirmed(world.round, world.np_pla_pak, at=t3)
    status = national_status(world.round)
    assert status.updated_at == t3
    assert province_status(world.round, world.np).updated_at == t3
    assert province_status(world.round, world.sk).updated_at == t2


def test_no_change_yet_has_no_time_stamp(world):
    assert national_status(world.round).updated_at is None


def test_other_rounds_do_not_count(world):
    from wts.rounds.models import Round

    other = Round.objects.create(
        fiscal_year=2568, entry_opens_at=world.round.entry_opens_at - dt.timedelta(days=365),
        entry_closes_at=world.round.entry_closes_at - dt.timedelta(days=365),
        confirm_opens_at=world.round.confirm_opens_at - dt.timedelta(days=365),
        confirm_closes_at=world.round.confirm_closes_at - dt.timedelta(days=365),
    )
    record(other, world.np_mueang, complete=0, partial=0, state=ReportState.CONFIRMED)
    assert _row(world, world.np).status == Progress.NOT_STARTED


def test_province_board_cells_follow_the_area_reports(world):
    record(world.round, world.np_mueang, complete=3, partial=1)
    status = province_status(world.round, world.np)
    row = next(r for r in status.rows if r.district == world.np_mueang)
    assert [c.status for c in row.areas[:5]] == ["complete", "complete", "complete", "in_progress", "not_started"]
    assert row.status == Progress.IN_PROGRESS
    assert status.counts == {Progress.COMPLETE: 0, Progress.IN_PROGRESS: 1, Progress.NOT_STARTED: 1}
