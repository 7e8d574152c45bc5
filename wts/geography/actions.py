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


def _label(district, name) -> str:
    """The field's Thai name: the audit is read by people, never a column name."""
    return str(district._meta.get_field(name).verbose_name)
