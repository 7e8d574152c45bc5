"""Put districts in a known state for the boards, without going through the entry pages."""

import datetime as dt

from django.utils import timezone

from wts.catalog.models import MissionArea
from wts.workflow.models import AreaReport, AreaStatus, DistrictReport, ReportState


def record(round_, district, *, complete=0, partial=0, state=None, by=None, at=None, submitted_at=None,
           confirmed_at=None) -> DistrictReport:
    """`complete` areas recorded in full and `partial` areas started, in area order."""
    at = at or timezone.now()
    areas = list(MissionArea.objects.filter(round=round_).order_by("number"))
    started = complete + partial
    if state is None:
        state = ReportState.IN_PROGRESS if started else ReportState.NOT_STARTED
    report, _ = DistrictReport.objects.update_or_create(
        round=round_, district=district,
        defaults=dict(state=state, areas_started=started, areas_complete=complete, last_changed_at=at if started else None,
                      last_changed_by=by, submitted_at=submitted_at, confirmed_at=confirmed_at),
    )
    AreaReport.objects.filter(report=report).delete()
    rows = []
    for index, area in enumerate(areas):
        if index < complete:
            status = AreaStatus.COMPLETE
        elif index < started:
            status = AreaStatus.IN_PROGRESS
        else:
            continue
        rows.append(AreaReport(report=report, area=area, status=status, filled_count=1, updated_at=at, updated_by=by))
    AreaReport.objects.bulk_create(rows)
    return report


def submitted(round_, district, *, by=None, at=None):
    at = at or timezone.now()
    n = MissionArea.objects.filter(round=round_).count()
    return record(round_, district, complete=n, state=ReportState.SUBMITTED, by=by, at=at - dt.timedelta(hours=1),
                  submitted_at=at)


def confirmed(round_, district, *, by=None, at=None):
    at = at or timezone.now()
    n = MissionArea.objects.filter(round=round_).count()
    return record(round_, district, complete=n, state=ReportState.CONFIRMED, by=by, at=at - dt.timedelta(days=1),
                  submitted_at=at - dt.timedelta(hours=5), confirmed_at=at)
