"""Changes of the form catalog. The page, the XLSX import, the admin and commands all call these,
so the rules below hold on every path:

- a closed round's catalog is read-only;
- once the round holds values (any recorded value of one of its items), nothing that would change
  what a stored value means: no removing an item, no new unit or code, no renumbering areas, and
  no adding items (see ``add_item``);
- a maximum is never lowered below a value already recorded;
- standard minutes may change at any time; the audit row records the effect on the national
  staffing figures.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wts.audit.models import AuditEvent, Source
from wts.audit.vocabulary import AuditAction
from wts.lib.errors import Refused
from wts.lib.permissions import require
from wts.lib.thai import to_arabic_digits as to_arabic
from wts.rounds.models import Round

from .default_catalog import DEFAULT_CATALOG
from .effects import StaffingBaseline, StaffingEffect
from .forms import WorkItemForm
from .models import MissionArea, PositionType, WorkItem
from .wisn import DEFAULT_POSITION_TYPES, DEFAULT_WORKING_TIME, METHOD_FIELDS

ITEM_FIELDS = ("code", "name", "unit", "standard_minutes", "max_value", "help_text", "order")
AREA_FIELDS = ("number", "name", "description")


class CatalogRefused(Refused):
    """A catalog change the rules forbid; ``field`` names the form field the message belongs to."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field


def _create(round_, catalog, position_types=None):
    """The round's areas and items, and its position types (the given ones, copied with their
    method, or the defaults); an item goes to the type of its code in the source, else the first."""
    types = PositionType.objects.bulk_create(
        [PositionType(round=round_, **values) for values in position_types]
        if position_types else
        [PositionType(round=round_, code=code, name=name, order=index, **DEFAULT_WORKING_TIME)
         for index, (code, name) in enumerate(DEFAULT_POSITION_TYPES, start=1)]
    )
    by_code = {t.code: t for t in PositionType.objects.filter(round=round_)}
    default_type = by_code[min(types, key=lambda t: (t.order, t.code)).code]
    areas = MissionArea.objects.bulk_create(
        [MissionArea(round=round_, number=number, name=name) for number, name, _items in catalog]
    )
    by_number = {a.number: a for a in MissionArea.objects.filter(round=round_)}
    WorkItem.objects.bulk_create(
        [
            WorkItem(
                area=by_number[number], code=code, name=name, unit=unit, standard_minutes=Decimal(minutes),
                max_value=maximum, help_text=help_text, order=index,
                position_type=by_code.get(type_code, default_type),
            )
            for number, _name, items in catalog
            for index, (code, name, unit, minutes, maximum, help_text, *type_code) in enumerate(items, start=1)
            for type_code in [type_code[0] if type_code else None]
        ]
    )
    return areas


def load_default_catalog(round_, *, acting_user=None):
    """Give a round with no form the default 8-area catalog."""
    with transaction.atomic():
        if MissionArea.objects.filter(round=round_).exists():
            raise ValidationError(_("รอบนี้มีแบบฟอร์มอยู่แล้ว"))
        _create(round_, DEFAULT_CATALOG)
        AuditEvent.record(
            AuditAction.CATALOG_DEFAULT_LOADED, actor=acting_user, round=round_, message=_("โหลดแบบฟอร์มมาตรฐาน 8 ด้าน")
        )


def copy_catalog(source_round, target_round, *, acting_user):
    """Copy a round's form into a round with none; later edits of either leave the other alone."""
    with transaction.atomic():
        if MissionArea.objects.filter(round=target_round).exists():
            raise ValidationError(_("รอบปลายทางมีแบบฟอร์มอยู่แล้ว"))
        catalog = [
            (
                area.number,
                area.name,
                [
                    (i.code, i.name, i.unit, i.standard_minutes, i.max_value, i.help_text,
                     i.position_type.code if i.position_type else None)
                    for i in area.items.select_related("position_type")
                ],
            )
            for area in MissionArea.objects.filter(round=source_round)
        ]
        if not catalog:
            raise ValidationError(_("รอบต้นทางไม่มีแบบฟอร์ม"))
        position_types = [
            {"code": t.code, "name": t.name, "order": t.order, **{n: getattr(t, n) for n in METHOD_FIELDS}}
            for t in PositionType.objects.filter(round=source_round)
        ]
        _create(target_round, catalog, position_types)
        for area in MissionArea.objects.filter(round=target_round):
            source = MissionArea.objects.get(round=source_round, number=area.number)
            area.description = source.description
            area.save(update_fields=["description"])
        AuditEvent.record(
            AuditAction.CATALOG_COPIED, actor=acting_user, round=target_round,
            message=_("คัดลอกแบบฟอร์มจาก %(source)s") % {"source": source_round},
        )


def field_labels() -> dict:
    return {
        "number": _("ลำดับด้าน"), "description": _("คำอธิบายด้าน"), "code": _("รหัส"), "name": _("ชื่อ"),
        "unit": _("หน่วยนับ"), "standard_minutes": _("เวลามาตรฐาน (นาที)"), "max_value": _("ค่าสูงสุด"),
        "help_text": _("คำอธิบาย"), "order": _("ลำดับ"),
    }


def round_holds_values(round_) -> bool:
    """Whether any district has recorded a value for an item of the round (read through the
    catalog's own relation, so catalog needs nothing from the entry app above it)."""
    return WorkItem.objects.filter(area__round=round_, values__value__isnull=False).exists()


def _open_round(round_) -> Round:
    """The round re-read under a lock, refused when closed (by now, not when the page was loaded)."""
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if locked.closed_at is not None:
        raise CatalogRefused(_("รอบนี้ปิดแล้ว แบบฟอร์มแก้ไขไม่ได้"))
    return locked


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


def _snapshot(obj, fields) -> dict:
    return {name: _plain(getattr(obj, name)) for name in fields}


def _describe(values: dict) -> str:
    labels = field_labels()
    return "; ".join(
        f"{labels.get(name, name)}: {', '.join(value) if isinstance(value, list) else value}"
        for name, value in values.items()
    )


def _effect_text(effect: StaffingEffect) -> str:
    return _("FTE ทั้งประเทศ %(before)s → %(after)s (อำเภอที่ได้รับผล %(districts)s แห่ง)") % {
        "before": f"{effect.fte_before:,.1f}", "after": f"{effect.fte_after:,.1f}",
        "districts": f"{effect.districts_affected:,}",
    }


def _record(action, *, acting_user, source, round_, area, before, after, message, **data):
    """One audit row with the values before and after (JSON in data, readable text in the columns).
    The item is named in data, not linked: a linked audit row would keep a removed item alive."""
    return AuditEvent.record(
        action, actor=acting_user, source=source, round=round_, area=area,
        old_value=_describe(before), new_value=_describe(after), message=message,
        data={"before": before, "after": after, **data},
    )


def update_area(area, *, name, description="", number=None, acting_user, source=Source.WEB) -> MissionArea:
    """Rename, describe or move an area. Moving swaps numbers with the area now at that place,
    refused once values exist: workbooks and the API name areas by number."""
    require(acting_user, "wts.change_catalog")
    with transaction.atomic():
        round_ = _open_round(area.round)
        area = MissionArea.objects.select_for_update().get(pk=area.pk)
        area.round = round_
        before = _snapshot(area, AREA_FIELDS)
        number = area.number if number is None else int(number)
        swapped = None
        if number != area.number:
            if round_holds_values(round_):
                raise CatalogRefused(
                    _("เปลี่ยนลำดับด้านไม่ได้ เพราะรอบนี้มีการบันทึกค่าแล้ว ไฟล์ Excel และ API ของอำเภออ้างถึงด้านตามลำดับ"),
                    field="number",
                )
            swapped = MissionArea.objects.filter(round=round_, number=number).first()
            if swapped is None:
                raise CatalogRefused(_("ไม่มีด้านที่ %(number)s ในรอบนี้") % {"number": number}, field="number")
            old_number = area.number
            # Three steps through a free number: (round, number) is unique at every moment.
            MissionArea.objects.filter(pk=swapped.pk).update(number=0)
            MissionArea.objects.filter(pk=area.pk).update(number=number)
            MissionArea.objects.filter(pk=swapped.pk).update(number=old_number)
            area.number = number
        area.name = " ".join(name.split())
        area.description = description.strip()
        if not area.name:
            raise CatalogRefused(_("กรุณากรอกชื่อด้าน"), field="name")
        area.save(update_fields=["name", "description"])
        after = _snapshot(area, AREA_FIELDS)
        changed = [k for k in AREA_FIELDS if before[k] != after[k]]
        if changed:
            message = _("ด้านที่ %(number)s %(name)s") % {"number": area.number, "name": area.name}
            if swapped is not None:
                message += " · " + _("สลับลำดับกับ %(other)s") % {"other": swapped.name}
            _record(
                AuditAction.CATALOG_AREA_CHANGED, acting_user=acting_user, source=source, round_=round_, area=area,
                before={k: before[k] for k in changed}, after={k: after[k] for k in changed}, message=message,
            )
        return area


def _refuse_taken_code(round_, code, exclude_pk=None):
    taken = WorkItem.objects.filter(area__round=round_, code=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise CatalogRefused(_("รหัส %(code)s มีอยู่แล้วในแบบฟอร์มของรอบนี้") % {"code": code}, field="code")


def _refuse_bad_numbers(standard_minutes, max_value):
    if standard_minutes is not None and Decimal(standard_minutes) < 0:
        raise CatalogRefused(_("ต้องไม่ติดลบ"), field="standard_minutes")
    if max_value is not None and int(max_value) < 1:
        raise CatalogRefused(_("ค่าสูงสุดต้องเป็นจำนวนเต็มบวก"), field="max_value")


def add_item(area, *, code, name, unit, standard_minutes, max_value, help_text="", order=None, acting_user,
             source=Source.WEB) -> WorkItem:
    """Add a work item to an area.

    Refused once the round holds values. A new item makes every area a district has completed
    incomplete again (an area is complete when all its items hold a value, and the entry counters
    areas_complete / filled_count were computed without it), and reports already confirmed would
    lack it. Recomputing those counters here would have the catalog write the entry app's tables
    and silently reopen confirmed work, so the department adds items before recording starts, or
    in the next round.
    """
    require(acting_user, "wts.change_catalog")
    with transaction.atomic():
        round_ = _open_round(area.round)
        if round_holds_values(round_):
            raise CatalogRefused(_(
                "เพิ่มรายการไม่ได้ เพราะรอบนี้มีการบันทึกค่าแล้ว รายการใหม่จะทำให้ด้านที่อำเภอบันทึกครบแล้วกลายเป็นไม่ครบ "
                "และรายงานที่ยืนยันแล้วจะขาดรายการนี้ โปรดเพิ่มในรอบถัดไป"
            ))
        _refuse_taken_code(round_, code)
        _refuse_bad_numbers(standard_minutes, max_value)
        if order is None:
            last = area.items.order_by("-order").values_list("order", flat=True).first()
            order = (last or 0) + 1
        item = WorkItem.objects.create(
            area=area, code=code, name=name, unit=unit, standard_minutes=Decimal(standard_minutes),
            max_value=int(max_value), help_text=help_text, order=order,
            position_type=default_position_type(round_),
        )
        item.refresh_from_db()
        after = _snapshot(item, ITEM_FIELDS)
        _record(
            AuditAction.CATALOG_ITEM_ADDED, acting_user=acting_user, source=source, round_=round_, area=area,
            before={}, after=after, message=f"{item.code} {item.name}", item_id=item.pk, item_code=item.code,
        )
        return item


@dataclass
class ItemUpdate:
    item: WorkItem
    before: dict = field(default_factory=dict)  # only the fields that changed
    after: dict = field(default_factory=dict)
    effect: StaffingEffect | None = None

    @property
    def changed(self) -> bool:
        return bool(self.after)


def update_item(item, *, acting_user, source=Source.WEB, baseline: StaffingBaseline | None = None,
                **changes) -> ItemUpdate:
    """Change some fields of a work item (keyword arguments among ITEM_FIELDS; None keeps a value).

    A change of standard minutes is always allowed and its audit row carries the effect on the
    national FTE needed; ``baseline`` lets a caller changing many items read the volumes once.
    """
    unknown = set(changes) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"unknown work item fields: {sorted(unknown)}")
    require(acting_user, "wts.change_catalog")
    with transaction.atomic():
        round_ = _open_round(item.area.round)
        item = WorkItem.objects.select_for_update().select_related("area").get(pk=item.pk)
        wanted = {k: v for k, v in changes.items() if v is not None}
        if "standard_minutes" in wanted:
            wanted["standard_minutes"] = Decimal(wanted["standard_minutes"]).quantize(Decimal("0.1"))
        diff = {k: v for k, v in wanted.items() if v != getattr(item, k)}
        result = ItemUpdate(item=item)
        if not diff:
            return result
        _refuse_bad_numbers(diff.get("standard_minutes"), diff.get("max_value"))
        if "code" in diff:
            _refuse_taken_code(round_, diff["code"], exclude_pk=item.pk)
        if ("code" in diff or "unit" in diff) and round_holds_values(round_):
            if "unit" in diff:
                raise CatalogRefused(
                    _("เปลี่ยนหน่วยนับไม่ได้ เพราะรอบนี้มีการบันทึกค่าแล้ว ค่าที่บันทึกไว้นับเป็น “%(unit)s”")
                    % {"unit": item.unit}, field="unit",
                )
            raise CatalogRefused(
                _("เปลี่ยนรหัสไม่ได้ เพราะรอบนี้มีการบันทึกค่าแล้ว รหัสใช้จับคู่รายการข้ามรอบในการวิเคราะห์อัตรากำลังและในไฟล์ Excel ของอำเภอ"),
                field="code",
            )
        if "max_value" in diff and diff["max_value"] < item.max_value:
            above = item.values.filter(value__gt=diff["max_value"])
            count = above.count()
            if count:
                highest = max(above.values_list("value", flat=True))
                raise CatalogRefused(
                    _("ลดค่าสูงสุดเป็น %(max)s ไม่ได้ มีค่าที่บันทึกไว้แล้วเกินค่านี้ %(count)s ค่า (สูงสุด %(highest)s)")
                    % {"max": f"{diff['max_value']:,}", "count": f"{count:,}", "highest": f"{highest:,}"},
                    field="max_value",
                )
        if "standard_minutes" in diff:
            baseline = baseline or StaffingBaseline(round_)
            result.effect = baseline.effect({item.code: diff["standard_minutes"]})
        before = {k: _plain(getattr(item, k)) for k in diff}
        old_code = item.code
        for name, value in diff.items():
            setattr(item, name, value)
        item.save(update_fields=list(diff))
        if baseline is not None:
            if "code" in diff:
                baseline.rename(old_code, item.code)
            if "standard_minutes" in diff:
                baseline.accept({item.code: diff["standard_minutes"]})
        result.before, result.after = before, {k: _plain(v) for k, v in diff.items()}
        message = f"{item.code} {item.name}"
        extra = {}
        if result.effect is not None:
            message += " · " + _effect_text(result.effect)
            extra["staffing_effect"] = result.effect.as_data()
        _record(
            AuditAction.CATALOG_ITEM_CHANGED, acting_user=acting_user, source=source, round_=round_, area=item.area,
            before=result.before, after=result.after, message=message, item_id=item.pk, item_code=item.code, **extra,
        )
        return result


def remove_item(item, *, acting_user, source=Source.WEB) -> None:
    """Remove a work item, refused once the round holds values (they would lose their meaning)."""
    require(acting_user, "wts.change_catalog")
    with transaction.atomic():
        round_ = _open_round(item.area.round)
        item = WorkItem.objects.select_for_update().select_related("area").get(pk=item.pk)
        if round_holds_values(round_):
            raise CatalogRefused(_(
                "ลบรายการนี้ไม่ได้ เพราะรอบนี้มีการบันทึกค่าแล้ว ค่าที่อำเภอบันทึกไว้จะไม่มีความหมาย "
                "หากไม่ต้องการใช้รายการนี้ ให้แก้คำอธิบายแทน"
            ))
        if item.values.exists() or AuditEvent.objects.filter(item=item).exists():
            raise CatalogRefused(_("ลบรายการนี้ไม่ได้ เพราะมีประวัติการบันทึกค่าของรายการนี้แล้ว"))
        before = _snapshot(item, ITEM_FIELDS)
        area, item_id = item.area, item.pk
        item.delete()
        _record(
            AuditAction.CATALOG_ITEM_REMOVED, acting_user=acting_user, source=source, round_=round_, area=area,
            before=before, after={}, message=f"{before['code']} {before['name']}", item_id=item_id,
            item_code=before["code"],
        )


def reorder_items(area, item_ids, *, acting_user, source=Source.WEB) -> None:
    """Put an area's items in the given order (every item of the area, each once)."""
    require(acting_user, "wts.change_catalog")
    with transaction.atomic():
        round_ = _open_round(area.round)
        items = {i.pk: i for i in WorkItem.objects.select_for_update().filter(area=area)}
        item_ids = [int(pk) for pk in item_ids]
        if sorted(item_ids) != sorted(items):
            raise CatalogRefused(_("รายการที่จะเรียงไม่ตรงกับรายการของด้านนี้ โปรดโหลดหน้าใหม่แล้วลองอีกครั้ง"))
        before = [i.code for i in sorted(items.values(), key=lambda i: (i.order, i.code))]
        for position, pk in enumerate(item_ids, start=1):
            items[pk].order = position
        WorkItem.objects.bulk_update(list(items.values()), ["order"])
        after = [items[pk].code for pk in item_ids]
        if before != after:
            _record(
                AuditAction.CATALOG_ITEMS_REORDERED, acting_user=acting_user, source=source, round_=round_, area=area,
                before={"order": before}, after={"order": after},
                message=_("ด้านที่ %(number)s") % {"number": area.number},
            )


@dataclass
class ImportRow:
    """One row of an uploaded catalog sheet, as text (what the person typed)."""

    row_number: int
    area_number: str = ""
    area_name: str = ""
    code: str = ""
    name: str = ""
    unit: str = ""
    standard_minutes: str = ""
    max_value: str = ""
    help_text: str = ""
    order: str = ""

    def item_data(self) -> dict:
        return {k: getattr(self, k) for k in ITEM_FIELDS}


@dataclass
class RowResult:
    row_number: int
    code: str
    kind: str = "unchanged"  # added, changed, unchanged, refused
    changes: list = field(default_factory=list)  # (label, before, after)
    reasons: list = field(default_factory=list)
    effect: StaffingEffect | None = None


@dataclass
class ImportPlan:
    rows: list = field(default_factory=list)
    applied: bool = False
    effect: StaffingEffect | None = None

    def count(self, kind) -> int:
        return sum(1 for r in self.rows if r.kind == kind)

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def changed(self) -> int:
        return self.count("changed")

    @property
    def refused(self) -> int:
        return self.count("refused")

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed)


def import_catalog(round_, rows: list[ImportRow], *, acting_user, apply: bool = False,
                   source=Source.IMPORT) -> ImportPlan:
    """Add and change items (and rename areas) from an uploaded sheet, through the same forms and
    actions as the page. Items missing from the sheet are left alone: removing is a page action.

    The rows are applied in one transaction, each in its own savepoint so a refused row is
    reported without stopping the others. A dry run (``apply=False``) rolls everything back and
    returns what would happen; an apply with any refused row rolls back too, so an import is
    all or nothing.
    """
    require(acting_user, "wts.change_catalog")
    plan = ImportPlan()
    labels = field_labels()
    with transaction.atomic():
        round_ = _open_round(round_)
        areas = {a.number: a for a in MissionArea.objects.filter(round=round_)}
        items = {i.code: i for i in WorkItem.objects.filter(area__round=round_).select_related("area")}
        baseline = StaffingBaseline(round_)
        original_minutes = dict(baseline.minutes)
        minute_changes = {}
        first_row_of_code, area_name_from = {}, {}
        for row in rows:
            result = RowResult(row_number=row.row_number, code=row.code.strip())
            plan.rows.append(result)
            try:
                area_number = int(to_arabic(row.area_number).strip() or "0")
            except ValueError:
                area_number = 0
            area = areas.get(area_number)
            if area is None:
                result.kind = "refused"
                result.reasons.append(_("ไม่มีด้านที่ “%(number)s” ในแบบฟอร์มของรอบนี้") % {"number": row.area_number})
                continue
            code_key = "".join(to_arabic(row.code).split())
            if code_key and code_key in first_row_of_code:
                result.kind = "refused"
                result.reasons.append(
                    _("รหัส %(code)s ซ้ำกับแถวที่ %(row)s") % {"code": code_key, "row": first_row_of_code[code_key]}
                )
                continue
            first_row_of_code.setdefault(code_key, row.row_number)
            form = WorkItemForm(row.item_data(), round_=round_, instance=items.get(code_key))
            if not form.is_valid():
                result.kind = "refused"
                for name, errors in form.errors.items():
                    label = form.fields[name].label if name in form.fields else ""
                    result.reasons.extend(f"{label}: {e}" if label else str(e) for e in errors)
                continue
            data = form.cleaned_data
            existing = items.get(data["code"])
            if existing is not None and existing.area_id != area.pk:
                result.kind = "refused"
                result.reasons.append(
                    _("รายการ %(code)s อยู่ในด้านที่ %(number)s ย้ายข้ามด้านด้วยการนำเข้าไม่ได้")
                    % {"code": existing.code, "number": existing.area.number}
                )
                continue
            try:
                with transaction.atomic():
                    area_name = " ".join(row.area_name.split())
                    if area_name and area_name != area.name:
                        if area.number in area_name_from:
                            raise CatalogRefused(
                                _("ชื่อด้านไม่ตรงกับแถวที่ %(row)s") % {"row": area_name_from[area.number]}
                            )
                        old_name = area.name
                        area = update_area(
                            area, name=area_name, description=area.description, acting_user=acting_user, source=source
                        )
                        areas[area.number] = area
                        result.changes.append((_("ชื่อด้าน"), old_name, area.name))
                    area_name_from.setdefault(area.number, row.row_number)
                    if existing is None:
                        item = add_item(area, acting_user=acting_user, source=source, **data)
                        items[item.code] = item
                        result.kind = "added"
                    else:
                        update = update_item(existing, acting_user=acting_user, source=source, baseline=baseline, **data)
                        items[update.item.code] = update.item
                        result.effect = update.effect
                        if "standard_minutes" in update.after:
                            minute_changes[update.item.code] = Decimal(update.after["standard_minutes"])
                        result.changes.extend(
                            (labels[k], update.before[k], update.after[k]) for k in update.after
                        )
                        result.kind = "changed" if result.changes else "unchanged"
            except CatalogRefused as exc:
                result.kind = "refused"
                result.changes = []
                result.reasons.append(exc.message)
        if minute_changes:
            # The effect of every minute change together, from the catalog as it was before the import.
            plan.effect = baseline.effect(minute_changes, minutes=original_minutes)
        plan.applied = apply and not plan.refused and plan.has_changes
        if plan.applied:
            message = _("เพิ่ม %(added)s รายการ แก้ไข %(changed)s รายการ") % {"added": plan.added, "changed": plan.changed}
            if plan.effect is not None:
                message += " · " + _effect_text(plan.effect)
            AuditEvent.record(
                AuditAction.CATALOG_IMPORTED, actor=acting_user, source=source, round=round_, message=message,
                data={"added": plan.added, "changed": plan.changed, "rows": len(rows),
                      **({"staffing_effect": plan.effect.as_data()} if plan.effect else {})},
            )
        else:
            transaction.set_rollback(True)
    return plan


def give_new_round_its_catalog(sender, *, round, acting_user, **kwargs) -> dict:
    """A new round starts with the latest earlier round's catalog, or the default one if there is
    none (receiver of rounds.signals.round_created, inside create_round's transaction)."""
    previous = (round.__class__.objects.filter(fiscal_year__lt=round.fiscal_year, areas__isnull=False)
                .order_by("-fiscal_year").distinct().first())
    if previous is not None:
        copy_catalog(previous, round, acting_user=acting_user)
    else:
        load_default_catalog(round, acting_user=acting_user)
    return {"message": _("(แบบฟอร์มจาก %(source)s)") % {"source": previous if previous else _("แบบฟอร์มมาตรฐาน")},
            "catalog_from": previous.fiscal_year if previous else None}


def default_position_type(round_) -> PositionType | None:
    """The type a new item belongs to until the department moves it: the first of the round."""
    return PositionType.objects.filter(round=round_).order_by("order", "code").first()


POSITION_TYPE_FIELDS = ("code", "name", "order", *METHOD_FIELDS)


def add_position_type(round_, *, acting_user, source=Source.WEB, **values) -> PositionType:
    require(acting_user, "wts.change_catalog")
    with transaction.atomic():
        round_ = _open_round(round_)
        if PositionType.objects.filter(round=round_, code=values["code"]).exists():
            raise CatalogRefused(_("รหัสนี้มีในรอบนี้แล้ว"), field="code")
        position_type = PositionType.objects.create(round=round_, **values)
        after = _snapshot(position_type, POSITION_TYPE_FIELDS)
        _record(
            AuditAction.CATALOG_POSITION_TYPE_ADDED, acting_user=acting_user, source=source, round_=round_, area=None,
            before={}, after=after, message=position_type.name, position_type_code=position_type.code,
        )
        return position_type


def update_position_type(position_type, *, acting_user, source=Source.WEB, **values) -> PositionType:
    """Change a type's name, order, working time or allowances (allowed while values are recorded:
    they change no recorded value, only what the analysis computes from them)."""
    require(acting_user, "wts.change_catalog")
    with transaction.atomic():
        round_ = _open_round(position_type.round)
        position_type = PositionType.objects.select_for_update().get(pk=position_type.pk)
        if values.get("code", position_type.code) != position_type.code and PositionType.objects.filter(
            round=round_, code=values["code"]
        ).exists():
            raise CatalogRefused(_("รหัสนี้มีในรอบนี้แล้ว"), field="code")
        before_all = _snapshot(position_type, POSITION_TYPE_FIELDS)
        for name, value in values.items():
            setattr(position_type, name, value)
        position_type.save()
        position_type.refresh_from_db()
        after_all = _snapshot(position_type, POSITION_TYPE_FIELDS)
        changed = [n for n in POSITION_TYPE_FIELDS if before_all[n] != after_all[n]]
        if changed:
            _record(
                AuditAction.CATALOG_POSITION_TYPE_CHANGED, acting_user=acting_user, source=source, round_=round_,
                area=None, before={n: before_all[n] for n in changed}, after={n: after_all[n] for n in changed},
                message=f"{position_type.name}: {_describe({n: after_all[n] for n in changed})}",
                position_type_code=position_type.code,
            )
        return position_type


def remove_position_type(position_type, *, acting_user, source=Source.WEB) -> None:
    require(acting_user, "wts.change_catalog")
    with transaction.atomic():
        round_ = _open_round(position_type.round)
        if position_type.items.exists():
            raise CatalogRefused(_("ลบไม่ได้ เพราะยังมีรายการงานของประเภทตำแหน่งนี้ โปรดย้ายรายการงานไปประเภทอื่นก่อน"))
        if PositionType.objects.filter(round=round_).count() == 1:
            raise CatalogRefused(_("ต้องมีประเภทตำแหน่งอย่างน้อยหนึ่งประเภท"))
        before = _snapshot(position_type, POSITION_TYPE_FIELDS)
        position_type.delete()
        _record(
            AuditAction.CATALOG_POSITION_TYPE_REMOVED, acting_user=acting_user, source=source, round_=round_,
            area=None, before=before, after={}, message=before["name"], position_type_code=before["code"],
        )


def assign_position_types(round_, assignments: dict, *, acting_user, source=Source.WEB) -> int:
    """Move items to position types ({item pk: type pk}); one audit row lists every move."""
    require(acting_user, "wts.change_catalog")
    with transaction.atomic():
        round_ = _open_round(round_)
        types = {t.pk: t for t in PositionType.objects.filter(round=round_)}
        items = {i.pk: i for i in WorkItem.objects.filter(area__round=round_).select_related("position_type")}
        moves = []
        for item_pk, type_pk in assignments.items():
            item, target = items.get(item_pk), types.get(type_pk)
            if item is None or target is None:
                raise CatalogRefused(_("รายการงานหรือประเภทตำแหน่งไม่อยู่ในรอบนี้"))
            if item.position_type_id != target.pk:
                moves.append((item, item.position_type, target))
        for item, _old, target in moves:
            item.position_type = target
            item.save(update_fields=["position_type"])
        if moves:
            _record(
                AuditAction.CATALOG_ITEMS_ASSIGNED, acting_user=acting_user, source=source, round_=round_, area=None,
                before={i.code: (old.code if old else None) for i, old, _t in moves},
                after={i.code: t.code for i, _old, t in moves},
                message="; ".join(f"{i.code} → {t.name}" for i, _old, t in moves),
            )
        return len(moves)
