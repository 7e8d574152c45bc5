"""Live completion figures for the boards and the official status report.

Everything is computed from DistrictReport counters in a fixed number of queries, whatever the
number of provinces and districts: one aggregate grouped by province, one count of districts
per province, one read of the provinces.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wts.catalog.models import MissionArea
from wts.geography.models import District, Province
from wts.lib.thai import BANGKOK, days_left
from wts.lib.thai_sort import thai_sort_key
from wts.rounds.deadlines import deadlines_for_districts
from wts.workflow.models import AreaReport, AreaStatus, DistrictReport, ReportState
from wts.workflow.progress import DistrictCounts, district_counts
from wts.workflow.queries import area_count

from .models import Reminder


class Progress:
    """The three classes of the department's status report, for a province or a district."""

    COMPLETE = "complete"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"

    LABELS = {
        COMPLETE: _("ทถอ. บันทึกข้อมูลครบ"),
        IN_PROGRESS: _("ทถอ. อยู่ระหว่างการบันทึก"),
        NOT_STARTED: _("ทถอ. ยังไม่บันทึกข้อมูล"),
    }
    DISTRICT_LABELS = {
        COMPLETE: _("บันทึกข้อมูลครบ"),
        IN_PROGRESS: _("อยู่ระหว่างการบันทึก"),
        NOT_STARTED: _("ยังไม่บันทึกข้อมูล"),
    }
    ORDER = [COMPLETE, IN_PROGRESS, NOT_STARTED]


def classify_province(districts_total: int, districts_started: int, districts_all_areas: int) -> str:
    """The letter's rule: complete when every district has all areas, not started when none has
    started anything, in progress otherwise. A province without districts has nothing recorded."""
    if districts_total and districts_all_areas >= districts_total:
        return Progress.COMPLETE
    if districts_started == 0:
        return Progress.NOT_STARTED
    return Progress.IN_PROGRESS


def classify_district(areas_started: int, areas_complete: int, area_count: int) -> str:
    if area_count and areas_complete >= area_count:
        return Progress.COMPLETE
    if areas_started == 0:
        return Progress.NOT_STARTED
    return Progress.IN_PROGRESS


@dataclass(frozen=True)
class ProvinceRow(DistrictCounts):
    """A province's line on the national board: its DistrictCounts (wts/workflow/progress.py), the
    letter's class and the department's latest reminder."""

    province: Province | None = None
    status: str = Progress.NOT_STARTED
    last_reminder: object = None

    @property
    def status_label(self):
        return Progress.LABELS[self.status]

    @property
    def percent_all_areas(self) -> int:
        return round(100 * self.all_areas / self.total) if self.total else 0


_TOTALS = ["total", "started", "all_areas", "not_started", "in_progress", "submitted", "returned", "confirmed"]


@dataclass
class NationalStatus:
    round: object
    area_count: int
    rows: list[ProvinceRow]
    updated_at: dt.datetime | None
    counts: dict = field(default_factory=dict)

    @property
    def class_counts(self):
        return [(key, Progress.LABELS[key], self.counts.get(key, 0)) for key in Progress.ORDER]

    def totals(self) -> dict:
        total = sum(self.rows, DistrictCounts())
        return {name: getattr(total, name) for name in _TOTALS}


def area_count_of(round_) -> int:
    """How many mission areas the round's catalog has (the letters name them: "จำนวน ๘ ด้าน")."""
    return MissionArea.objects.filter(round=round_).count()


def _latest(*values):
    present = [v for v in values if v is not None]
    return max(present) if present else None


def national_status(round_, provinces=None) -> NationalStatus:
    """Every province's figures for the round, in Thai alphabetical order (5 queries)."""
    areas = area_count(round_)
    provinces = list(provinces if provinces is not None else Province.objects.all())
    counts = district_counts(round_, areas=areas)
    # The department's latest reminder to each province (district reminders are on the province board).
    last_reminders = {}
    for reminder in Reminder.objects.filter(round=round_, district__isnull=True).select_related("sent_by"):
        last_reminders.setdefault(reminder.province_id, reminder)
    rows = []
    for province in provinces:
        c = counts.get(province.pk, DistrictCounts())
        rows.append(ProvinceRow(**vars(c), province=province, status=classify_province(c.total, c.started, c.all_areas),
                                last_reminder=last_reminders.get(province.pk)))
    rows.sort(key=lambda r: thai_sort_key(r.province.name_th))
    classes = {key: sum(1 for r in rows if r.status == key) for key in Progress.ORDER}
    return NationalStatus(
        round=round_, area_count=areas, rows=rows, counts=classes,
        updated_at=_latest(*(r.last_change for r in rows)),
    )


NATIONAL_SORTS = {
    "name": lambda r: thai_sort_key(r.province.name_th),
    "code": lambda r: r.province.code,
    "status": lambda r: (Progress.ORDER.index(r.status), thai_sort_key(r.province.name_th)),
    "progress": lambda r: (-r.percent_all_areas, -r.started, thai_sort_key(r.province.name_th)),
    "lagging": lambda r: (r.percent_all_areas, r.started, thai_sort_key(r.province.name_th)),
    "updated": lambda r: (-(r.last_change.timestamp() if r.last_change else 0), thai_sort_key(r.province.name_th)),
}


@dataclass
class AreaCell:
    number: int
    status: str


@dataclass
class DistrictRow:
    district: District
    report: DistrictReport | None
    areas: list[AreaCell]
    deadlines: object
    status: str
    entry_days_left: int | None = None
    confirm_days_left: int | None = None
    last_reminder: object = None

    @property
    def state(self) -> str:
        return self.report.state if self.report else ReportState.NOT_STARTED

    @property
    def state_label(self):
        return ReportState(self.state).label

    @property
    def status_label(self):
        return Progress.DISTRICT_LABELS[self.status]

    @property
    def areas_complete(self) -> int:
        return self.report.areas_complete if self.report else 0

    @property
    def is_late(self) -> bool:
        """Not yet submitted although the entry deadline has passed."""
        return self.state in {ReportState.NOT_STARTED, ReportState.IN_PROGRESS, ReportState.RETURNED} and (
            self.entry_days_left is not None and self.entry_days_left < 0
        )

    @property
    def entry_done(self) -> bool:
        return self.state in {ReportState.SUBMITTED, ReportState.CONFIRMED}

    @property
    def confirm_done(self) -> bool:
        return self.state == ReportState.CONFIRMED

    @property
    def needs_follow_up(self) -> bool:
        """Still has work to do on the district side: a candidate for a reminder."""
        return self.state in {ReportState.NOT_STARTED, ReportState.IN_PROGRESS, ReportState.RETURNED}


@dataclass
class ProvinceStatus:
    round: object
    province: Province
    areas: list
    rows: list[DistrictRow]
    updated_at: dt.datetime | None

    @property
    def counts(self) -> dict:
        return {key: sum(1 for r in self.rows if r.status == key) for key in Progress.ORDER}

    @property
    def class_counts(self):
        counts = self.counts
        return [(key, Progress.DISTRICT_LABELS[key], counts.get(key, 0)) for key in Progress.ORDER]

    @property
    def status(self) -> str:
        started = sum(1 for r in self.rows if r.status != Progress.NOT_STARTED)
        complete = sum(1 for r in self.rows if r.status == Progress.COMPLETE)
        return classify_province(len(self.rows), started, complete)

    def state_count(self, state) -> int:
        return sum(1 for r in self.rows if r.state == state)


def province_status(round_, province, now=None) -> ProvinceStatus:
    """One province's districts × areas with state, last change, deadlines and last reminder
    (a fixed number of queries whatever the number of districts)."""
    now = now or timezone.now()
    areas = list(MissionArea.objects.filter(round=round_).order_by("number").values_list("pk", "number", "name"))
    districts = thai_sorted_districts(District.objects.filter(province=province))
    reports = {
        r.district_id: r
        for r in DistrictReport.objects.filter(round=round_, district__province=province).select_related(
            "last_changed_by", "confirmed_by"
        )
    }
    area_status = {
        (report_id, area_id): status
        for report_id, area_id, status in AreaReport.objects.filter(
            report__round=round_, report__district__province=province
        ).values_list("report_id", "area_id", "status")
    }
    deadlines = deadlines_for_districts(round_, districts)
    last_reminders = {}
    for reminder in Reminder.objects.filter(round=round_, province=province, district__isnull=False).select_related(
        "sent_by"
    ):
        last_reminders.setdefault(reminder.district_id, reminder)
    rows = []
    for district in districts:
        report = reports.get(district.pk)
        cells = [
            AreaCell(number, area_status.get((report.pk, area_id), AreaStatus.NOT_STARTED) if report else AreaStatus.NOT_STARTED)
            for area_id, number, _name in areas
        ]
        started = sum(1 for c in cells if c.status != AreaStatus.NOT_STARTED)
        complete = sum(1 for c in cells if c.status == AreaStatus.COMPLETE)
        d = deadlines[district.pk]
        rows.append(
            DistrictRow(
                district=district, report=report, areas=cells, deadlines=d,
                status=classify_district(started, complete, len(areas)),
                entry_days_left=days_left(d.entry_closes_at, now), confirm_days_left=days_left(d.confirm_closes_at, now),
                last_reminder=last_reminders.get(district.pk),
            )
        )
    updated = _latest(
        *(
            _latest(r.report.last_changed_at, r.report.submitted_at, r.report.confirmed_at)
            for r in rows
            if r.report
        )
    )
    return ProvinceStatus(round=round_, province=province, areas=areas, rows=rows, updated_at=updated)


def thai_sorted_districts(queryset):
    return sorted(queryset, key=lambda d: thai_sort_key(d.name_th))


def progress_series(round_, province=None) -> dict:
    """Cumulative areas recorded, districts submitted and districts confirmed per day (Bangkok),
    from the round's entry opening to today (3 queries)."""
    reports = DistrictReport.objects.filter(round=round_)
    areas = AreaReport.objects.filter(report__round=round_, status=AreaStatus.COMPLETE)
    if province is not None:
        reports = reports.filter(district__province=province)
        areas = areas.filter(report__district__province=province)

    def per_day(qs, field):
        return dict(
            qs.exclude(**{f"{field}__isnull": True})
            .annotate(day=TruncDate(field, tzinfo=BANGKOK))
            .values("day")
            .annotate(n=Count("id"))
            .values_list("day", "n")
            .order_by()
        )

    # An area counts on the day of its last save: a complete area edited again moves to that day.
    recorded = per_day(areas, "updated_at")
    # A district that was returned after submitting keeps its first submission date here.
    submitted = per_day(
        reports.filter(state__in=[ReportState.SUBMITTED, ReportState.CONFIRMED, ReportState.RETURNED]), "submitted_at"
    )
    confirmed = per_day(reports.filter(state=ReportState.CONFIRMED), "confirmed_at")
    start = round_.entry_opens_at.astimezone(BANGKOK).date()
    end = timezone.now().astimezone(BANGKOK).date()
    all_days = set(recorded) | set(submitted) | set(confirmed)
    if all_days:
        start = min(start, min(all_days))
        end = max(end, max(all_days))
    # A finished round's chart stops at its confirmation deadline (or its last activity).
    round_end = round_.confirm_closes_at.astimezone(BANGKOK).date()
    end = min(end, max(round_end, max(all_days) if all_days else round_end))
    days, series = [], {"recorded": [], "submitted": [], "confirmed": []}
    totals = dict.fromkeys(series, 0)
    day = start
    while day <= end:
        for key, source in (("recorded", recorded), ("submitted", submitted), ("confirmed", confirmed)):
            totals[key] += source.get(day, 0)
            series[key].append(totals[key])
        days.append(day)
        day += dt.timedelta(days=1)
    return {"days": days, **series}
