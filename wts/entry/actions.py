"""The save of a district's values. Pages, the spreadsheet import, the API and commands all call
these, so windows, scope and audit hold the same way on every path. Who may save and when is
asked of the workflow's rules; the step from not started to in progress is the workflow's
``record_progress``."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from wts.audit.models import AuditEvent, Source
from wts.audit.vocabulary import AuditAction
from wts.catalog.models import MissionArea
from wts.lib.bulk import insert_rows, update_fields, update_rows
from wts.lib.permissions import require
from wts.lib.prepared import PreparedRead
from wts.rounds.deadlines import deadlines_for
from wts.workflow.actions import area_status_for, get_or_create_report, record_progress
from wts.workflow.models import AreaReport, DistrictReport, ItemValue
from wts.workflow.rules import EditRefused, edit_refusal


@dataclass
class StaleEdit(Exception):
    """Someone else saved the area after this editor loaded it; nothing was written."""

    current_version: int
    changed_by: object
    changed_at: object
    current_values: dict = field(default_factory=dict)


@dataclass
class SaveResult:
    changed: int
    area_report: AreaReport
    values: dict = field(default_factory=dict)  # {item_id: value} of the area after the save
    report: DistrictReport | None = None  # the report as saved (created by the first save)
    notes: dict = field(default_factory=dict)  # {item_id: explanation} of the area after the save
    deadlines: object = None  # the district's deadlines in effect, as the save checked them
    versions: dict = field(default_factory=dict)  # {area_id: version} of every area of the report after the save


@dataclass
class AreaChange:
    """The values of one area to save ({item_id: int or None}) and the version they were based on."""

    area: MissionArea
    values: dict
    base_version: int | None = None
    items: list | None = None  # the area's work items when the caller has them (saves a query)
    notes: dict | None = None  # {item_id: explanation} to set; items not given keep theirs


# The reads of every save, compiled once (wts/lib/prepared.py). The lock is taken on the report
# row only (of=self): not on the round and district rows every other save joins too.
_locked_report = PreparedRead(lambda pk: DistrictReport.objects.select_for_update(of=("self",))
                              .select_related("round", "district").filter(pk=pk))
_locked_report_of = PreparedRead(lambda round_id, district_id: DistrictReport.objects.select_for_update(
    of=("self",)).select_related("round", "district").filter(round_id=round_id, district_id=district_id))
_area_reports = PreparedRead(lambda report_id: AreaReport.objects.filter(report_id=report_id))
_values_of_area = PreparedRead(lambda report_id, area_id: ItemValue.objects.filter(
    report_id=report_id, item__area_id=area_id))


def save_area(report, area, values: dict, *, acting_user, source=Source.WEB, base_version=None, now=None,
              items=None, notes=None) -> SaveResult:
    """Save the values of one area ({item_id: int or None}); items not given keep their value.
    `notes` ({item_id: text}) sets the officer's explanations of values; items not given keep theirs.

    Raises PermissionDenied for a user who may not edit this district, EditRefused when the
    window or the review state forbids it, StaleEdit when base_version is out of date.
    `report` may be unsaved (DistrictReport(round=..., district=...)): the district's report is
    then found under the lock, or created by this first save.
    `items` (the area's work items) saves a query when the caller already has them.
    """
    change = AreaChange(area=area, values=values, base_version=base_version, items=items, notes=notes)
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
        for change in changes:
            area_report = area_reports[change.area.pk]
            if change.base_version is not None and int(change.base_version) != area_report.version:
                raise StaleEdit(
                    current_version=area_report.version,
                    changed_by=area_report.updated_by,
                    changed_at=area_report.updated_at,
                    current_values={item_id: existing[item_id].value for item_id in items_of[change.area.pk]
                                    if item_id in existing},
                )
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
                deadlines=deadlines,
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
