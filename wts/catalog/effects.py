"""The effect of a change of standard minutes on the staffing figures, computed from catalog data
and the recorded values reached through the catalog's own relations.

The volumes are read as wts/analytics/staffing.py reads them (analytics sits above catalog, so it
cannot be imported here): for each district, the mean confirmed yearly volume of each item code over
the last N rounds (the round's averaging setting) × standard minutes ÷ 60, added up per position
type; the staff needed is then ``wisn.fte()`` of those hours with the type's method, the one
function the analysis calls too. A test checks that the national total equals the analysis.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum

from wts.rounds.models import Round
from wts.rounds.states import ReportState

from .models import PositionType, WorkItem
from .wisn import fte, method_of


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
    """The volumes, standard minutes and position types behind the national figure, read once;
    effects of any number of minute changes are then computed without touching the database again."""

    def __init__(self, round_: Round, *, methods: dict | None = None):
        items = WorkItem.objects.filter(area__round=round_).values_list("code", "standard_minutes", "position_type_id")
        self.minutes = {}
        self.type_of = {}
        for code, m, type_id in items:
            self.minutes[code] = float(m)
            self.type_of[code] = type_id
        self.methods = methods if methods is not None else {
            t.pk: method_of(t) for t in PositionType.objects.filter(round=round_)
        }
        self.volumes, self.fiscal_years = _volumes(round_)
        self.by_district = defaultdict(list)
        for (district_id, code), volume in self.volumes.items():
            self.by_district[district_id].append((code, volume))

    def national_fte(self, minutes: dict) -> tuple[float, dict]:
        """National staff needed with these minutes, and each district's figure."""
        types_with_items = {self.type_of[code] for code in minutes if self.type_of.get(code) in self.methods}
        total = 0.0
        per_district = {}
        for district_id, volumes in self.by_district.items():
            hours = dict.fromkeys(types_with_items, 0.0)
            for code, volume in volumes:
                if code in minutes and self.type_of.get(code) in hours:
                    hours[self.type_of[code]] += volume * minutes[code] / 60
            needed = sum(fte(h, self.methods[type_id]) for type_id, h in hours.items())
            per_district[district_id] = needed
            total += needed
        return total, per_district

    def effect(self, changes: dict, *, minutes: dict | None = None) -> StaffingEffect:
        """National FTE needed now (or with ``minutes`` as the starting point) and with ``changes``
        ({item code: new minutes}) applied; a district is affected when its FTE moves."""
        start = self.minutes if minutes is None else minutes
        after_minutes = {**start, **{code: float(m) for code, m in changes.items()}}
        before, before_each = self.national_fte(start)
        after, after_each = self.national_fte(after_minutes)
        affected = sum(1 for d, v in before_each.items() if abs(after_each[d] - v) > 1e-12)
        return StaffingEffect(
            fte_before=before, fte_after=after, districts_affected=affected, rounds_used=self.fiscal_years
        )

    def accept(self, changes: dict) -> None:
        """The changes were saved: they are the baseline of the next effect."""
        self.minutes.update({code: float(m) for code, m in changes.items()})

    def rename(self, old_code: str, new_code: str) -> None:
        if old_code in self.minutes:
            self.minutes[new_code] = self.minutes.pop(old_code)
            self.type_of[new_code] = self.type_of.pop(old_code)


def minutes_effect(round_: Round, changes: dict) -> StaffingEffect:
    return StaffingBaseline(round_).effect(changes)
