"""Changes to the administrative list that people make (the official list itself comes from geothai)."""

from django.db import transaction

from wts.audit.models import AuditEvent, Source
from wts.audit.vocabulary import AuditAction
from wts.lib.permissions import require

FIGURE_FIELDS = ("pao_count", "municipality_count", "sao_count", "positions_framework", "positions_filled")


def do_update_district_figures(district, values: dict, *, acting_user, source=Source.WEB) -> list[str]:
    """A district's context figures (อปท. counts, positions): the department's to correct, audited."""
    require(acting_user, "wts.edit_district_figures")
    with transaction.atomic():
        # Compared with the stored row: an admin form has already copied its values onto `district`.
        current = type(district).objects.select_for_update().get(pk=district.pk)
        changed = [name for name in FIGURE_FIELDS if name in values and getattr(current, name) != values[name]]
        if not changed:
            return []
        old = {name: getattr(current, name) for name in changed}
        for name in changed:
            setattr(current, name, values[name])
            setattr(district, name, values[name])
        current.save(update_fields=changed)
        AuditEvent.record(
            AuditAction.DISTRICT_FIGURES_CHANGED, actor=acting_user, source=source, district=current,
            old_value=", ".join(f"{_label(current, k)} {v:,}" for k, v in old.items()),
            new_value=", ".join(f"{_label(current, k)} {values[k]:,}" for k in changed), data={"fields": changed},
        )
    return changed


HELPDESK_FIELDS = ("name", "phone", "line_id", "hours")


def do_update_province_helpdesk(province, values: dict, *, acting_user, source=Source.WEB) -> list[str]:
    """The province's help-desk contact (name, phone, LINE ID, hours): its provincial administrator's
    or the department's to set, audited. Returns the names of the fields that changed."""
    from .models import ProvinceHelpDesk

    require(acting_user, "wts.edit_province_helpdesk", province)
    with transaction.atomic():
        desk = ProvinceHelpDesk.objects.select_for_update().filter(province=province).first()
        old = {name: getattr(desk, name) if desk else "" for name in HELPDESK_FIELDS}
        changed = [name for name in HELPDESK_FIELDS if name in values and old[name] != values[name]]
        if not changed:
            return []
        desk = desk or ProvinceHelpDesk(province=province)
        for name in changed:
            setattr(desk, name, values[name])
        desk.updated_by = acting_user
        desk.save()
        AuditEvent.record(
            AuditAction.HELPDESK_CHANGED, actor=acting_user, source=source, province=province,
            old_value=", ".join(f"{k}={old[k]}" for k in changed),
            new_value=", ".join(f"{k}={values[k]}" for k in changed), data={"fields": changed},
        )
    return changed


def _label(district, name) -> str:
    """The field's Thai name: the audit is read by people, never a column name."""
    return str(district._meta.get_field(name).verbose_name)
