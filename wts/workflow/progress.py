"""How many districts of each province stand where in a round: the one count that the national
board, the department's status report and letters, the weekly digest, the round's close page and
the review index all read.

Every district of a province is in exactly one of five places, and they add up to its total:

- not started: nothing recorded (no report, or a report with no area started);
- in progress: something recorded, not yet sent to the province (whatever the number of areas);
- submitted, returned, confirmed: the report's state.

Besides, `all_areas` counts the districts with every area of the round complete (whatever their
state): the letter's rule that makes a province "complete" (wts/monitoring/status.py).

Three queries, whatever the number of provinces: the round's areas, the districts per province,
one aggregate of the round's reports grouped by province.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from wts.geography.models import District

from .models import DistrictReport, ReportState
from .queries import area_count

SENT = [ReportState.SUBMITTED, ReportState.RETURNED, ReportState.CONFIRMED]


@dataclass(frozen=True)
class DistrictCounts:
    """The districts of one province (or of the nation, summed) in a round."""

    total: int = 0
    started: int = 0
    all_areas: int = 0
    submitted: int = 0
    returned: int = 0
    confirmed: int = 0
    last_change: dt.datetime | None = None

    @property
    def not_started(self) -> int:
        return self.total - self.started

    @property
    def in_progress(self) -> int:
        """Recorded something and not yet sent: neither submitted, returned nor confirmed."""
        return self.started - self.submitted - self.returned - self.confirmed

    @property
    def open(self) -> int:
        """Everything that is not confirmed yet."""
        return self.total - self.confirmed

    def by_state(self) -> dict[str, int]:
        """{report state: number of districts}, the five places adding up to the total."""
        return {
            ReportState.NOT_STARTED.value: self.not_started, ReportState.IN_PROGRESS.value: self.in_progress,
            ReportState.SUBMITTED.value: self.submitted, ReportState.RETURNED.value: self.returned,
            ReportState.CONFIRMED.value: self.confirmed,
        }

    def __add__(self, other: "DistrictCounts") -> "DistrictCounts":
        changes = [c for c in (self.last_change, other.last_change) if c is not None]
        return DistrictCounts(
            total=self.total + other.total, started=self.started + other.started,
            all_areas=self.all_areas + other.all_areas, submitted=self.submitted + other.submitted,
            returned=self.returned + other.returned, confirmed=self.confirmed + other.confirmed,
            last_change=max(changes) if changes else None,
        )


def _latest(*values):
    present = [v for v in values if v is not None]
    return max(present) if present else None


def district_counts(round_, *, areas: int | None = None) -> dict[int, DistrictCounts]:
    """{province id: its DistrictCounts} for every province that has districts (3 queries; 2 when
    the caller already knows the round's number of areas)."""
    areas = area_count(round_) if areas is None else areas
    started = Q(areas_started__gt=0) | Q(state__in=SENT)
    aggregates = {
        row["district__province_id"]: row
        for row in DistrictReport.objects.filter(round=round_)
        .values("district__province_id")
        .annotate(
            started=Count("id", filter=started),
            all_areas=Count("id", filter=Q(areas_complete__gte=areas) if areas else Q(pk__in=[])),
            submitted=Count("id", filter=Q(state=ReportState.SUBMITTED)),
            returned=Count("id", filter=Q(state=ReportState.RETURNED)),
            confirmed=Count("id", filter=Q(state=ReportState.CONFIRMED)),
            last_changed=Max("last_changed_at"), last_submitted=Max("submitted_at"),
            last_confirmed=Max("confirmed_at"),
        )
        .order_by()
    }
    counts = {}
    for province_id, total in District.objects.values_list("province_id").annotate(n=Count("id")).order_by():
        agg = aggregates.get(province_id, {})
        counts[province_id] = DistrictCounts(
            total=total, started=agg.get("started", 0), all_areas=agg.get("all_areas", 0),
            submitted=agg.get("submitted", 0), returned=agg.get("returned", 0), confirmed=agg.get("confirmed", 0),
            last_change=_latest(agg.get("last_changed"), agg.get("last_submitted"), agg.get("last_confirmed")),
        )
    return counts


def national_counts(counts: dict[int, DistrictCounts]) -> DistrictCounts:
    """The nation's figures: the provinces' counts summed."""
    return sum(counts.values(), DistrictCounts())
