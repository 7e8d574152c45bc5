"""Every transition of a district's report, one function each. Pages, the spreadsheet import,
the REST API and management commands call these, so who, when, the audit row and the
notifications hold the same way on every path.

Each transition checks who may act (a named capability of wts/accounts/permissions.py: PermissionDenied), locks the report row,
asks the rules why not (``TransitionRefused`` with the Thai reason), changes the state, writes
its audit row in the same transaction and notifies after commit (notifications.service).

The save of a district's values (``save_area``, ``save_areas``) is here too: pages, the spreadsheet
import, the API and commands all call it, so windows, scope and audit hold the same way on every
path; its first save moves the report from not started to in progress (``record_progress``).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wts.accounts import recipients
from wts.audit.models import AuditEvent, Source
from wts.audit.vocabulary import AuditAction
from wts.catalog.models import MissionArea, WorkItem
from wts.lib.bulk import insert_rows, update_fields, update_rows
from wts.lib.permissions import can, require
from wts.lib.prepared import PreparedRead
from wts.lib.thai import thai_datetime
from wts.notifications.service import notify
from wts.notifications.vocabulary import NotificationKind
from wts.rounds.actions import RoundRefused, reason_given
from wts.rounds.deadlines import deadlines_for
from wts.rounds.models import Round

from . import rules
from .closing import close_summary
from .models import (
    AreaReport,
    AreaStatus,
    DistrictReport,
    ItemValue,
    ReportState,
    ReturnKind,
    ReturnRequest,
    ValueComment,
)
from .queries import area_count
from .rules import EditRefused, TransitionRefused, edit_refusal


def get_or_create_report(round_, district) -> DistrictReport:
    """The district's report for the round, created (not started) by its first save."""
    report, _created = DistrictReport.objects.get_or_create(round=round_, district=district)
    report.round = round_
    report.district = district
    return report


def area_status_for(filled: int, total: int) -> str:
    if filled == 0:
        return AreaStatus.NOT_STARTED
    if filled >= total:
        return AreaStatus.COMPLETE
    return AreaStatus.IN_PROGRESS


def record_progress(report, area_reports, *, acting_user, now) -> DistrictReport:
    """After a save of values: the report's counters from its areas' statuses, and the step from
    not started to in progress (or back, when every value was cleared).

    Called inside the saving transaction with the report row locked; the value changes are the
    audit rows of that save, so this step writes none of its own.
    """
    report.areas_started = sum(1 for ar in area_reports if ar.status != AreaStatus.NOT_STARTED)
    report.areas_complete = sum(1 for ar in area_reports if ar.status == AreaStatus.COMPLETE)
    report.last_changed_at = now
    report.last_changed_by = acting_user
    if report.state in (ReportState.NOT_STARTED, ReportState.IN_PROGRESS):
        report.state = ReportState.IN_PROGRESS if report.areas_started else ReportState.NOT_STARTED
    update_fields(report, ["areas_started", "areas_complete", "last_changed_at", "last_changed_by", "state"])
    return report


def _locked(report, unsaved_refusal) -> DistrictReport:
    """The report row, locked: a district's transitions and saves happen one at a time.
    ``unsaved_refusal(report)`` is the rule that says why a report never saved cannot take this step."""
    if report.pk is None:
        raise TransitionRefused(unsaved_refusal(report))
    return (
        DistrictReport.objects.select_for_update(of=("self",))
        .select_related("round", "district", "district__province", "open_area")
        .get(pk=report.pk)
    )


def review_link(report) -> str:
    return reverse("review:district", args=[report.round.fiscal_year, report.district.code])


def _home_link() -> str:
    return reverse("entry:district_home")


def _snapshot(report) -> dict:
    return {str(item_id): value for item_id, value in ItemValue.objects.filter(report=report).values_list("item_id", "value")}


def submit_report(report, *, acting_user, source=Source.WEB, now=None) -> DistrictReport:
    """The district sends its complete report to the province for confirmation (again, when returned)."""
    require(acting_user, "wts.submit_report", report)
    with transaction.atomic():
        report = _locked(report, lambda r: rules.submit_refusal(r, area_total=area_count(r.round)))
        now = now or timezone.now()
        refusal = rules.submit_refusal(report, area_total=area_count(report.round), now=now)
        if refusal:
            raise TransitionRefused(refusal)
        resubmission = report.state == ReportState.RETURNED
        report.state = ReportState.SUBMITTED
        report.submitted_at = now
        report.open_area = None
        report.save(update_fields=["state", "submitted_at", "open_area"])
        pending = None
        if resubmission:
            pending = report.return_requests.filter(resubmitted_at__isnull=True).first()
            ReturnRequest.objects.filter(report=report, resubmitted_at__isnull=True).update(resubmitted_at=now)
        action = AuditAction.REPORT_RESUBMITTED if resubmission else AuditAction.REPORT_SUBMITTED
        AuditEvent.record(
            action, actor=acting_user, source=source, round=report.round, district=report.district,
            message=_("ส่งข้อมูลที่แก้ไขแล้วให้จังหวัดยืนยัน") if resubmission else _("ส่งข้อมูลให้จังหวัดยืนยัน"),
            data={"return_request": pending.pk} if pending else {},
        )
        name = report.district.display_name
        if resubmission:
            title = _("%(district)s ส่งข้อมูลที่แก้ไขแล้ว รอการยืนยัน") % {"district": name}
            body = _("%(district)s แก้ไขข้อมูลตามที่ส่งกลับและส่งอีกครั้งเมื่อ %(when)s ดูค่าที่เปลี่ยนแปลงได้ในหน้าตรวจสอบ") % {
                "district": name, "when": thai_datetime(now)}
        else:
            title = _("%(district)s ส่งข้อมูลแล้ว รอการยืนยัน") % {"district": name}
            body = _("%(district)s ส่งข้อมูลครบ 8 ด้านเมื่อ %(when)s") % {"district": name, "when": thai_datetime(now)}
        notify(recipients.directors_of(report.district.province_id), kind=NotificationKind(action), title=title, body=body,
               link=review_link(report), email=resubmission)
        return report


def _confirm_locked(report, acting_user, source, now, acknowledged_flags=0):
    refusal = rules.review_refusal(report, now=now)
    if refusal:
        raise TransitionRefused(f"{report.district.display_name}: {refusal}")
    report.state = ReportState.CONFIRMED
    report.confirmed_at = now
    report.confirmed_by = acting_user
    report.save(update_fields=["state", "confirmed_at", "confirmed_by"])
    message = _("จังหวัดยืนยันข้อมูล")
    data = {}
    if acknowledged_flags:
        message = _("จังหวัดยืนยันข้อมูล โดยรับทราบค่าที่มีข้อสังเกต %(n)s รายการ") % {"n": acknowledged_flags}
        data = {"acknowledged_flags": acknowledged_flags}
    return AuditEvent.build(
        AuditAction.REPORT_CONFIRMED, actor=acting_user, source=source, round_id=report.round_id,
        district=report.district, message=message, data=data,
    )


def _notify_confirmed(report, now):
    notify(
        recipients.officers_of(report.district_id), kind=NotificationKind.REPORT_CONFIRMED,
        title=_("จังหวัดยืนยันข้อมูลของ%(district)sแล้ว") % {"district": report.district.display_name},
        body=_("ข้อมูลปริมาณงาน %(round)s ได้รับการยืนยันเมื่อ %(when)s") % {"round": report.round, "when": thai_datetime(now)},
        link=_home_link(),
    )


def confirm_report(report, *, acting_user, source=Source.WEB, now=None) -> DistrictReport:
    """The provincial director confirms a submitted district during the confirmation window."""
    require(acting_user, "wts.review_report", report)
    with transaction.atomic():
        report = _locked(report, rules.review_refusal)
        now = now or timezone.now()
        _confirm_locked(report, acting_user, source, now).save()
        _notify_confirmed(report, now)
        return report


def confirm_reports(reports, *, acting_user, source=Source.WEB, now=None,
                    acknowledged_flags=None) -> list[DistrictReport]:
    """Confirm several districts at once: all of them or, if one cannot be confirmed, none.

    ``acknowledged_flags`` ({report id: number of flagged values}) records, in each district's audit
    row, that the director confirmed it having read that many flags; the flags themselves are the
    review's business (wts.workflow.flags), so the page that showed them passes the count."""
    acknowledged_flags = acknowledged_flags or {}
    reports = list(reports)
    if not reports:
        return []
    for report in reports:
        require(acting_user, "wts.review_report", report)
    with transaction.atomic():
        locked = list(
            DistrictReport.objects.select_for_update(of=("self",))
            .select_related("round", "district", "district__province")
            .filter(pk__in=[r.pk for r in reports])
            .order_by("pk")
        )
        now = now or timezone.now()
        events = [_confirm_locked(report, acting_user, source, now, acknowledged_flags.get(report.pk, 0))
                  for report in locked]
        AuditEvent.record_many(events)
        for report in locked:
            _notify_confirmed(report, now)
        return locked


def return_report(report, *, acting_user, reason, item_ids=(), source=Source.WEB, now=None) -> ReturnRequest:
    """The director sends a submitted district back with a reason and, optionally, the items to fix."""
    require(acting_user, "wts.review_report", report)
    reason = (reason or "").strip()
    if not reason:
        raise TransitionRefused(_("ต้องระบุเหตุผลที่ส่งกลับให้แก้ไข"))
    with transaction.atomic():
        report = _locked(report, rules.review_refusal)
        now = now or timezone.now()
        refusal = rules.review_refusal(report, now=now)
        if refusal:
            raise TransitionRefused(refusal)
        items = list(WorkItem.objects.filter(pk__in=list(item_ids), area__round=report.round).select_related("area"))
        if len(items) != len(set(item_ids)):
            raise TransitionRefused(_("รายการที่เลือกไม่อยู่ในแบบฟอร์มของรอบนี้"))
        request = ReturnRequest.objects.create(
            report=report, kind=ReturnKind.RETURNED, reason=reason, snapshot=_snapshot(report), created_by=acting_user,
        )
        request.items.set(items)
        report.state = ReportState.RETURNED
        report.open_area = None
        report.save(update_fields=["state", "open_area"])
        AuditEvent.record(
            AuditAction.REPORT_RETURNED, actor=acting_user, source=source, round=report.round,
            district=report.district, message=reason,
            data={"items": [i.code for i in items], "return_request": request.pk},
        )
        deadline = deadlines_for(report.round, report.district).confirm_closes_at
        marked = ", ".join(f"{i.code} {i.name}" for i in items)
        body = _("เหตุผล: %(reason)s") % {"reason": reason}
        if marked:
            body += "\n" + _("รายการที่ต้องแก้ไข: %(items)s") % {"items": marked}
        body += "\n" + _("แก้ไขและส่งอีกครั้งภายใน %(deadline)s") % {"deadline": thai_datetime(deadline)}
        notify(
            recipients.officers_of(report.district_id), kind=NotificationKind.REPORT_RETURNED,
            title=_("จังหวัดส่งข้อมูลของ%(district)s กลับให้แก้ไข") % {"district": report.district.display_name},
            body=body, link=_home_link(),
        )
        return request


def reopen_report(report, *, acting_user, reason, area=None, source=Source.WEB, now=None) -> ReturnRequest:
    """The department reopens a confirmed district, all of it or one area (``reopen_area``),
    leaving the rest of the province alone."""
    require(acting_user, "wts.reopen_report", report)
    reason = (reason or "").strip()
    if not reason:
        raise TransitionRefused(_("ต้องระบุเหตุผลที่เปิดให้แก้ไข"))
    with transaction.atomic():
        report = _locked(report, rules.reopen_refusal)
        refusal = rules.reopen_refusal(report)
        if refusal:
            raise TransitionRefused(refusal)
        if area is not None and area.round_id != report.round_id:
            raise TransitionRefused(_("ด้านที่เลือกไม่อยู่ในแบบฟอร์มของรอบนี้"))
        request = ReturnRequest.objects.create(
            report=report, kind=ReturnKind.REOPENED, reason=reason, area=area, snapshot=_snapshot(report),
            created_by=acting_user,
        )
        report.state = ReportState.RETURNED
        report.open_area = area
        report.confirmed_at = None
        report.confirmed_by = None
        report.save(update_fields=["state", "open_area", "confirmed_at", "confirmed_by"])
        AuditEvent.record(
            AuditAction.REPORT_REOPENED, actor=acting_user, source=source, round=report.round,
            district=report.district, area=area, message=reason, data={"return_request": request.pk},
        )
        what = _("ด้านที่ %(n)s %(name)s") % {"n": area.number, "name": area.name} if area else _("ทุกด้าน")
        deadline = deadlines_for(report.round, report.district).confirm_closes_at
        notify(
            recipients.officers_of(report.district_id) + recipients.directors_of(report.district.province_id),
            kind=NotificationKind.REPORT_REOPENED,
            title=_("กรมเปิดให้%(district)s แก้ไขข้อมูลอีกครั้ง") % {"district": report.district.display_name},
            body=_("เปิดให้แก้ไข: %(what)s\nเหตุผล: %(reason)s\nแก้ไขและส่งอีกครั้งภายใน %(deadline)s") % {
                "what": what, "reason": reason, "deadline": thai_datetime(deadline)},
            link=_home_link(),
        )
        return request


def reopen_area(report, area, *, acting_user, reason, source=Source.WEB, now=None) -> ReturnRequest:
    """The department reopens one area of a confirmed district; the other areas stay as confirmed."""
    return reopen_report(report, acting_user=acting_user, reason=reason, area=area, source=source, now=now)


def close_round(round_, *, acting_user, reason, source=Source.WEB, now=None) -> Round:
    """The department closes a round with a reason: from then on nothing in it changes. What was
    still open (wts/workflow/closing.py) is kept in the audit row; directors and department
    administrators are told. It is a workflow action because it reads the workflow's count."""
    require(acting_user, "wts.manage_rounds")
    reason = reason_given(reason, _("ต้องระบุเหตุผลของการปิดรอบ"))
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.is_closed:
            raise RoundRefused(_("รอบการรายงานนี้ปิดแล้ว"))
        summary = close_summary(round_)
        round_.closed_at = now or timezone.now()
        round_.closed_by = acting_user
        round_.closed_reason = reason
        round_.save(update_fields=["closed_at", "closed_by", "closed_reason"])
        AuditEvent.record(AuditAction.ROUND_CLOSED, actor=acting_user, source=source, round=round_, message=reason,
                          data=summary.as_data())
        notify(
            list(recipients.directors()) + list(recipients.department_admins()), kind=NotificationKind.ROUND_CLOSED,
            title=_("ปิด%(round)s แล้ว") % {"round": round_},
            body=_("ข้อมูลในรอบนี้จะไม่เปลี่ยนแปลงอีก ยืนยันแล้ว %(confirmed)s จาก %(total)s อำเภอ\nเหตุผล: %(reason)s") % {
                "confirmed": summary.confirmed_count, "total": summary.district_count, "reason": reason},
            link=reverse("home"),
        )
        return round_


def add_comment(report, item, *, acting_user, text, source=Source.WEB) -> ValueComment:
    """A remark on one value, by the district's director or its officer; the other side is told in-app.
    Not a state change: the rules only say when the conversation is open (from submission on)."""
    require(acting_user, "wts.comment_on_report", report)
    text = (text or "").strip()
    if not text:
        raise TransitionRefused(_("กรุณาพิมพ์ความเห็น"))
    if item.area.round_id != report.round_id:
        raise TransitionRefused(_("รายการนี้ไม่อยู่ในแบบฟอร์มของรอบนี้"))
    if refusal := rules.comment_refusal(report):
        raise TransitionRefused(refusal)
    with transaction.atomic():
        comment = ValueComment.objects.create(report=report, item=item, author=acting_user, text=text)
        AuditEvent.record(
            AuditAction.VALUE_COMMENTED, actor=acting_user, source=source, round=report.round,
            district=report.district, area=item.area, item=item, message=text,
        )
        from_director = can(acting_user, "wts.review_report", report)
        told = recipients.officers_of(report.district_id) if from_director else recipients.directors_of(
            report.district.province_id)
        notify(
            told, kind=NotificationKind.VALUE_COMMENTED,
            title=_("ความเห็นต่อรายการ %(code)s ของ%(district)s") % {"code": item.code, "district": report.district.display_name},
            body=text, link=_home_link() if from_director else review_link(report), email=False,
        )
        return comment


# The save of values: one area from the page, any set of areas from the API and the import.


@dataclass
class StaleEdit(Exception):
    """Someone else saved the area after this editor loaded it; nothing was written.

    For an editor that said what each field was when it opened the page (``originals``), only
    the items both changed to different values are ``conflicts``: the editor chooses for each."""

    current_version: int
    changed_by: object
    changed_at: object
    current_values: dict = field(default_factory=dict)
    conflicts: list = field(default_factory=list)  # item ids both editors changed, differently
    current_notes: dict = field(default_factory=dict)
    saved_by: dict = field(default_factory=dict)  # {item_id: (user, when)} of the value stored now


@dataclass
class OthersChanges:
    """A save that met a newer version and kept the other editor's changes: the editor's own
    changes were written, every other item kept what is stored now."""

    changed_by: object
    changed_at: object
    items: dict  # {item_id: (value when the editor opened the page, value stored now)}


@dataclass
class SaveResult:
    changed: int
    area_report: AreaReport
    values: dict = field(default_factory=dict)  # {item_id: value} of the area after the save
    report: DistrictReport | None = None  # the report as saved (created by the first save)
    notes: dict = field(default_factory=dict)  # {item_id: explanation} of the area after the save
    deadlines: object = None  # the district's deadlines in effect, as the save checked them
    versions: dict = field(default_factory=dict)  # {area_id: version} of every area of the report after the save
    others: OthersChanges | None = None  # a newer version met and merged per item (editors with originals)


@dataclass
class AreaChange:
    """The values of one area to save ({item_id: int or None}) and the version they were based on."""

    area: MissionArea
    values: dict
    base_version: int | None = None
    items: list | None = None  # the area's work items when the caller has them (saves a query)
    notes: dict | None = None  # {item_id: explanation} to set; items not given keep theirs
    # What each item was when the editor opened the page: ({item_id: value}, {item_id: note}).
    # With them a newer version is merged per item: the editor's changes are written where nobody
    # else changed the item, and an item both changed differently refuses the save (StaleEdit.conflicts).
    originals: tuple | None = None


# The reads of every save, compiled once (wts/lib/prepared.py). The lock is taken on the report
# row only (of=self): not on the round and district rows every other save joins too.
_locked_report = PreparedRead(lambda pk: DistrictReport.objects.select_for_update(of=("self",))
                              .select_related("round", "district").filter(pk=pk))
_locked_report_of = PreparedRead(lambda round_id, district_id: DistrictReport.objects.select_for_update(
    of=("self",)).select_related("round", "district").filter(round_id=round_id, district_id=district_id))
_area_reports = PreparedRead(lambda report_id: AreaReport.objects.filter(report_id=report_id))
_values_of_area = PreparedRead(lambda report_id, area_id: ItemValue.objects.filter(
    report_id=report_id, item__area_id=area_id))


def _merge_or_refuse(change, area_report, existing, items) -> OthersChanges:
    """A save based on an older version: refused as a whole without originals; with them, refused
    only for the items both editors changed to different values, else merged per item."""
    def stored(item_id):
        row = existing.get(item_id)
        return (row.value, row.note) if row else (None, "")

    current_values = {item_id: existing[item_id].value for item_id in items if item_id in existing}
    if change.originals is None:
        raise StaleEdit(current_version=area_report.version, changed_by=area_report.updated_by,
                        changed_at=area_report.updated_at, current_values=current_values)
    original_values, original_notes = change.originals
    notes = change.notes or {}
    conflicts = []
    for item_id in items:
        value, note = stored(item_id)
        if item_id in change.values and value != original_values.get(item_id) and value != change.values[item_id]:
            conflicts.append(item_id)
        elif item_id in notes and note != original_notes.get(item_id, "") and note != notes[item_id]:
            conflicts.append(item_id)
    if conflicts:
        raise StaleEdit(
            current_version=area_report.version, changed_by=area_report.updated_by,
            changed_at=area_report.updated_at, current_values=current_values, conflicts=conflicts,
            current_notes={item_id: existing[item_id].note for item_id in items if item_id in existing},
            saved_by={item_id: (existing[item_id].updated_by, existing[item_id].updated_at)
                      for item_id in conflicts if item_id in existing},
        )
    changed_by_others = {item_id: (original_values.get(item_id), stored(item_id)[0]) for item_id in items
                         if item_id not in change.values and stored(item_id)[0] != original_values.get(item_id)}
    return OthersChanges(changed_by=area_report.updated_by, changed_at=area_report.updated_at,
                         items=changed_by_others)


def save_area(report, area, values: dict, *, acting_user, source=Source.WEB, base_version=None, now=None,
              items=None, notes=None, originals=None) -> SaveResult:
    """Save the values of one area ({item_id: int or None}); items not given keep their value.
    `notes` ({item_id: text}) sets the officer's explanations of values; items not given keep theirs.

    Raises PermissionDenied for a user who may not edit this district, EditRefused when the
    window or the review state forbids it, StaleEdit when base_version is out of date.
    `report` may be unsaved (DistrictReport(round=..., district=...)): the district's report is
    then found under the lock, or created by this first save.
    `items` (the area's work items) saves a query when the caller already has them.
    `originals` ({item_id: value}, {item_id: note}) as the editor opened them: a newer version
    then refuses only when an item was changed by both, differently (AreaChange.originals).
    """
    change = AreaChange(area=area, values=values, base_version=base_version, items=items, notes=notes,
                        originals=originals)
    return save_areas(report, [change], acting_user=acting_user, source=source, now=now)[0]


def save_areas(report, changes: list[AreaChange], *, acting_user, source=Source.WEB, now=None) -> list[SaveResult]:
    """Save several areas of one report at once: all of them or none (one transaction, one lock).

    The same rules as save_area, checked for every area before anything is written; the reads and
    writes are batched over the areas, so a whole report costs about what one area does.
    """
    require(acting_user, "wts.edit_report", report)
    items_of = {}
    for change in changes:
        items = {item.pk: item for item in (change.area.items.all() if change.items is None else change.items)}
        unknown = (set(change.values) | set(change.notes or {})) - set(items)
        if unknown:
            raise ValueError(f"items {sorted(unknown)} are not in area {change.area.pk}")
        items_of[change.area.pk] = items
    with transaction.atomic():
        # Lock the report row: transitions and saves of one district happen one at a time.
        if report.pk is not None:
            locked = _locked_report.first(report.pk)
            if locked is None:
                raise DistrictReport.DoesNotExist(f"report {report.pk}")
        else:
            # An unsaved report may stand for one that exists: the lock's read finds it, so the
            # page need not read the report before saving (one query less on the hot path).
            locked = _locked_report_of.first(report.round_id, report.district_id)
        if locked is None:
            # The district's first save: refuse before creating its report, so a refused save
            # leaves no trace (the same rules are checked again under the lock below).
            first = deadlines_for(report.round, report.district)
            for change in changes:
                refusal = edit_refusal(report, change.area, now=now or timezone.now(), deadlines=first)
                if refusal:
                    raise EditRefused(refusal)
            locked = _locked_report.first(get_or_create_report(report.round, report.district).pk)
        report = locked
        now = now or timezone.now()
        deadlines = deadlines_for(report.round, report.district)  # read once, handed back to the page
        for change in changes:
            refusal = edit_refusal(report, change.area, now=now, deadlines=deadlines)
            if refusal:
                raise EditRefused(refusal)
        # Every area's status in one read: the versions, and the report's counters below.
        area_reports = {ar.area_id: ar for ar in _area_reports.objects(report.pk)}
        missing = [AreaReport(report=report, area=c.area) for c in changes if c.area.pk not in area_reports]
        for area_report in AreaReport.objects.bulk_create(missing) if missing else []:
            area_reports[area_report.area_id] = area_report
        if len(changes) == 1:  # the page's save: one area
            existing = {v.item_id: v for v in _values_of_area.objects(report.pk, changes[0].area.pk)}
        else:
            all_items = [item_id for items in items_of.values() for item_id in items]
            existing = {v.item_id: v for v in ItemValue.objects.filter(report=report, item_id__in=all_items)}
        others_of = {}
        for change in changes:
            area_report = area_reports[change.area.pk]
            if change.base_version is not None and int(change.base_version) != area_report.version:
                others_of[change.area.pk] = _merge_or_refuse(change, area_report, existing, items_of[change.area.pk])
        to_create, to_update, audit_rows, changed_areas, results = [], [], [], [], []
        for change in changes:
            area, items, changed = change.area, items_of[change.area.pk], 0
            notes = change.notes or {}
            for item_id in sorted(set(change.values) | set(notes), key=list(items).index):
                row = existing.get(item_id)
                old = row.value if row else None
                new = change.values.get(item_id, old)
                old_note = row.note if row else ""
                new_note = notes.get(item_id, old_note)
                if old == new and old_note == new_note:
                    continue
                if row is None:
                    row = ItemValue(report=report, item_id=item_id, value=new, note=new_note, updated_by=acting_user)
                    existing[item_id] = row
                    to_create.append(row)
                else:
                    row.value, row.note, row.updated_by, row.updated_at = new, new_note, acting_user, now
                    to_update.append(row)
                changed += 1
                where = {"actor": acting_user, "source": source, "round_id": report.round_id,
                         "district_id": report.district_id, "province_id": report.district.province_id,
                         "area": area, "item_id": item_id}
                if old != new:
                    audit_rows.append(AuditEvent.build(
                        action=AuditAction.VALUE_CHANGED, old_value="" if old is None else str(old),
                        new_value="" if new is None else str(new), **where,
                    ))
                if old_note != new_note:
                    audit_rows.append(AuditEvent.build(
                        action=AuditAction.VALUE_EXPLAINED, old_value=old_note, new_value=new_note, **where,
                    ))
            area_report = area_reports[area.pk]
            if changed:
                filled = sum(1 for item_id in items if existing.get(item_id) and existing[item_id].value is not None)
                area_report.filled_count = filled
                area_report.status = area_status_for(filled, len(items))
                area_report.version += 1
                area_report.updated_at = now
                area_report.updated_by = acting_user
                changed_areas.append(area_report)
            results.append(SaveResult(
                changed=changed, area_report=area_report, report=report,
                values={item_id: existing[item_id].value for item_id in items if item_id in existing},
                notes={item_id: existing[item_id].note for item_id in items
                       if item_id in existing and existing[item_id].note},
                deadlines=deadlines, others=others_of.get(area.pk),
            ))
        if to_create:
            ItemValue.objects.bulk_create(to_create)
        if to_update:
            update_rows(ItemValue, to_update, per_row=["value", "note"], same={"updated_by": acting_user, "updated_at": now})
        if audit_rows:
            insert_rows(AuditEvent, audit_rows)
        if len(changed_areas) == 1:
            update_fields(changed_areas[0], ["filled_count", "status", "version", "updated_at", "updated_by"])
        elif changed_areas:
            update_rows(AreaReport, changed_areas, per_row=["filled_count", "status", "version"],
                        same={"updated_by": acting_user, "updated_at": now})
        if changed_areas:
            record_progress(report, area_reports.values(), acting_user=acting_user, now=now)
        versions = {area_id: area_report.version for area_id, area_report in area_reports.items()}
        for result in results:
            result.versions = versions
        return results
