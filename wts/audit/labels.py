"""Thai names of audit actions for the timeline and the search. A code not in the vocabulary
(recorded by an older version) shows its code, so nothing recorded is ever hidden."""

import datetime as dt

from django.utils.translation import gettext as _

from .vocabulary import AuditAction

ACTION_LABELS = {action.value: action.label for action in AuditAction}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def value_display(raw: str) -> str:
    """A recorded before/after value as a person reads it: numbers grouped, times in the Buddhist
    Era, and the yes/no that older rows stored as Python's True/False in Thai."""
    from wts.lib.ids import is_ascii_digits
    from wts.lib.thai import thai_datetime

    if raw in ("True", "False"):
        return _("ใช่") if raw == "True" else _("ไม่ใช่")
    if is_ascii_digits(raw, max_digits=18):
        return f"{int(raw):,}"
    if len(raw) >= 19 and raw[4:5] == "-" and raw[10:11] == "T":
        try:
            return thai_datetime(dt.datetime.fromisoformat(raw))
        except ValueError:
            return raw
    return raw
