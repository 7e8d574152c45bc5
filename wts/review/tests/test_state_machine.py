"""Every transition of a district's report, allowed and forbidden, per role, through the actions."""

import pytest
from django.core.exceptions import PermissionDenied

from wts.audit.models import AuditEvent
from wts.rounds.actions import RoundRefused
from wts.workflow.actions import (
    TransitionRefused,
    close_round,
    confirm_report,
    confirm_reports,
    reopen_report,
    return_report,
    save_area,
    submit_report,
)
from wts.workflow.models import DistrictReport, ReportState, ReturnKind, ReturnRequest
from wts.workflow.rules import EditRefused

from .helpers import DURING_CONFIRM, area, fill, force_state, item, reload, submitted

pytestmark = pytest.mark.usefixtures("during_entry")

ROLES = ["officer", "officer_np2", "officer_sk", "director", "director_sk", "provadmin", "dept_admin", "dept_viewer"]


def test_a_complete_district_submits_and_becomes_read_only(world):
    report = fill(world, world.np_mueang, world.officer)
    submit_report(report, acting_user=world.officer)
    report = reload(report)
    assert report.state == ReportState.SUBMITTED and report.submitted_at is not None
    a = area(world)
    with pytest.raises(EditRefused):
        save_area(report, a, {a.items.first().pk: 99}, acting_user=world.officer)


def test_an_incomplete_district_cannot_submit(world):
    report = fill(world, world.np_mueang, world.officer)
    a = area(world, 8)
    save_area(report, a, {a.items.first().pk: None}, acting_user=world.officer)
    with pytest.raises(TransitionRefused, match="ต้องบันทึกข้อมูลให้ครบทั้ง 8 ด้าน"):
        submit_report(reload(report), acting_user=world.officer)
    assert reload(report).state == ReportState.IN_PROGRESS


@pytest.mark.parametrize("role", [r for r in ROLES if r != "officer"])
def test_only_the_districts_own_officer_submits(world, role):
    report = fill(world, world.np_mueang, world.officer)
    with pytest.raises(PermissionDenied):
        submit_report(report, acting_user=getattr(world, role))
    assert reload(report).state == ReportState.IN_PROGRESS


@pytest.mark.parametrize("state", [ReportState.SUBMITTED, ReportState.CONFIRMED])
def test_submitting_twice_or_after_confirmation_is_refused(world, state):
    report = force_state(fill(world, world.np_mueang, world.officer), state)
    with pytest.raises(TransitionRefused):
        submit_report(report, acting_user=world.officer)


def test_the_director_confirms_in_the_confirmation_window(world, time_machine):
    report = submitted(world)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    confirm_report(report, acting_user=world.director)
    report = reload(report)
    assert (report.state, report.confirmed_by) == (ReportState.CONFIRMED, world.director)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "director"])
def test_nobody_but_the_provinces_director_confirms_or_returns(world, time_machine, role):
    report = submitted(world)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    with pytest.raises(PermissionDenied):
        confirm_report(report, acting_user=getattr(world, role))
    with pytest.raises(PermissionDenied):
        return_report(report, acting_user=getattr(world, role), reason="x")
    assert reload(report).state == ReportState.SUBMITTED


@pytest.mark.parametrize("state", [ReportState.NOT_STARTED, ReportState.IN_PROGRESS, ReportState.RETURNED,
                                   ReportState.CONFIRMED])
def test_only_a_submitted_district_can_be_confirmed_or_returned(world, time_machine, state):
    report = force_state(fill(world, world.np_mueang, world.officer), state)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    with pytest.raises(TransitionRefused):
        confirm_report(report, acting_user=world.director)
    with pytest.raises(TransitionRefused):
        return_report(report, acting_user=world.director, reason="ตรวจสอบอีกครั้ง")
    assert reload(report).state == state


def test_a_return_needs_a_reason(world, time_machine):
    report = submitted(world)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    with pytest.raises(TransitionRefused, match="ต้องระบุเหตุผล"):
        return_report(report, acting_user=world.director, reason="   ")
    assert reload(report).state == ReportState.SUBMITTED
    assert not ReturnRequest.objects.exists()


def test_return_records_reason_marked_items_and_a_snapshot(world, time_machine):
    report = submitted(world)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    marked = item(world, "2.01")
    request = return_report(report, acting_user=world.director, reason="เรื่องร้องเรียนสูงผิดปกติ", item_ids=[marked.pk])
    assert reload(report).state == ReportState.RETURNED
    assert list(request.items.all()) == [marked]
    assert request.kind == ReturnKind.RETURNED
    assert request.snapshot_value(marked.pk) == 10


def test_marked_items_must_belong_to_the_round(world, time_machine):
    from .helpers import previous_round

    old = previous_round(world)
    other = old.areas.first().items.first()
    report = submitted(world)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    with pytest.raises(TransitionRefused):
        return_report(report, acting_user=world.director, reason="x", item_ids=[other.pk])
    assert reload(report).state == ReportState.SUBMITTED


def test_a_returned_district_edits_and_resubmits(world, time_machine):
    report = submitted(world)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    return_report(report, acting_user=world.director, reason="แก้ 1.01")
    a = area(world)
    save_area(reload(report), a, {item(world).pk: 12}, acting_user=world.officer)
    submit_report(reload(report), acting_user=world.officer)
    report = reload(report)
    assert report.state == ReportState.SUBMITTED
    assert ReturnRequest.objects.get().resubmitted_at is not None
    assert AuditEvent.objects.filter(action="report.resubmitted", district=world.np_mueang).count() == 1


def test_bulk_confirmation_confirms_all_or_none(world, time_machine):
    first = submitted(world)
    second = submitted(world, world.np_pla_pak, world.officer_np2)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    confirm_reports([first, second], acting_user=world.director)
    assert set(DistrictReport.objects.values_list("state", flat=True)) == {ReportState.CONFIRMED}
    assert AuditEvent.objects.filter(action="report.confirmed").count() == 2


def test_bulk_confirmation_with_one_unsubmitted_district_confirms_none(world, time_machine):
    first = submitted(world)
    second = fill(world, world.np_pla_pak, world.officer_np2)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    with pytest.raises(TransitionRefused, match="ปลาปาก"):
        confirm_reports([first, reload(second)], acting_user=world.director)
    assert reload(first).state == ReportState.SUBMITTED
    assert not AuditEvent.objects.filter(action="report.confirmed").exists()


def test_bulk_confirmation_refuses_a_district_of_another_province(world, time_machine):
    first = submitted(world)
    other = submitted(world, world.sk_mueang, world.officer_sk)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    with pytest.raises(PermissionDenied):
        confirm_reports([first, other], acting_user=world.director)
    assert reload(first).state == ReportState.SUBMITTED


def _confirmed(world, time_machine, district=None, officer=None):
    report = submitted(world, district, officer)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    confirm_report(report, acting_user=world.director)
    return reload(report)


def test_the_department_reopens_one_district_and_leaves_the_province_alone(world, time_machine):
    neighbour = submitted(world, world.np_pla_pak, world.officer_np2)
    report = _confirmed(world, time_machine)
    confirm_report(neighbour, acting_user=world.director)
    reopen_report(report, acting_user=world.dept_admin, reason="ข้อมูลด้านบุคคลต้องทบทวน")
    report = reload(report)
    assert (report.state, report.confirmed_at, report.open_area) == (ReportState.RETURNED, None, None)
    assert reload(neighbour).state == ReportState.CONFIRMED


def test_reopening_one_area_lets_only_that_area_change(world, time_machine):
    report = _confirmed(world, time_machine)
    six = area(world, 6)
    reopen_report(report, acting_user=world.dept_admin, reason="ทบทวนด้านที่ 6", area=six)
    report = reload(report)
    assert report.open_area == six
    save_area(report, six, {six.items.first().pk: 77}, acting_user=world.officer)
    one = area(world, 1)
    with pytest.raises(EditRefused, match="เฉพาะด้านที่ 6"):
        save_area(reload(report), one, {one.items.first().pk: 77}, acting_user=world.officer)
    submit_report(reload(report), acting_user=world.officer)
    assert reload(report).open_area is None


@pytest.mark.parametrize("role", [r for r in ROLES if r != "dept_admin"])
def test_only_the_department_administrator_reopens(world, time_machine, role):
    report = _confirmed(world, time_machine)
    with pytest.raises(PermissionDenied):
        reopen_report(report, acting_user=getattr(world, role), reason="x")
    assert reload(report).state == ReportState.CONFIRMED


@pytest.mark.parametrize("state", [ReportState.IN_PROGRESS, ReportState.SUBMITTED, ReportState.RETURNED])
def test_only_a_confirmed_district_is_reopened(world, state):
    report = force_state(fill(world, world.np_mueang, world.officer), state)
    with pytest.raises(TransitionRefused):
        reopen_report(report, acting_user=world.dept_admin, reason="x")


def test_reopen_needs_a_reason(world, time_machine):
    report = _confirmed(world, time_machine)
    with pytest.raises(TransitionRefused, match="ต้องระบุเหตุผล"):
        reopen_report(report, acting_user=world.dept_admin, reason="")


@pytest.mark.parametrize("role", [r for r in ROLES if r != "dept_admin"])
def test_only_the_department_administrator_closes_a_round(world, role):
    with pytest.raises(PermissionDenied):
        close_round(world.round, acting_user=getattr(world, role), reason="ครบกำหนด")
    world.round.refresh_from_db()
    assert world.round.closed_at is None


def test_a_closed_round_refuses_every_transition(world, time_machine):
    report = submitted(world)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    close_round(world.round, acting_user=world.dept_admin, reason="ครบกำหนด")
    report = reload(report)
    with pytest.raises(TransitionRefused, match="ปิดแล้ว"):
        confirm_report(report, acting_user=world.director)
    with pytest.raises(TransitionRefused, match="ปิดแล้ว"):
        return_report(report, acting_user=world.director, reason="x")
    with pytest.raises(RoundRefused):
        close_round(world.round, acting_user=world.dept_admin, reason="ครบกำหนด")
    assert AuditEvent.objects.filter(action="round.closed").count() == 1


def test_a_closed_round_refuses_submission_and_reopening(world, time_machine):
    report = fill(world, world.np_mueang, world.officer)
    close_round(world.round, acting_user=world.dept_admin, reason="ครบกำหนด")
    with pytest.raises(TransitionRefused, match="ปิดแล้ว"):
        submit_report(reload(report), acting_user=world.officer)
    confirmed = force_state(report, ReportState.CONFIRMED)
    with pytest.raises(TransitionRefused, match="ปิดแล้ว"):
        reopen_report(confirmed, acting_user=world.dept_admin, reason="x")


@pytest.mark.parametrize("role, allowed", [
    ("officer", True), ("director", True), ("officer_np2", False), ("director_sk", False), ("provadmin", False),
    ("dept_admin", False), ("dept_viewer", False),
])
def test_only_the_district_and_its_director_comment_on_a_value(world, role, allowed):
    from wts.workflow.actions import add_comment
    from wts.workflow.models import ValueComment

    report = force_state(fill(world, world.np_mueang, world.officer), ReportState.SUBMITTED)
    if allowed:
        add_comment(report, item(world), acting_user=getattr(world, role), text="ที่มาของตัวเลข")
        assert ValueComment.objects.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            add_comment(report, item(world), acting_user=getattr(world, role), text="x")
        assert not ValueComment.objects.exists()


def test_comments_start_with_the_review(world):
    from wts.workflow.actions import add_comment

    report = fill(world, world.np_mueang, world.officer)
    with pytest.raises(TransitionRefused, match="เมื่ออำเภอส่งข้อมูลแล้ว"):
        add_comment(report, item(world), acting_user=world.director, text="เร็วไป")
