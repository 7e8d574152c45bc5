"""A national data set shaped like deadline day, for load tests and query-count guard rails.

All 878 districts, every item of the default form, five rounds (four closed and confirmed, one
whose entry window closes tomorrow), the review history of every report (submitted, some
returned with a reason and resubmitted, confirmed) and the audit rows that history leaves.
Everything is written with bulk inserts so the whole country loads in well under a minute.
"""

import datetime as dt
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from wts.accounts.models import Role, User
from wts.audit.models import AuditEvent, Source
from wts.audit.vocabulary import AuditAction
from wts.catalog.actions import load_default_catalog
from wts.catalog.models import MissionArea, WorkItem
from wts.geography.loader import load_geography
from wts.geography.models import District
from wts.lib.thai import fiscal_year_of
from wts.rounds.models import Round
from wts.workflow.models import (
    AreaReport,
    AreaStatus,
    DistrictReport,
    ItemValue,
    ReportState,
    ReturnKind,
    ReturnRequest,
    ValueComment,
)

from .demo_data import (
    DEMO_PASSWORD,
    at,
    district_intensity,
    ensure_users,
    keep_given_timestamps,
    past_round_windows,
)

ROUNDS = 5
BATCH = 5000

# Shares of districts in each state on the eve of the entry deadline (the letters' experience:
# many still recording, some not started, a third already sent or confirmed).
DEADLINE_EVE_SHARES = [
    (ReportState.NOT_STARTED, 0.12),
    (ReportState.IN_PROGRESS, 0.50),
    ("all_areas_complete", 0.08),
    (ReportState.SUBMITTED, 0.18),
    (ReportState.RETURNED, 0.04),
    (ReportState.CONFIRMED, 0.08),
]
RETURN_SHARE_PAST = 0.15
CORRECTION_SHARE = 0.1
RETURN_REASONS = [
    "ตัวเลขด้านที่ 3 สูงผิดปกติเมื่อเทียบกับปีก่อน โปรดตรวจสอบ",
    "จำนวนเรื่องร้องเรียนไม่ตรงกับรายงานประจำเดือน",
    "ยังไม่ได้บันทึกจำนวนโรงเรียนและศูนย์พัฒนาเด็กเล็ก",
    "โปรดตรวจสอบหน่วยนับของหนังสือราชการ (ฉบับ ไม่ใช่เรื่อง)",
]


@dataclass
class NationalSummary:
    provinces: int = 0
    districts: int = 0
    users_created: int = 0
    rounds_created: list = field(default_factory=list)
    reports: int = 0
    values: int = 0
    audit_rows: int = 0
    returns: int = 0
    seconds: float = 0.0


def deadline_eve_windows(today: dt.date) -> dict:
    """Entry closes at the end of tomorrow, so a load test started any time today is on the last day."""
    opens = at(today - dt.timedelta(days=45), 8, 30)
    deadline = at(today + dt.timedelta(days=1), 23, 59, 59)
    return dict(
        entry_opens_at=opens,
        entry_closes_at=deadline,
        confirm_opens_at=opens + dt.timedelta(days=15),
        confirm_closes_at=deadline + dt.timedelta(days=10),
    )


def volume(rng: random.Random, item: WorkItem, district: District, trend: float) -> int:
    per_lgo = item.max_value / 2500
    base = per_lgo * max(district.lgo_count, 1) * district_intensity(district) * trend
    return max(0, min(item.max_value, int(round(base * rng.uniform(0.6, 1.4)))))


def _context_figures(rng: random.Random, districts: list[District]) -> None:
    seen = set()
    for d in districts:
        d.pao_count = 0 if d.province_id in seen else 1
        seen.add(d.province_id)
        d.municipality_count = rng.randint(1, 8)
        d.sao_count = rng.randint(2, 16)
        d.positions_framework = rng.randint(3, 7)
        d.positions_filled = rng.randint(max(1, d.positions_framework - 3), d.positions_framework)
    District.objects.bulk_update(
        districts, ["pao_count", "municipality_count", "sao_count", "positions_framework", "positions_filled"],
        batch_size=1000,
    )


class _Writer:
    """Buffers rows of one round and inserts them in batches, values before their audit rows."""

    def __init__(self, summary: NationalSummary):
        self.summary = summary
        self.values, self.area_reports, self.audit = [], [], []
        self.returns, self.comments = [], []  # returns: (ReturnRequest, [WorkItem])

    def flush(self):
        stamped = [AuditEvent._meta.get_field("created_at"), ItemValue._meta.get_field("updated_at"),
                   ReturnRequest._meta.get_field("created_at"), ValueComment._meta.get_field("created_at")]
        with keep_given_timestamps(*stamped):
            ItemValue.objects.bulk_create(self.values, batch_size=BATCH)
            AreaReport.objects.bulk_create(self.area_reports, batch_size=BATCH)
            requests = ReturnRequest.objects.bulk_create([r for r, _items in self.returns], batch_size=BATCH)
            through = ReturnRequest.items.through
            through.objects.bulk_create([
                through(returnrequest_id=request.pk, workitem_id=item.pk)
                for request, (_r, items) in zip(requests, self.returns, strict=True) for item in items
            ], batch_size=BATCH)
            ValueComment.objects.bulk_create(self.comments, batch_size=BATCH)
            AuditEvent.record_many(self.audit, batch_size=BATCH)
        self.summary.values += len(self.values)
        self.summary.audit_rows += len(self.audit)
        self.summary.returns += len(self.returns)
        self.values, self.area_reports, self.audit, self.returns, self.comments = [], [], [], [], []

    def maybe_flush(self):
        if len(self.values) + len(self.audit) > 4 * BATCH:
            self.flush()


@dataclass
class _Plan:
    state: str
    complete_areas: int
    partial: bool
    returned: bool = False


def _plan_open(rng: random.Random, n_areas: int) -> _Plan | None:
    """None for a district that has not opened the form yet (it has no report row)."""
    roll, acc = rng.random(), 0.0
    kind = DEADLINE_EVE_SHARES[-1][0]
    for candidate, share in DEADLINE_EVE_SHARES:
        acc += share
        if roll < acc:
            kind = candidate
            break
    if kind == ReportState.NOT_STARTED:
        return None
    if kind == ReportState.IN_PROGRESS:
        return _Plan(ReportState.IN_PROGRESS, rng.randint(0, n_areas - 1), True)
    if kind == "all_areas_complete":
        return _Plan(ReportState.IN_PROGRESS, n_areas, False)
    if kind == ReportState.RETURNED:
        return _Plan(ReportState.RETURNED, n_areas, False, returned=True)
    return _Plan(kind, n_areas, False, returned=rng.random() < RETURN_SHARE_PAST / 2)


def _areas_with_items(round_) -> list[MissionArea]:
    areas = list(MissionArea.objects.filter(round=round_).order_by("number"))
    items = list(WorkItem.objects.filter(area__round=round_).order_by("area__number", "order"))
    for area in areas:
        area.item_list = [i for i in items if i.area_id == area.pk]
    return areas


def _between(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    if end <= start:
        return start
    return start + dt.timedelta(seconds=rng.uniform(0, (end - start).total_seconds()))


def _audit(action, *, actor, when, round_, district, **fields) -> AuditEvent:
    return AuditEvent.build(action, actor=actor, source=Source.WEB, created_at=when, round=round_, district=district,
                            **fields)


def _load_round(round_, plans: dict, districts, officers, directors, rng, trend, entry_end, writer) -> int:
    """Write reports, values, area statuses and their history for the districts that have a plan."""
    areas = _areas_with_items(round_)
    n_areas = len(areas)
    start = round_.entry_opens_at
    # Nothing in an open round happened after now; a closed round's history ends with its windows.
    latest = round_.confirm_closes_at if round_.is_closed else timezone.now()
    reports = []
    for d in districts:
        plan = plans.get(d.pk)
        if plan is None:
            continue
        officer, director = officers.get(d.pk), directors.get(d.province_id)
        last = _between(rng, start + dt.timedelta(days=3), entry_end) if plan.complete_areas or plan.partial else None
        started = plan.complete_areas + (1 if plan.partial and plan.complete_areas < n_areas else 0)
        sent = plan.state in (ReportState.SUBMITTED, ReportState.CONFIRMED, ReportState.RETURNED)
        reports.append(DistrictReport(
            round=round_, district=d, state=plan.state, areas_started=started, areas_complete=plan.complete_areas,
            last_changed_at=last, last_changed_by=officer if last else None,
            submitted_at=min(last + dt.timedelta(hours=2), latest) if sent else None,
            confirmed_at=min(last + dt.timedelta(days=rng.randint(2, 6)), latest)
            if plan.state == ReportState.CONFIRMED else None,
            confirmed_by=director if plan.state == ReportState.CONFIRMED else None,
        ))
    reports = DistrictReport.objects.bulk_create(reports, batch_size=1000)
    district_by_id = {d.pk: d for d in districts}
    for report in reports:
        d = district_by_id[report.district_id]
        plan = plans[d.pk]
        officer, director = officers.get(d.pk), directors.get(d.province_id)
        filled = _fill(writer, rng, round_, report, d, areas, plan, officer, trend)
        _review_history(writer, rng, round_, report, d, plan, officer, director, filled)
        writer.maybe_flush()
    writer.flush()
    return len(reports)


def _fill(writer, rng, round_, report, district, areas, plan, officer, trend) -> list[tuple[WorkItem, int]]:
    first_day = round_.entry_opens_at + dt.timedelta(days=1)
    filled = []
    for index, area in enumerate(areas):
        if index < plan.complete_areas:
            items = area.item_list
        elif index == plan.complete_areas and plan.partial:
            items = area.item_list[: max(1, len(area.item_list) // 2)]
        else:
            continue
        saved_at = _between(rng, first_day, report.last_changed_at)
        corrections = 0
        for item in items:
            value = volume(rng, item, district, trend)
            filled.append((item, value))
            writer.values.append(ItemValue(report=report, item=item, value=value, updated_by=officer,
                                           updated_at=saved_at))
            if rng.random() < CORRECTION_SHARE:
                first = max(0, value + rng.choice([-1, 1]) * rng.randint(1, max(1, value // 5)))
                writer.audit.append(_audit(AuditAction.VALUE_CHANGED, actor=officer, when=saved_at - dt.timedelta(days=1),
                                           round_=round_, district=district, area=area, item=item, old_value="",
                                           new_value=str(first)))
                old, corrections = str(first), corrections + 1
            else:
                old = ""
            writer.audit.append(_audit(AuditAction.VALUE_CHANGED, actor=officer, when=saved_at, round_=round_,
                                       district=district, area=area, item=item, old_value=old, new_value=str(value)))
        status = AreaStatus.COMPLETE if len(items) == len(area.item_list) else AreaStatus.IN_PROGRESS
        writer.area_reports.append(AreaReport(
            report=report, area=area, status=status, filled_count=len(items), version=1 + bool(corrections),
            updated_at=saved_at, updated_by=officer,
        ))
    return filled


def _review_history(writer, rng, round_, report, district, plan, officer, director, filled):
    """Submission, an optional return (reason, marked items, snapshot, comment) and resubmission,
    confirmation: the rows and audit events wts.review's actions leave behind."""
    if report.submitted_at is None:
        return
    submitted = report.submitted_at
    if plan.returned:
        first_submit = submitted - dt.timedelta(days=rng.randint(2, 5))
        returned_at = first_submit + dt.timedelta(days=1)
        reason = rng.choice(RETURN_REASONS)
        marked = [item for item, _value in rng.sample(filled, k=min(2, len(filled)))]
        resubmitted = plan.state != ReportState.RETURNED
        writer.returns.append((ReturnRequest(
            report=report, kind=ReturnKind.RETURNED, reason=reason, created_by=director, created_at=returned_at,
            snapshot={str(item.pk): value for item, value in filled},
            resubmitted_at=submitted if resubmitted else None,
        ), marked))
        for item in marked:
            writer.comments.append(ValueComment(report=report, item=item, author=director, created_at=returned_at,
                                                text=reason))
        writer.audit.append(_audit(AuditAction.REPORT_SUBMITTED, actor=officer, when=first_submit, round_=round_,
                                   district=district))
        writer.audit.append(_audit(AuditAction.REPORT_RETURNED, actor=director, when=returned_at, round_=round_,
                                   district=district, message=reason, data={"items": [i.code for i in marked]}))
        if not resubmitted:
            return
        writer.audit.append(_audit(AuditAction.REPORT_RESUBMITTED, actor=officer, when=submitted, round_=round_,
                                   district=district))
    else:
        writer.audit.append(_audit(AuditAction.REPORT_SUBMITTED, actor=officer, when=submitted, round_=round_,
                                   district=district))
    if plan.state == ReportState.CONFIRMED:
        writer.audit.append(_audit(AuditAction.REPORT_CONFIRMED, actor=director, when=report.confirmed_at, round_=round_,
                                   district=district))


def _lookup_users():
    officers = {
        district_id: User(pk=pk, district_id=district_id)
        for district_id, pk in User.objects.filter(role=Role.DISTRICT_OFFICER, username__startswith="district-")
        .values_list("district_id", "id")
    }
    directors = {
        province_id: User(pk=pk, province_id=province_id)
        for province_id, pk in User.objects.filter(role=Role.PROVINCIAL_DIRECTOR, username__startswith="director-")
        .values_list("province_id", "id")
    }
    return officers, directors


def fill_round(round_, districts, *, rng: random.Random, summary: NationalSummary | None = None) -> NationalSummary:
    """Give districts that have no report in the round one: confirmed history in a closed round,
    deadline-eve states in an open one. Accounts must exist (demo.ensure_users)."""
    summary = summary or NationalSummary()
    officers, directors = _lookup_users()
    n_areas = MissionArea.objects.filter(round=round_).count()
    if round_.is_closed:
        plans = {
            d.pk: _Plan(ReportState.CONFIRMED, n_areas, False, returned=rng.random() < RETURN_SHARE_PAST)
            for d in districts
        }
        entry_end = round_.entry_closes_at - dt.timedelta(days=3)
    else:
        plans = {d.pk: plan for d in districts if (plan := _plan_open(rng, n_areas)) is not None}
        entry_end = min(timezone.now(), round_.entry_closes_at)
    # Older rounds had a little less work: volumes grow about 4% a year.
    trend = 1.0 - 0.04 * max(0, fiscal_year_of(timezone.localdate()) - 1 - round_.fiscal_year)
    summary.reports += _load_round(round_, plans, districts, officers, directors, rng, trend, entry_end,
                                   _Writer(summary))
    return summary


def generate_national_data(*, today: dt.date | None = None, seed: int = 2564, password: str = DEMO_PASSWORD,
                           geography: bool = True, rounds: int = ROUNDS, log=None) -> NationalSummary:
    """Idempotent per round: a fiscal year that already has a round is left as it is."""
    started = time.monotonic()
    today = today or timezone.localdate()
    log = log or (lambda message: None)
    summary = NationalSummary()
    if geography:
        summary.provinces, summary.districts = load_geography()
        log(f"geography: {summary.provinces} provinces, {summary.districts} districts")
    with transaction.atomic():
        districts = list(District.objects.select_related("province").order_by("code"))
        if not districts:
            raise RuntimeError("no districts: load the geography first")
        summary.districts = len(districts)
        summary.provinces = len({d.province_id for d in districts})
        rng = random.Random(seed)
        if not any(d.lgo_count for d in districts):
            _context_figures(rng, districts)
        summary.users_created = ensure_users(make_password(password))
        log(f"accounts: {summary.users_created} created")
        open_year = fiscal_year_of(today) - 1
        for year in range(open_year - rounds + 1, open_year + 1):
            if Round.objects.filter(fiscal_year=year).exists():
                continue
            windows = deadline_eve_windows(today) if year == open_year else past_round_windows(year)
            round_ = Round.objects.create(fiscal_year=year, title=f"ปีงบประมาณ {year}", **windows)
            load_default_catalog(round_)
            fill_round(round_, districts, rng=rng, summary=summary)
            summary.rounds_created.append(year)
            log(f"round {year}: {summary.values} values, {summary.audit_rows} audit rows so far")
    summary.seconds = time.monotonic() - started
    return summary
