from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wts.audit.models import AuditEvent

from .default_catalog import DEFAULT_CATALOG
from .models import MissionArea, WorkItem


def _create(round_, catalog):
    areas = MissionArea.objects.bulk_create(
        [MissionArea(round=round_, number=number, name=name) for number, name, _items in catalog]
    )
    by_number = {a.number: a for a in MissionArea.objects.filter(round=round_)}
    WorkItem.objects.bulk_create(
        [
            WorkItem(
                area=by_number[number], code=code, name=name, unit=unit, standard_minutes=Decimal(minutes),
                max_value=maximum, help_text=help_text, order=index,
            )
            for number, _name, items in catalog
            for index, (code, name, unit, minutes, maximum, help_text) in enumerate(items, start=1)
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
            "catalog.default_loaded", actor=acting_user, round=round_, message=_("โหลดแบบฟอร์มมาตรฐาน 8 ด้าน")
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
                    (i.code, i.name, i.unit, i.standard_minutes, i.max_value, i.help_text)
                    for i in area.items.all()
                ],
            )
            for area in MissionArea.objects.filter(round=source_round).prefetch_related("items")
        ]
        if not catalog:
            raise ValidationError(_("รอบต้นทางไม่มีแบบฟอร์ม"))
        _create(target_round, catalog)
        for area in MissionArea.objects.filter(round=target_round):
            source = MissionArea.objects.get(round=source_round, number=area.number)
            area.description = source.description
            area.save(update_fields=["description"])
        AuditEvent.record(
            "catalog.copied", actor=acting_user, round=target_round,
            message=_("คัดลอกแบบฟอร์มจาก %(source)s") % {"source": source_round},
        )
