"""The effect of a change of standard minutes on the staffing figures, computed from catalog data
and the recorded values reached through the catalog's own relations.

The formula is the one of wts/analytics/staffing.py (analytics sits above catalog, so it cannot be
imported here): for each district, the mean confirmed yearly volume of each item code over the last
N rounds (the round's averaging setting) × standard minutes ÷ 60, times the allowance factor,
divided by the productive hours. A test checks that the national total equals the analysis.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum

from wts.rounds.models import Round
from wts.rounds.states import ReportState

from .models import WorkItem


@dataclass
class StaffingEffect:
    """National FTE needed before and after a change, and how many districts it moves."""

    fte_before: float
    fte_after: float
    districts_affected: int
    rounds_used: list[int]

    @property
    def fte_change(self) -> float:
        return self.fte_after - self.fte_before

    def as_data(self) -> dict:
        return {
            "fte_before": round(self.fte_before, 2), "fte_after": round(self.fte_after, 2),
            "districts_affected": self.districts_affected, "rounds_used": self.rounds_used,
        }


def _volumes(round_: Round):
    """{(district_id, code): mean confirmed volume} over the rounds the round's analysis averages."""
    rounds = list(
        Round.objects.filter(fiscal_year__lte=round_.fiscal_year).order_by("-fiscal_year")[: round_.averaging_rounds]
    )
    codes = list(WorkItem.objects.filter(area__round=round_).values_list("code", flat=True))
    rows = (
        WorkItem.objects.filter(
            area__round__in=rounds, code__in=codes, values__value__isnull=False,
            values__report__state=ReportState.CONFIRMED,
        )
        .values_list("values__report__district_id", "code")
        .annotate(total=Sum("values__value"), n=Count("values__id"))
        .order_by()
    )
    volumes = defaultdict(float)
    for district_id, code, total, n in rows:
        volumes[(district_id, code)] += total / n
    return volumes, [r.fiscal_year for r in rounds]


class StaffingBaseline:
    """The volumes and standard minutes behind the national figure, read once; effects of any
    number of minute changes are then computed without touching the database again."""

    def __init__(self, round_: Round):
        self.minutes = {
            code: float(m) for code, m in WorkItem.objects.filter(area__round=round_).values_list("code", "standard_minutes")
        }
        self.volumes, self.fiscal_years = _volumes(round_)
        self.scale = float(round_.allowance_factor) / float(round_.productive_hours) / 60

    def effect(self, changes: dict, *, minutes: dict | None = None) -> StaffingEffect:
        """National FTE needed now (or with ``minutes`` as the starting point) and with ``changes``
        ({item code: new minutes}) applied; a district is affected when its FTE moves."""
        start = self.minutes if minutes is None else minutes
        after_minutes = {**start, **{code: float(m) for code, m in changes.items()}}
        before = after = 0.0
        affected = set()
        for (district_id, code), volume in self.volumes.items():
            if code not in start:  # renamed in this transaction: no longer matched across rounds
                continue
            before += volume * start[code] * self.scale
            after += volume * after_minutes[code] * self.scale
            if volume and after_minutes[code] != start[code]:
                affected.add(district_id)
        return StaffingEffect(
            fte_before=before, fte_after=after, districts_affected=len(affected), rounds_used=self.fiscal_years
        )

    def accept(self, changes: dict) -> None:
        """The changes were saved: they are the baseline of the next effect."""
        self.minutes.update({code: float(m) for code, m in changes.items()})

    def rename(self, old_code: str, new_code: str) -> None:
        if old_code in self.minutes:
            self.minutes[new_code] = self.minutes.pop(old_code)


def minutes_effect(round_: Round, changes: dict) -> StaffingEffect:
    return StaffingBaseline(round_).effect(changes)
