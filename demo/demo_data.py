"""Demo data for `make run`: accounts, an open round around today, three earlier rounds fully
recorded and confirmed, and national progress shaped like the letter's attachment
(2 provinces complete, 34 in progress, 40 not started; Nakhon Phanom in progress)."""

import datetime as dt
import random
from contextlib import contextmanager

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone

from wts.accounts.models import Role, User
from wts.audit.models import AuditEvent, Source
from wts.audit.vocabulary import AuditAction
from wts.catalog.actions import load_default_catalog
from wts.catalog.models import MissionArea, WorkItem
from wts.geography.models import District, Province
from wts.lib.thai import BANGKOK, BE_OFFSET, fiscal_year_of
from wts.rounds.models import Round
from wts.workflow.models import AreaReport, AreaStatus, DistrictReport, ItemValue, ReportState

DEMO_PASSWORD = "thai-demo-2564"
FEATURED_PROVINCE = "48"
FEATURED_DISTRICT = "4801"
COMPLETE_PROVINCES = 2
NOT_STARTED_PROVINCES = 40


def demo_logins() -> list[tuple[str, str]]:
    return [
        ("dla-admin", "ผู้ดูแลระบบ กรมส่งเสริมการปกครองท้องถิ่น"),
        ("dla-viewer", "ผู้บริหาร กรมส่งเสริมการปกครองท้องถิ่น (ดูอย่างเดียว)"),
        ("provadmin-48", "เจ้าหน้าที่ สถ.จ. นครพนม (ออกบัญชีผู้ใช้)"),
        ("director-48", "ผอ.ก.ทอ. นครพนม (ตรวจสอบและยืนยัน)"),
        ("district-4801", "ท้องถิ่นอำเภอเมืองนครพนม (บันทึกข้อมูล)"),
    ]


def at(day: dt.date, hour=0, minute=0, second=0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=BANGKOK)


def _context_figures(rng: random.Random, district: District, first_in_province: bool):
    district.pao_count = 1 if first_in_province else 0
    district.municipality_count = rng.randint(1, 8)
    district.sao_count = rng.randint(2, 16)
    district.positions_framework = rng.randint(3, 7)
    district.positions_filled = rng.randint(max(1, district.positions_framework - 3), district.positions_framework)


def ensure_users(password_hash: str) -> int:
    existing = set(User.objects.values_list("username", flat=True))
    provinces = list(Province.objects.order_by("code"))
    districts = list(District.objects.select_related("province").order_by("code"))
    new = []

    def add(username, **fields):
        if username not in existing:
            new.append(User(username=username, password=password_hash, email=demo_email(username), **fields))

    add("dla-admin", role=Role.DEPARTMENT_ADMIN, first_name="ผู้ดูแลระบบ", last_name="กรมส่งเสริมการปกครองท้องถิ่น",
        position="นักวิเคราะห์นโยบายและแผน", is_staff=True)
    add("dla-viewer", role=Role.DEPARTMENT_VIEWER, first_name="ผู้บริหาร", last_name="กรมส่งเสริมการปกครองท้องถิ่น",
        position="ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร")
    for p in provinces:
        add(f"director-{p.code}", role=Role.PROVINCIAL_DIRECTOR, province=p, first_name="ผอ.ก.ทอ.",
            last_name=f"จังหวัด{p.name_th}", position="ผู้อำนวยการกลุ่มงานส่งเสริมและประสานงานท้องถิ่นอำเภอ")
        add(f"provadmin-{p.code}", role=Role.PROVINCIAL_ADMIN, province=p, first_name="เจ้าหน้าที่ สถ.จ.",
            last_name=p.name_th, position="นักวิเคราะห์นโยบายและแผน")
    for d in districts:
        add(f"district-{d.code}", role=Role.DISTRICT_OFFICER, district=d, province_id=d.province_id,
            first_name="ท้องถิ่นอำเภอ", last_name=d.name_th, position="ท้องถิ่นอำเภอ")
    User.objects.bulk_create(new, batch_size=1000)
    # Accounts loaded before the demo had addresses get theirs (make run is idempotent).
    without = User.objects.filter(email="", username__in=DEMO_ADMINS) | User.objects.filter(
        email="", username__regex=r"^(director|provadmin|district)-[0-9]+$")
    without.update(email=Concat("username", Value("@" + DEMO_MAIL_DOMAIN)))
    return len(new)


# A reserved domain (RFC 2606): the demo's mail can never reach a real mailbox; in development it
# is written to var/mail/ and listed at /dev/mail/.
DEMO_MAIL_DOMAIN = "wts-demo.example"
DEMO_ADMINS = ("dla-admin", "dla-viewer")


def demo_email(username: str) -> str:
    return f"{username}@{DEMO_MAIL_DOMAIN}"


def _round_windows(fiscal_year: int, today: dt.date, is_open: bool):
    if is_open:
        return dict(
            entry_opens_at=at(today - dt.timedelta(days=30), 8, 30),
            entry_closes_at=at(today + dt.timedelta(days=10), 23, 59, 59),
            confirm_opens_at=at(today - dt.timedelta(days=5), 8, 30),
            confirm_closes_at=at(today + dt.timedelta(days=20), 23, 59, 59),
        )
    return past_round_windows(fiscal_year)


def past_round_windows(fiscal_year: int) -> dict:
    """The windows of the letters (entry 1 Aug – 30 Sep as extended, confirmation to 8 Oct), closed on 31 Oct."""
    ce_year = fiscal_year - BE_OFFSET
    return dict(
        entry_opens_at=at(dt.date(ce_year, 8, 1), 8, 30),
        entry_closes_at=at(dt.date(ce_year, 9, 30), 23, 59, 59),
        confirm_opens_at=at(dt.date(ce_year, 9, 16), 8, 30),
        confirm_closes_at=at(dt.date(ce_year, 10, 8), 23, 59, 59),
        closed_at=at(dt.date(ce_year, 10, 31), 17, 0),
    )


def _volume(rng: random.Random, item: WorkItem, district: District, trend: float) -> int:
    per_lgo = item.max_value / 2500
    base = per_lgo * max(district.lgo_count, 1) * district_intensity(district) * trend
    return max(0, int(round(base * rng.uniform(0.6, 1.4))))


def district_intensity(district: District) -> float:
    return 0.7 + (int(district.code) % 13) / 20


@contextmanager
def keep_given_timestamps(*fields):
    """auto_now and auto_now_add would stamp every historical row with the time of generation."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class _Writer:
    def __init__(self):
        self.values, self.area_reports, self.audit = [], [], []

    def flush(self):
        ItemValue.objects.bulk_create(self.values, batch_size=5000)
        AreaReport.objects.bulk_create(self.area_reports, batch_size=5000)
        with keep_given_timestamps(AuditEvent._meta.get_field("created_at")):
            AuditEvent.record_many(self.audit, batch_size=5000)
        self.values, self.area_reports, self.audit = [], [], []

    def event(self, action, *, actor, when, report, district, **fields):
        self.audit.append(AuditEvent.build(
            action, actor=actor, source=Source.WEB, created_at=when, round_id=report.round_id, district=district, **fields,
        ))

    def review_history(self, report, district, officer, director):
        """The rows the workflow's actions leave behind, so a district's history page is not empty."""
        if report.submitted_at:
            self.event(AuditAction.REPORT_SUBMITTED, actor=officer, when=report.submitted_at, report=report,
                       district=district)
        if report.confirmed_at:
            self.event(AuditAction.REPORT_CONFIRMED, actor=director, when=report.confirmed_at, report=report,
                       district=district)


def _fill_report(writer, rng, report, areas, district, trend, complete_areas: int, partial_area: bool, user, when,
                 audit_values=False):
    for index, area in enumerate(areas):
        items = area.demo_items
        if index < complete_areas:
            filled_items = items
        elif index == complete_areas and partial_area:
            filled_items = items[: max(1, len(items) // 2)]
        else:
            continue
        for item in filled_items:
            value = _volume(rng, item, district, trend)
            writer.values.append(ItemValue(report=report, item=item, value=value, updated_by=user))
            if audit_values:
                writer.event(AuditAction.VALUE_CHANGED, actor=user, when=when, report=report, district=district,
                             area=area, item=item, old_value="", new_value=str(value))
        status = AreaStatus.COMPLETE if len(filled_items) == len(items) else AreaStatus.IN_PROGRESS
        writer.area_reports.append(
            AreaReport(report=report, area=area, status=status, filled_count=len(filled_items), version=1,
                       updated_at=when, updated_by=user)
        )


def _areas_of(round_):
    areas = list(MissionArea.objects.filter(round=round_).order_by("number"))
    items = list(WorkItem.objects.filter(area__round=round_).order_by("area__number", "order"))
    for area in areas:
        area.demo_items = [i for i in items if i.area_id == area.pk]
    return areas


def load_past_round(fiscal_year, today, districts, users_by_district, director_by_province, trend):
    round_ = Round.objects.create(fiscal_year=fiscal_year, title=f"ปีงบประมาณ {fiscal_year}",
                                  **_round_windows(fiscal_year, today, is_open=False))
    load_default_catalog(round_)
    areas = _areas_of(round_)
    rng = random.Random(fiscal_year)
    when_base = round_.entry_opens_at
    reports = DistrictReport.objects.bulk_create([
        DistrictReport(
            round=round_, district=d, state=ReportState.CONFIRMED, areas_started=len(areas), areas_complete=len(areas),
            last_changed_at=when_base + dt.timedelta(days=rng.randint(5, 55)),
            last_changed_by=users_by_district.get(d.pk),
            submitted_at=round_.entry_closes_at - dt.timedelta(days=rng.randint(0, 10)),
            confirmed_at=round_.confirm_closes_at - dt.timedelta(days=rng.randint(0, 10)),
            confirmed_by=director_by_province.get(d.province_id),
        )
        for d in districts
    ], batch_size=1000)
    writer = _Writer()
    for report, d in zip(reports, districts, strict=True):
        _fill_report(writer, rng, report, areas, d, trend, len(areas), False, users_by_district.get(d.pk),
                     report.last_changed_at)
        writer.review_history(report, d, users_by_district.get(d.pk), director_by_province.get(d.province_id))
        if len(writer.values) > 20000:
            writer.flush()
    writer.flush()
    return round_


def load_open_round(fiscal_year, today, districts, users_by_district, director_by_province):
    round_ = Round.objects.create(fiscal_year=fiscal_year, title=f"ปีงบประมาณ {fiscal_year}",
                                  **_round_windows(fiscal_year, today, is_open=True))
    load_default_catalog(round_)
    areas = _areas_of(round_)
    n_areas = len(areas)
    rng = random.Random(fiscal_year * 7)
    province_codes = sorted({d.province.code for d in districts} - {FEATURED_PROVINCE})
    rng.shuffle(province_codes)
    complete = set(province_codes[:COMPLETE_PROVINCES])
    not_started = set(province_codes[COMPLETE_PROVINCES:COMPLETE_PROVINCES + NOT_STARTED_PROVINCES])
    now = timezone.now()

    plans = {}  # district id -> (state, complete areas, partial area)
    by_province: dict[str, list[District]] = {}
    for d in districts:
        by_province.setdefault(d.province.code, []).append(d)
    for code, ds in by_province.items():
        if code in not_started:
            continue
        for d in ds:
            if code in complete:
                plans[d.pk] = (rng.choice([ReportState.IN_PROGRESS, ReportState.SUBMITTED, ReportState.CONFIRMED]),
                               n_areas, False)
                continue
            roll = rng.random()
            if roll < 0.25:
                plans[d.pk] = (rng.choice([ReportState.IN_PROGRESS, ReportState.SUBMITTED]), n_areas, False)
            elif roll < 0.7:
                plans[d.pk] = (ReportState.IN_PROGRESS, rng.randint(0, n_areas - 1), True)
        started = [d for d in ds if d.pk in plans]
        if not started:  # an in-progress province has at least one district started
            plans[ds[-1].pk] = (ReportState.IN_PROGRESS, 2, True)
        if code not in complete and all(plans.get(d.pk, (None, 0))[1] == n_areas for d in ds):
            plans[ds[0].pk] = (ReportState.IN_PROGRESS, n_areas - 1, True)
    featured = next(d for d in districts if d.code == FEATURED_DISTRICT)
    plans.pop(featured.pk, None)  # the demo officer starts from a clean form
    # The featured province's director has something to confirm.
    np_others = [d for d in by_province[FEATURED_PROVINCE] if d.pk != featured.pk]
    for d in np_others[:3]:
        plans[d.pk] = (ReportState.SUBMITTED, n_areas, False)

    reports = []
    for d in districts:
        if d.pk not in plans:
            continue
        state, done, partial = plans[d.pk]
        started = done + (1 if partial and done < n_areas else 0)
        when = now - dt.timedelta(hours=rng.randint(1, 24 * 25), minutes=rng.randint(0, 59))
        reports.append(DistrictReport(
            round=round_, district=d, state=state, areas_started=started, areas_complete=done,
            last_changed_at=when, last_changed_by=users_by_district.get(d.pk),
            submitted_at=when if state in (ReportState.SUBMITTED, ReportState.CONFIRMED) else None,
            confirmed_at=when + dt.timedelta(hours=3) if state == ReportState.CONFIRMED else None,
            confirmed_by=director_by_province.get(d.province_id) if state == ReportState.CONFIRMED else None,
        ))
    reports = DistrictReport.objects.bulk_create(reports, batch_size=1000)
    district_by_id = {d.pk: d for d in districts}
    writer = _Writer()
    for report in reports:
        d = district_by_id[report.district_id]
        _state, done, partial = plans[d.pk]
        _fill_report(writer, rng, report, areas, d, 1.05, done, partial and done < n_areas,
                     users_by_district.get(d.pk), report.last_changed_at, audit_values=True)
        writer.review_history(report, d, users_by_district.get(d.pk), director_by_province.get(d.province_id))
    writer.flush()
    return round_


def load_demo(today: dt.date | None = None, stdout=None) -> dict:
    """Idempotent: what exists already is kept, what is missing is created."""
    today = today or timezone.localdate()
    open_year = fiscal_year_of(today) - 1
    summary = {}
    with transaction.atomic():
        districts = list(District.objects.select_related("province").order_by("code"))
        if not districts:
            raise RuntimeError("load the geography first (manage.py load_geography)")
        if not any(d.lgo_count for d in districts):
            rng = random.Random(48)
            seen = set()
            for d in districts:
                _context_figures(rng, d, d.province_id not in seen)
                seen.add(d.province_id)
            District.objects.bulk_update(
                districts, ["pao_count", "municipality_count", "sao_count", "positions_framework", "positions_filled"]
            )
        summary["users_created"] = ensure_users(make_password(DEMO_PASSWORD))
        users_by_district = dict(
            User.objects.filter(role=Role.DISTRICT_OFFICER, username__startswith="district-").values_list("district_id", "id")
        )
        users_by_district = {k: User(pk=v) for k, v in users_by_district.items()}
        director_by_province = {
            k: User(pk=v)
            for k, v in User.objects.filter(role=Role.PROVINCIAL_DIRECTOR, username__startswith="director-")
            .values_list("province_id", "id")
        }
        created = []
        for offset, trend in ((3, 0.9), (2, 0.95), (1, 1.0)):
            year = open_year - offset
            if not Round.objects.filter(fiscal_year=year).exists():
                load_past_round(year, today, districts, users_by_district, director_by_province, trend)
                created.append(year)
        if not Round.objects.filter(fiscal_year=open_year).exists():
            load_open_round(open_year, today, districts, users_by_district, director_by_province)
            created.append(open_year)
        summary["rounds_created"] = created
    return summary
