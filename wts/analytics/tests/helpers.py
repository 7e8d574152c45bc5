"""Small rounds with figures set by hand, so every expected number can be worked out on paper."""

import datetime as dt
from decimal import Decimal

from wts.catalog.actions import load_default_catalog
from wts.catalog.models import WorkItem
from wts.lib.thai import BANGKOK
from wts.rounds.models import Round
from wts.workflow.models import DistrictReport, ItemValue, ReportState


def make_round(fiscal_year: int, **settings) -> Round:
    ce = fiscal_year - 543
    round_ = Round.objects.create(
        fiscal_year=fiscal_year, title=f"ปีงบประมาณ {fiscal_year}",
        entry_opens_at=dt.datetime(ce, 8, 1, tzinfo=BANGKOK), entry_closes_at=dt.datetime(ce, 9, 15, tzinfo=BANGKOK),
        confirm_opens_at=dt.datetime(ce, 9, 16, tzinfo=BANGKOK),
        confirm_closes_at=dt.datetime(ce, 9, 25, tzinfo=BANGKOK), **settings,
    )
    load_default_catalog(round_)
    return round_


def set_minutes(round_: Round, minutes: dict[str, int]):
    """Give items round numbers of standard minutes (the defaults are realistic but awkward to add up)."""
    for code, value in minutes.items():
        WorkItem.objects.filter(area__round=round_, code=code).update(standard_minutes=Decimal(value))


def record(round_: Round, district, values: dict[str, int | None], state=ReportState.CONFIRMED) -> DistrictReport:
    """A district's report in a state, holding exactly these values by item code."""
    report, _created = DistrictReport.objects.get_or_create(round=round_, district=district)
    report.state = state
    report.save()
    items = dict(WorkItem.objects.filter(area__round=round_).values_list("code", "pk"))
    for code, value in values.items():
        ItemValue.objects.update_or_create(report=report, item_id=items[code], defaults={"value": value})
    return report
