"""What is still open in a round: shown on the close page and kept in the close's audit row
(`close_round` in wts/workflow/actions.py). It sits in the workflow, not in rounds, because what is
open is the workflow's count of districts by state (wts/workflow/progress.py), which rounds, a lower
layer, cannot read. Reopening a round needs no count and stays in wts/rounds/actions.py.
"""

from dataclasses import dataclass

from wts.geography.models import Province
from wts.lib.thai_sort import thai_sorted

from .models import ReportState
from .progress import DistrictCounts, district_counts, national_counts


@dataclass
class ProvinceOpenWork:
    province: Province
    counts: dict  # report state → number of districts

    @property
    def open_count(self) -> int:
        return sum(self.counts.values()) - self.counts[ReportState.CONFIRMED]


@dataclass
class CloseSummary:
    """What is still open in a round, in total and for each province with work still open (in
    Thai alphabetical order)."""

    nation: DistrictCounts
    provinces: list[ProvinceOpenWork]

    @property
    def totals(self) -> dict:
        return self.nation.by_state()

    @property
    def district_count(self) -> int:
        return self.nation.total

    @property
    def open_count(self) -> int:
        return self.nation.open

    @property
    def confirmed_count(self) -> int:
        return self.nation.confirmed

    def as_data(self) -> dict:
        return {"totals": self.totals, "open": self.open_count,
                "by_province": {p.province.code: p.counts for p in self.provinces}}


def close_summary(round_) -> CloseSummary:
    """The districts not started, in progress, submitted but unconfirmed, returned and confirmed
    (the one count of wts/workflow/progress.py), with the provinces that still have open work."""
    counts = district_counts(round_)
    provinces = [
        ProvinceOpenWork(province, counts[province.pk].by_state())
        for province in thai_sorted(Province.objects.filter(pk__in=list(counts)), key=lambda p: p.name_th)
        if counts[province.pk].open
    ]
    return CloseSummary(nation=national_counts(counts), provinces=provinces)
