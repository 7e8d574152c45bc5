"""Thai names of audit actions for the timeline and the search. A code not in the vocabulary
(recorded by an older version) shows its code, so nothing recorded is ever hidden."""

from .vocabulary import AuditAction

ACTION_LABELS = {action.value: action.label for action in AuditAction}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
