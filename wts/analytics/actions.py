"""The analysis's state changes: posts per district and position type, entered by the province."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wts.audit.models import AuditEvent, Source
from wts.audit.vocabulary import AuditAction
from wts.lib.permissions import require

from .models import DistrictPositions


@transaction.atomic
def set_province_positions(province, changes: dict, *, acting_user, source=Source.WEB) -> int:
    """Save posts {(district, type code): (framework, filled)} of one province's districts in one
    transaction with one audit row listing every change; returns how many rows changed."""
    require(acting_user, "wts.edit_district_positions", province)
    if any(district.province_id != province.pk for district, _code in changes):
        raise ValidationError(_("อำเภอนี้ไม่อยู่ในจังหวัด%(name)s") % {"name": province.name_th})
    existing = {
        (p.district_id, p.position_code): p
        for p in DistrictPositions.objects.select_for_update().filter(district__province=province)
    }
    changed = []
    for (district, code), (framework, filled) in changes.items():
        row = existing.get((district.pk, code))
        before = (row.framework, row.filled) if row else (None, None)
        if before == (framework, filled):
            continue
        if row is None:
            DistrictPositions.objects.create(district=district, position_code=code, framework=framework, filled=filled)
        else:
            row.framework, row.filled = framework, filled
            row.save(update_fields=["framework", "filled"])
        changed.append((district, code, before, (framework, filled)))
    if changed:
        def text(value):
            return "–" if value is None else f"{value:,}"

        AuditEvent.record(
            AuditAction.POSITIONS_CHANGED, actor=acting_user, source=source, province=province,
            old_value="; ".join(f"{d.name_th} {c}: {text(b[0])}/{text(b[1])}" for d, c, b, _a in changed),
            new_value="; ".join(f"{d.name_th} {c}: {text(a[0])}/{text(a[1])}" for d, c, _b, a in changed),
            message=_("กรอบ/คนครองตามประเภทตำแหน่ง %(n)s รายการ") % {"n": len(changed)},
            data={"changes": [
                {"district": d.code, "position_code": c, "before": list(b), "after": list(a)} for d, c, b, a in changed
            ]},
        )
    return len(changed)
