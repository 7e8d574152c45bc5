"""The department's round lifecycle step that still lives here: closing a round (being moved to
``wts/rounds/actions.py`` by its owner). Every transition of a district's report is in
``wts.workflow.actions``."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wts.audit.models import AuditEvent, Source
from wts.lib.permissions import require
from wts.workflow.rules import TransitionRefused


def close_round(round_, *, acting_user, source=Source.WEB, now=None):
    """The department closes a round: from then on nothing in it changes."""
    require(acting_user, "wts.manage_rounds")
    from wts.rounds.models import Round

    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.is_closed:
            raise TransitionRefused(_("รอบการรายงานนี้ปิดแล้ว"))
        round_.closed_at = now or timezone.now()
        round_.closed_by = acting_user
        round_.save(update_fields=["closed_at", "closed_by"])
        AuditEvent.record("round.closed", actor=acting_user, source=source, round=round_, message=str(round_))
        return round_
