"""The save of an area's values (wts/workflow/actions.py), called as the page, the API and the import
call it: the window, the scope and the first save's report hold on every path."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from conftest import ENTRY_CLOSES
from wts.catalog.models import MissionArea
from wts.workflow.actions import get_or_create_report, save_area
from wts.workflow.models import DistrictReport, ItemValue, ReportState
from wts.workflow.rules import EditRefused

ONE_SECOND = dt.timedelta(seconds=1)


def area(world, number=1):
    return MissionArea.objects.prefetch_related("items").get(round=world.round, number=number)



def test_the_action_refuses_outside_the_window_whatever_the_caller(world, time_machine):
    time_machine.move_to(ENTRY_CLOSES + ONE_SECOND, tick=False)
    report = get_or_create_report(world.round, world.np_mueang)
    a = area(world)
    item = a.items.first()
    with pytest.raises(EditRefused):
        save_area(report, a, {item.pk: 3}, acting_user=world.officer, source="api")
    assert not ItemValue.objects.exists()


def test_another_districts_officer_cannot_save_through_the_action(world, during_entry):
    report = get_or_create_report(world.round, world.np_mueang)
    a = area(world)
    with pytest.raises(PermissionDenied):
        save_area(report, a, {a.items.first().pk: 3}, acting_user=world.officer_np2)
    assert not ItemValue.objects.exists()


def test_a_first_save_through_the_action_creates_the_report(world, during_entry):
    a = area(world)
    result = save_area(DistrictReport(round=world.round, district=world.np_mueang), a, {a.items.first().pk: 5},
                       acting_user=world.officer)
    assert result.report.pk == DistrictReport.objects.get(district=world.np_mueang).pk
    assert result.report.state == ReportState.IN_PROGRESS and result.changed == 1
