import datetime as dt

import pytest

from conftest import ENTRY_CLOSES, ENTRY_OPENS
from wts.workflow.actions import get_or_create_report, save_area
from wts.workflow.models import DistrictReport, ItemValue, ReportState
from wts.workflow.rules import EditRefused

from .helpers import area, form_data, url

ONE_SECOND = dt.timedelta(seconds=1)


@pytest.mark.parametrize(
    "moment, allowed",
    [
        (ENTRY_OPENS - ONE_SECOND, False),
        (ENTRY_OPENS, True),
        (ENTRY_CLOSES, True),
        (ENTRY_CLOSES + ONE_SECOND, False),
    ],
)
def test_entry_window_holds_to_the_second(world, time_machine, moment, allowed):
    time_machine.move_to(moment, tick=False)
    a = area(world)
    response = world.client_for(world.officer).post(url(world), form_data(a, ["5"], 0))
    assert response.status_code == (302 if allowed else 403)
    assert ItemValue.objects.exists() is allowed


def test_save_after_deadline_is_refused_and_nothing_changes(world, time_machine):
    time_machine.move_to(ENTRY_CLOSES - dt.timedelta(minutes=1), tick=False)
    a = area(world)
    client = world.client_for(world.officer)
    client.post(url(world), form_data(a, ["5"], 0))
    time_machine.move_to(ENTRY_CLOSES + dt.timedelta(seconds=5), tick=False)
    response = client.post(url(world), form_data(a, ["6"], 1))
    assert response.status_code == 403
    body = response.content.decode()
    assert "พ้นกำหนดบันทึกข้อมูลแล้ว" in body
    assert "15 ก.ย. 2569" in body
    assert 'value="6"' in body  # the refused figure is still shown
    assert list(ItemValue.objects.values_list("value", flat=True)) == [5]


def test_the_page_says_why_it_is_read_only_outside_the_window(world, time_machine):
    time_machine.move_to(ENTRY_OPENS - dt.timedelta(days=2), tick=False)
    body = world.client_for(world.officer).get(url(world)).content.decode()
    assert "ยังไม่ถึงช่วงเวลาบันทึกข้อมูล" in body
    assert "disabled" in body


def test_a_closed_round_cannot_be_changed(world, during_entry):
    world.round.closed_at = during_entry
    world.round.save()
    a = area(world)
    response = world.client_for(world.officer).post(url(world), form_data(a, ["5"], 0))
    assert response.status_code == 403
    assert "ปิดแล้ว" in response.content.decode()


def test_a_submitted_report_is_read_only_for_the_district(world, during_entry):
    report = get_or_create_report(world.round, world.np_mueang)
    DistrictReport.objects.filter(pk=report.pk).update(state=ReportState.SUBMITTED)
    a = area(world)
    response = world.client_for(world.officer).post(url(world), form_data(a, ["5"], 0))
    assert response.status_code == 403
    assert not ItemValue.objects.exists()


@pytest.mark.parametrize("moment", [ENTRY_OPENS - ONE_SECOND, ENTRY_CLOSES + ONE_SECOND])
def test_a_refused_first_save_creates_no_report_on_any_path(world, time_machine, moment):
    """The action refuses before creating the district's report: the page, the API and the import
    all hand it an unsaved report and leave nothing behind when the window is closed."""
    time_machine.move_to(moment, tick=False)
    a = area(world)
    with pytest.raises(EditRefused):
        save_area(DistrictReport(round=world.round, district=world.np_mueang), a, {a.items.first().pk: 5},
                  acting_user=world.officer)
    response = world.client_for(world.officer).post(url(world), form_data(a, ["5"], 0))
    assert response.status_code == 403
    assert not DistrictReport.objects.exists()
