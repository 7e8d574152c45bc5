"""The windows hold on the server, to the second, in Asia/Bangkok, with each district's effective
deadlines (extensions included)."""

import datetime as dt

import pytest

from conftest import CONFIRM_CLOSES, CONFIRM_OPENS, DURING_ENTRY, ENTRY_CLOSES
from wts.rounds.actions import extend_deadline
from wts.workflow.actions import TransitionRefused, confirm_report, return_report, save_area, submit_report
from wts.workflow.models import ReportState
from wts.workflow.rules import EditRefused

from .helpers import area, fill, item, reload, submitted

ONE_SECOND = dt.timedelta(seconds=1)


@pytest.mark.parametrize("moment, allowed", [(ENTRY_CLOSES, True), (ENTRY_CLOSES + ONE_SECOND, False)])
def test_submission_holds_to_the_second_of_the_entry_deadline(world, time_machine, moment, allowed):
    time_machine.move_to(DURING_ENTRY, tick=False)
    report = fill(world, world.np_mueang, world.officer)
    time_machine.move_to(moment, tick=False)
    if allowed:
        submit_report(report, acting_user=world.officer)
    else:
        with pytest.raises(TransitionRefused, match="พ้นกำหนดบันทึกข้อมูลแล้ว"):  # one window check, one message
            submit_report(report, acting_user=world.officer)
    assert (reload(report).state == ReportState.SUBMITTED) is allowed


@pytest.mark.parametrize(
    "moment, allowed",
    [(CONFIRM_OPENS - ONE_SECOND, False), (CONFIRM_OPENS, True), (CONFIRM_CLOSES, True),
     (CONFIRM_CLOSES + ONE_SECOND, False)],
)
def test_confirmation_holds_to_the_second_of_its_window(world, time_machine, moment, allowed):
    time_machine.move_to(DURING_ENTRY, tick=False)
    report = submitted(world)
    time_machine.move_to(moment, tick=False)
    if allowed:
        confirm_report(report, acting_user=world.director)
    else:
        with pytest.raises(TransitionRefused):
            confirm_report(report, acting_user=world.director)
    assert (reload(report).state == ReportState.CONFIRMED) is allowed


def test_the_window_is_read_in_bangkok_time(world, time_machine):
    """23:59:59 in Bangkok is 16:59:59 UTC: one second later the deadline has passed."""
    time_machine.move_to(DURING_ENTRY, tick=False)
    report = fill(world, world.np_mueang, world.officer)
    time_machine.move_to(dt.datetime(2026, 9, 15, 17, 0, 0, tzinfo=dt.UTC), tick=False)
    with pytest.raises(TransitionRefused):
        submit_report(report, acting_user=world.officer)


@pytest.mark.parametrize("moment, allowed", [(CONFIRM_CLOSES, True), (CONFIRM_CLOSES + ONE_SECOND, False)])
def test_a_returned_district_edits_and_resubmits_until_its_confirmation_deadline(world, time_machine, moment, allowed):
    time_machine.move_to(DURING_ENTRY, tick=False)
    report = submitted(world)
    time_machine.move_to(CONFIRM_OPENS, tick=False)
    return_report(report, acting_user=world.director, reason="ตรวจทาน")
    time_machine.move_to(moment, tick=False)
    a = area(world)
    if allowed:
        save_area(reload(report), a, {item(world).pk: 11}, acting_user=world.officer)
        submit_report(reload(report), acting_user=world.officer)
        assert reload(report).state == ReportState.SUBMITTED
    else:
        with pytest.raises(EditRefused):
            save_area(reload(report), a, {item(world).pk: 11}, acting_user=world.officer)
        with pytest.raises(TransitionRefused):
            submit_report(reload(report), acting_user=world.officer)


@pytest.mark.parametrize("moment, allowed", [(dt.timedelta(0), True), (ONE_SECOND, False)])
def test_an_extended_entry_deadline_holds_to_the_second(world, time_machine, moment, allowed):
    time_machine.move_to(DURING_ENTRY, tick=False)
    extended = dt.datetime(2026, 9, 30, 23, 59, 59, tzinfo=ENTRY_CLOSES.tzinfo)
    extend_deadline(world.round, window="entry", closes_at=extended, reason="น้ำท่วม", acting_user=world.dept_admin,
                    district=world.np_mueang, confirm_closes_at=extended + dt.timedelta(days=8))
    report = fill(world, world.np_mueang, world.officer)
    time_machine.move_to(extended + moment, tick=False)
    if allowed:
        submit_report(report, acting_user=world.officer)
    else:
        with pytest.raises(TransitionRefused):
            submit_report(report, acting_user=world.officer)


def test_the_page_refuses_confirmation_outside_the_window_with_a_thai_message(world, time_machine):
    time_machine.move_to(DURING_ENTRY, tick=False)
    submitted(world)
    time_machine.move_to(CONFIRM_CLOSES + ONE_SECOND, tick=False)
    response = world.client_for(world.director).post(f"/review/{world.round.fiscal_year}/district/4801/confirm/")
    assert response.status_code == 403
    assert "พ้นกำหนดยืนยันข้อมูลแล้ว" in response.content.decode()
    assert "25 ก.ย. 2569" in response.content.decode()
