"""From workload to staffing, computed live from the recorded values in a fixed number of queries.

For each district, with the catalog of the selected round (items matched across rounds by code):

    volume(item)   = mean of the item's recorded yearly volumes over the last N rounds that hold
                     a counted value for it (a round without one is skipped, not counted as zero)
    hours(area)    = Σ over the area's items  volume × standard minutes per unit ÷ 60
    hours          = Σ over areas hours(area)
    FTE needed     = hours × allowance factor (CAF) ÷ productive hours per person-year
    gap            = positions filled − FTE needed   (positive: surplus, negative: shortage)

Productive hours, CAF and N are settings of the selected round; the user may choose another N.
By default only confirmed reports count; on request every recorded value counts, and each result
then says how many of its reports were not confirmed.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Sum
from django.utils import timezone

from wts.catalog.models import MissionArea, WorkItem
from wts.geography.models import District
from wts.lib.thai_sort import thai_sort_key
from wts.rounds.models import Round
from wts.workflow.models import DistrictReport, ItemValue, ReportState

from .regions import REGIONS, region_key, region_label
from .stats import SIZE_BAND_LABELS, size_band

REGION_ORDER = {key: index for index, key in enumerate(REGIONS)}


@dataclass
class Basis:
    """What a result was computed from, shown with every table, chart and export."""

    round: Round
    rounds_used: list[Round]
    averaging_rounds: int
    include_unconfirmed: bool
    productive_hours: Decimal
    allowance_factor: Decimal
    computed_at: object
    reports_counted: int = 0
    reports_unconfirmed: int = 0

    @property
    def fiscal_years(self) -> list[int]:
        return [r.fiscal_year for r in self.rounds_used]

    @property
    def missing_rounds(self) -> int:
        """Rounds asked for without data to average (the confirmed history is shorter than N)."""
        return self.averaging_rounds - len(self.rounds_used)


@dataclass
class DistrictResult:
    district: District
    region: str
    lgo_count: int
    hours_by_area: dict[int, float]
    framework: int
    filled: int
    fiscal_years: list[int] = field(default_factory=list)
    unconfirmed_reports: int = 0
    hours: float = 0.0
    hours_with_allowance: float = 0.0
    fte_needed: float | None = None

    @property
    def has_data(self) -> bool:
        return self.fte_needed is not None

    @property
    def size_band(self) -> str:
        return size_band(self.lgo_count)

    @property
    def size_band_label(self) -> str:
        return str(SIZE_BAND_LABELS[self.size_band])

    @property
    def gap_filled(self) -> float | None:
        return None if self.fte_needed is None else self.filled - self.fte_needed

    @property
    def gap_framework(self) -> float | None:
        return None if self.fte_needed is None else self.framework - self.fte_needed

    @property
    def hours_per_lgo(self) -> float | None:
        if self.fte_needed is None or self.lgo_count == 0:
            return None
        return self.hours / self.lgo_count


@dataclass
class Rollup:
    """Districts added up (a province, a region, the nation). Gaps only over districts with data,
    so a district without figures neither hides a shortage nor invents a surplus."""

    key: str
    label: str
    districts: int = 0
    districts_with_data: int = 0
    unconfirmed_districts: int = 0
    hours_by_area: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    hours: float = 0.0
    hours_with_allowance: float = 0.0
    fte_needed: float = 0.0
    framework: int = 0
    filled: int = 0
    framework_with_data: int = 0
    filled_with_data: int = 0
    shortage: float = 0.0
    surplus: float = 0.0
    lgo_count: int = 0

    def add(self, d: DistrictResult):
        self.districts += 1
        self.framework += d.framework
        self.filled += d.filled
        self.lgo_count += d.lgo_count
        if not d.has_data:
            return
        self.districts_with_data += 1
        self.unconfirmed_districts += 1 if d.unconfirmed_reports else 0
        for number, hours in d.hours_by_area.items():
            self.hours_by_area[number] += hours
        self.hours += d.hours
        self.hours_with_allowance += d.hours_with_allowance
        self.fte_needed += d.fte_needed
        self.framework_with_data += d.framework
        self.filled_with_data += d.filled
        if d.gap_filled < 0:
            self.shortage += -d.gap_filled
        else:
            self.surplus += d.gap_filled

    @property
    def has_data(self) -> bool:
        return self.districts_with_data > 0

    @property
    def gap_filled(self) -> float | None:
        return self.filled_with_data - self.fte_needed if self.has_data else None

    @property
    def gap_framework(self) -> float | None:
        return self.framework_with_data - self.fte_needed if self.has_data else None


@dataclass
class StaffingAnalysis:
    basis: Basis
    areas: list[MissionArea]
    districts: list[DistrictResult]
    provinces: list[Rollup]
    regions: list[Rollup]
    nation: Rollup


def rounds_for_average(round_: Round, n: int, *, include_unconfirmed: bool = True) -> list[Round]:
    """The selected round and the ones before it, newest first, at most n. Counting confirmed data
    only, a round without a confirmed report (the open one) is skipped rather than averaged as
    nothing, so the n rounds printed are the n rounds used."""
    rounds = Round.objects.filter(fiscal_year__lte=round_.fiscal_year)
    if not include_unconfirmed:
        rounds = rounds.filter(
            Exists(DistrictReport.objects.filter(round=OuterRef("pk"), state=ReportState.CONFIRMED))
        )
    return list(rounds.order_by("-fiscal_year")[:n])


def volume_aggregates(round_ids, district_ids_qs, codes, include_unconfirmed: bool):
    """One row per (district, item code): sum and number of counted values over the rounds, and how
    many of them come from reports not confirmed. The heavy lifting is one GROUP BY in SQL."""
    qs = ItemValue.objects.filter(
        report__round_id__in=round_ids, report__district_id__in=district_ids_qs, value__isnull=False,
        item__code__in=codes,
    )
    if not include_unconfirmed:
        qs = qs.filter(report__state=ReportState.CONFIRMED)
    return (
        qs.values_list("report__district_id", "item__code")
        .annotate(total=Sum("value"), n=Count("id"))
        .order_by()
    )


def analyse(
    round_: Round,
    districts=None,
    *,
    averaging_rounds: int | None = None,
    include_unconfirmed: bool = False,
    now=None,
) -> StaffingAnalysis:
    """Staffing needs of the given districts (a District queryset, already scoped) for a round."""
    n = averaging_rounds or round_.averaging_rounds
    rounds = rounds_for_average(round_, n, include_unconfirmed=include_unconfirmed)
    round_ids = [r.pk for r in rounds]
    districts = districts if districts is not None else District.objects.all()
    district_ids = districts.values("pk")
    basis = Basis(
        round=round_, rounds_used=rounds, averaging_rounds=n, include_unconfirmed=include_unconfirmed,
        productive_hours=round_.productive_hours, allowance_factor=round_.allowance_factor,
        computed_at=now or timezone.now(),
    )

    areas = list(MissionArea.objects.filter(round=round_).order_by("number"))
    area_number = {a.pk: a.number for a in areas}
    items = list(WorkItem.objects.filter(area__round=round_).values_list("code", "area_id", "standard_minutes"))
    minutes_of = {code: (area_number[area_id], float(minutes)) for code, area_id, minutes in items}

    results: dict[int, DistrictResult] = {}
    ordered = sorted(districts.select_related("province"),
                     key=lambda d: (thai_sort_key(d.province.name_th), thai_sort_key(d.name_th)))
    for d in ordered:
        results[d.pk] = DistrictResult(
            district=d, region=region_key(d.province), lgo_count=d.lgo_count, hours_by_area={},
            framework=d.positions_framework, filled=d.positions_filled,
        )

    reports = DistrictReport.objects.filter(
        Exists(ItemValue.objects.filter(report=OuterRef("pk"), value__isnull=False)),
        round_id__in=round_ids, district_id__in=district_ids,
    )
    if not include_unconfirmed:
        reports = reports.filter(state=ReportState.CONFIRMED)
    fiscal_year_of = {r.pk: r.fiscal_year for r in rounds}
    for district_id, round_id, state in reports.values_list("district_id", "round_id", "state"):
        result = results.get(district_id)
        if result is None:
            continue
        result.fiscal_years.append(fiscal_year_of[round_id])
        basis.reports_counted += 1
        if state != ReportState.CONFIRMED:
            result.unconfirmed_reports += 1
            basis.reports_unconfirmed += 1

    for district_id, code, total, count in volume_aggregates(
        round_ids, district_ids, list(minutes_of), include_unconfirmed
    ):
        result = results.get(district_id)
        if result is None:
            continue
        number, minutes = minutes_of[code]
        hours = total / count * minutes / 60
        result.hours_by_area[number] = result.hours_by_area.get(number, 0.0) + hours

    productive = float(round_.productive_hours)
    caf = float(round_.allowance_factor)
    nation = Rollup(key="", label="")
    provinces: dict[int, Rollup] = {}
    regions: dict[str, Rollup] = {}
    for result in results.values():
        result.fiscal_years.sort(reverse=True)
        if result.fiscal_years:
            result.hours = sum(result.hours_by_area.values())
            result.hours_with_allowance = result.hours * caf
            result.fte_needed = result.hours_with_allowance / productive
        province = result.district.province
        provinces.setdefault(province.pk, Rollup(key=province.code, label=province.name_th)).add(result)
        regions.setdefault(result.region, Rollup(key=result.region, label=region_label(result.region))).add(result)
        nation.add(result)

    return StaffingAnalysis(
        basis=basis,
        areas=areas,
        districts=list(results.values()),
        provinces=sorted(provinces.values(), key=lambda r: r.key),
        regions=sorted(regions.values(), key=lambda r: REGION_ORDER.get(r.key, len(REGION_ORDER))),
        nation=nation,
    )


def lgo_total():
    """The number of local government organisations a district supervises, as a query expression."""
    return F("pao_count") + F("municipality_count") + F("sao_count")


def default_round():
    """The latest round holding confirmed data, else the latest round."""
    latest_confirmed = (
        Round.objects.filter(Exists(DistrictReport.objects.filter(round=OuterRef("pk"), state=ReportState.CONFIRMED)))
        .order_by("-fiscal_year")
        .first()
    )
    return latest_confirmed or Round.objects.order_by("-fiscal_year").first()
