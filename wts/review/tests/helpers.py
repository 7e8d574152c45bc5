import datetime as dt

from conftest import BANGKOK
from wts.catalog.actions import load_default_catalog
from wts.catalog.models import MissionArea, WorkItem
from wts.rounds.models import Round
from wts.workflow.actions import get_or_create_report, save_area
from wts.workflow.models import DistrictReport, ReportState

DURING_CONFIRM = dt.datetime(2026, 9, 20, 10, 0, tzinfo=BANGKOK)


def fill(world, district, officer, value=10, *, round_=None, values=None):
    """Record every item of every area for a district through the entry action."""
    round_ = round_ or world.round
    report = get_or_create_report(round_, district)
    for area in MissionArea.objects.filter(round=round_).prefetch_related("items").order_by("number"):
        data = {item.pk: (values or {}).get(item.code, value) for item in area.items.all()}
        save_area(report, area, data, acting_user=officer)
    report.refresh_from_db()
    return report


def submitted(world, district=None, officer=None, value=10, values=None):
    from wts.workflow.actions import submit_report

    district = district or world.np_mueang
    officer = officer or world.officer
    report = fill(world, district, officer, value, values=values)
    submit_report(report, acting_user=officer)
    return DistrictReport.objects.select_related("round", "district").get(pk=report.pk)


def reload(report):
    return DistrictReport.objects.select_related("round", "district", "district__province").get(pk=report.pk)


def force_state(report, state):
    DistrictReport.objects.filter(pk=report.pk).update(state=state)
    return reload(report)


def item(world, code="1.01"):
    return WorkItem.objects.select_related("area").get(area__round=world.round, code=code)


def area(world, number=1):
    return MissionArea.objects.prefetch_related("items").get(round=world.round, number=number)


def previous_round(world, fiscal_year=2568, confirmed_values=None):
    """An earlier, closed round with the default catalog and, per district, confirmed values by item code."""
    round_ = Round.objects.create(
        fiscal_year=fiscal_year, title=f"ปีงบประมาณ {fiscal_year}",
        entry_opens_at=dt.datetime(2025, 8, 1, tzinfo=BANGKOK), entry_closes_at=dt.datetime(2025, 9, 15, tzinfo=BANGKOK),
        confirm_opens_at=dt.datetime(2025, 9, 16, tzinfo=BANGKOK),
        confirm_closes_at=dt.datetime(2025, 9, 25, tzinfo=BANGKOK),
    )
    load_default_catalog(round_)
    from wts.workflow.models import ItemValue

    for district, values in (confirmed_values or {}).items():
        report = DistrictReport.objects.create(round=round_, district=district, state=ReportState.CONFIRMED)
        items = {i.code: i for i in WorkItem.objects.filter(area__round=round_)}
        ItemValue.objects.bulk_create(ItemValue(report=report, item=items[code], value=v) for code, v in values.items())
    Round.objects.filter(pk=round_.pk).update(closed_at=dt.datetime(2025, 10, 31, tzinfo=BANGKOK))
    return round_
