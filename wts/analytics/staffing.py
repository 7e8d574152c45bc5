"""From workload to staffing, computed live from the recorded values in a fixed number of queries.

For each district, with the catalog of the selected round (items matched across rounds by code):

    volume(item)   = mean of the item's recorded yearly volumes over the last N rounds that hold
                     a counted value for it (a round without one is skipped, not counted as zero)
    hours(area)    = Σ over the area's items  volume × standard minutes per unit ÷ 60
    hours(type)    = Σ over the position type's items  volume × standard minutes per unit ÷ 60
    required(type) = wisn.fte(hours(type), method of the type)
                   = hours(type) ÷ available working time × CAF + IAF   (WHO WISN)
    FTE needed     = Σ over position types required(type)
    gap            = positions filled − FTE needed   (positive: surplus, negative: shortage)

Working time and allowances are settings of each position type of the selected round (the catalog
pages); N is a round setting the user may override. By default only confirmed reports count; on
request every recorded value counts, and each result then says how many reports were not confirmed.
Posts (framework, filled) are per district and position type (DistrictPositions); a district
without any such row counts its old single totals under the round's first type.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from wts.catalog.models import MissionArea, PositionType, WorkItem
from wts.catalog.wisn import (
    METHOD_FIELDS,
    Method,
    available_days,
    fte,
    method_of,
    pressure_class,
    whole_posts,
)
from wts.geography.models import District
from wts.lib.thai_sort import thai_sort_key
from wts.rounds.models import Round
from wts.workflow.models import DistrictReport, ItemValue, ReportState

from .models import DistrictPositions
from .regions import REGIONS, region_key, region_label
from .stats import SIZE_BAND_LABELS, size_band

REGION_ORDER = {key: index for index, key in enumerate(REGIONS)}


@dataclass
class TypeBasis:
    """A position type as the analysis used it: its settings and how many items it holds."""

    code: str
    name: str
    settings: dict
    method: Method
    items: int

    @property
    def available_days(self) -> Decimal:
        return available_days(self.settings)

    @property
    def lacks(self) -> list[str]:
        return [str(_("ไม่มีรายการงานในประเภทตำแหน่งนี้"))] if not self.items else []


@dataclass
class Basis:
    """What a result was computed from, shown with every table, chart and export."""

    round: Round
    rounds_used: list[Round]
    averaging_rounds: int
    include_unconfirmed: bool
    computed_at: object
    position_types: list[TypeBasis] = field(default_factory=list)
    scenario: str = ""
    reports_counted: int = 0
    reports_unconfirmed: int = 0
    districts_total: int = 0
    districts_confirmed: int = 0
    # {number of rounds averaged: districts}: most districts may average fewer rounds than asked
    districts_by_rounds: dict[int, int] = field(default_factory=dict)

    @property
    def productive_hours(self) -> Decimal:
        """The first type's available working time (the old single figure when there is one type)."""
        return Decimal(str(self.position_types[0].method.available_hours)) if self.position_types else Decimal(0)

    @property
    def allowance_factor(self) -> Decimal:
        return (Decimal(str(round(self.position_types[0].method.category_allowance_factor, 3)))
                if self.position_types else Decimal(1))

    @property
    def fiscal_years(self) -> list[int]:
        return [r.fiscal_year for r in self.rounds_used]

    @property
    def missing_rounds(self) -> int:
        """Rounds asked for without data to average (the confirmed history is shorter than N)."""
        return self.averaging_rounds - len(self.rounds_used)


@dataclass
class TypeResult:
    """One district's (or roll-up's) figures for one position type; None where a part is missing."""

    code: str
    hours: float = 0.0
    required: float | None = None
    whole_posts: int | None = None
    framework: int | None = None
    filled: int | None = None
    lacks: list[str] = field(default_factory=list)

    @property
    def difference(self) -> float | None:
        """WISN difference: filled − required (negative: shortage)."""
        return None if self.required is None or self.filled is None else self.filled - self.required

    @property
    def whole_difference(self) -> int | None:
        return None if self.whole_posts is None or self.filled is None else self.filled - self.whole_posts

    @property
    def framework_difference(self) -> int | None:
        return None if self.whole_posts is None or self.framework is None else self.framework - self.whole_posts

    @property
    def ratio(self) -> float | None:
        """WISN ratio: filled ÷ required (under 1: workload pressure)."""
        if self.required is None or self.filled is None or self.required <= 0:
            return None
        return self.filled / self.required

    @property
    def framework_ratio(self) -> float | None:
        if self.required is None or self.framework is None or self.required <= 0:
            return None
        return self.framework / self.required

    @property
    def pressure(self) -> str:
        return pressure_class(self.ratio)[1]

    @property
    def pressure_key(self) -> str:
        return pressure_class(self.ratio)[0]

    @property
    def complete(self) -> bool:
        return not self.lacks


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
    types: dict[str, TypeResult] = field(default_factory=dict)

    @property
    def has_data(self) -> bool:
        return self.fte_needed is not None

    @property
    def whole_posts(self) -> int | None:
        posts = [t.whole_posts for t in self.types.values() if t.whole_posts is not None]
        return sum(posts) if posts else None

    @property
    def lacks(self) -> list[str]:
        return [f"{code}: {lack}" for code, t in self.types.items() for lack in t.lacks]

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
    types: dict[str, TypeResult] = field(default_factory=dict)
    incomplete_districts: int = 0

    def add(self, d: DistrictResult):
        self.districts += 1
        self._add_types(d)
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

    def _add_types(self, d: DistrictResult):
        """Per type: required and whole posts added over the districts with a result, posts over the
        same districts; a district lacking a part counts as incomplete and adds nothing of that type."""
        if d.lacks:
            self.incomplete_districts += 1
        for code, t in d.types.items():
            total = self.types.setdefault(code, TypeResult(code=code, required=0.0, whole_posts=0, framework=0, filled=0))
            if t.required is None or t.filled is None or t.framework is None:
                continue
            total.hours += t.hours
            total.required += t.required
            total.whole_posts += t.whole_posts
            total.framework += t.framework
            total.filled += t.filled

    @property
    def whole_posts(self) -> int:
        return sum(t.whole_posts for t in self.types.values())

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


def position_types_of(round_: Round, type_settings: dict | None = None) -> list[TypeBasis]:
    """The round's position types with their item counts; ``type_settings`` ({code: {field: value}})
    replaces some of their settings (a scenario), never the stored ones."""
    result = []
    for t in PositionType.objects.filter(round=round_).annotate(n=Count("items")).order_by("order", "code"):
        settings = {name: getattr(t, name) for name in METHOD_FIELDS}
        settings.update((type_settings or {}).get(t.code, {}))
        result.append(TypeBasis(code=t.code, name=t.name, settings=settings, method=method_of(settings), items=t.n))
    return result


def district_posts(district_ids, default_code: str) -> dict[int, dict[str, tuple]]:
    """{district pk: {type code: (framework, filled)}}; a district without any row has its old single
    totals (District.positions_framework / positions_filled) under the default type."""
    posts: dict[int, dict[str, tuple]] = defaultdict(dict)
    for district_id, code, framework, filled in DistrictPositions.objects.filter(
        district_id__in=district_ids
    ).values_list("district_id", "position_code", "framework", "filled"):
        posts[district_id][code] = (framework, filled)
    return posts


def analyse(
    round_: Round,
    districts=None,
    *,
    averaging_rounds: int | None = None,
    include_unconfirmed: bool = False,
    now=None,
    minutes: dict | None = None,
    type_settings: dict | None = None,
    scenario: str = "",
) -> StaffingAnalysis:
    """Staffing needs of the given districts (a District queryset, already scoped) for a round.
    ``minutes`` ({item code: standard minutes}) and ``type_settings`` are a scenario's changes."""
    n = averaging_rounds or round_.averaging_rounds
    rounds = rounds_for_average(round_, n, include_unconfirmed=include_unconfirmed)
    round_ids = [r.pk for r in rounds]
    districts = districts if districts is not None else District.objects.all()
    district_ids = districts.values("pk")
    types = position_types_of(round_, type_settings)
    basis = Basis(
        round=round_, rounds_used=rounds, averaging_rounds=n, include_unconfirmed=include_unconfirmed,
        computed_at=now or timezone.now(), position_types=types, scenario=scenario,
    )

    areas = list(MissionArea.objects.filter(round=round_).order_by("number"))
    area_number = {a.pk: a.number for a in areas}
    items = WorkItem.objects.filter(area__round=round_).values_list("code", "area_id", "standard_minutes",
                                                                    "position_type__code")
    default_code = types[0].code if types else ""
    minutes_of = {
        code: (area_number[area_id], float((minutes or {}).get(code, m)), type_code or default_code)
        for code, area_id, m, type_code in items
    }

    results: dict[int, DistrictResult] = {}
    ordered = sorted(districts.select_related("province"),
                     key=lambda d: (thai_sort_key(d.province.name_th), thai_sort_key(d.name_th)))
    for d in ordered:
        results[d.pk] = DistrictResult(
            district=d, region=region_key(d.province), lgo_count=d.lgo_count, hours_by_area={},
            framework=d.positions_framework, filled=d.positions_filled,
        )
    basis.districts_total = len(results)

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

    hours_by_type: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for district_id, code, total, count in volume_aggregates(
        round_ids, district_ids, list(minutes_of), include_unconfirmed
    ):
        result = results.get(district_id)
        if result is None:
            continue
        number, item_minutes, type_code = minutes_of[code]
        hours = total / count * item_minutes / 60
        result.hours_by_area[number] = result.hours_by_area.get(number, 0.0) + hours
        hours_by_type[district_id][type_code] += hours

    posts = district_posts(list(results), default_code)
    nation = Rollup(key="", label="")
    provinces: dict[int, Rollup] = {}
    regions: dict[str, Rollup] = {}
    for result in results.values():
        result.fiscal_years.sort(reverse=True)
        own = posts.get(result.district.pk) or {default_code: (result.framework, result.filled)}
        has_data = bool(result.fiscal_years)
        for t in types:
            framework, filled = own.get(t.code, (None, None))
            type_result = TypeResult(code=t.code, framework=framework, filled=filled, lacks=list(t.lacks))
            if filled is None:
                type_result.lacks.append(_("ไม่มีข้อมูลคนครอง"))
            if framework is None:
                type_result.lacks.append(_("ไม่มีข้อมูลตำแหน่งตามกรอบ"))
            if not has_data:
                type_result.lacks.append(_("ไม่มีข้อมูลปริมาณงานที่ใช้ได้"))
            elif t.items:
                type_result.hours = hours_by_type[result.district.pk].get(t.code, 0.0)
                type_result.required = fte(type_result.hours, t.method)
                type_result.whole_posts = whole_posts(type_result.required, has_workload=type_result.hours > 0)
            result.types[t.code] = type_result
        result.framework = sum(f for f, _filled in own.values() if f is not None)
        result.filled = sum(f for _framework, f in own.values() if f is not None)
        if has_data:
            result.hours = sum(result.hours_by_area.values())
            by_code = {t.code: t for t in types}
            result.hours_with_allowance = sum(
                tr.hours * by_code[code].method.category_allowance_factor for code, tr in result.types.items()
            )
            result.fte_needed = sum(tr.required for tr in result.types.values() if tr.required is not None)
            basis.districts_confirmed += 1
            k = len(result.fiscal_years)
            basis.districts_by_rounds[k] = basis.districts_by_rounds.get(k, 0) + 1
        province = result.district.province
        provinces.setdefault(province.pk, Rollup(key=province.code, label=province.name_th)).add(result)
        regions.setdefault(result.region, Rollup(key=result.region, label=region_label(result.region))).add(result)
        nation.add(result)

    return StaffingAnalysis(
        basis=basis,
        areas=areas,
        districts=list(results.values()),
        provinces=sorted(provinces.values(), key=lambda r: thai_sort_key(r.label)),
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
