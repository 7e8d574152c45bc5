"""Who may do what with rounds and deadlines: the department administrator manages, the
department viewer reads, nobody else sees these pages. Views, actions and templates ask here."""

from django.core.exceptions import PermissionDenied

from wts.accounts.models import DEPARTMENT_ROLES, Role


def may_read_rounds(user) -> bool:
    return user.is_authenticated and user.role in DEPARTMENT_ROLES


def may_manage_rounds(user) -> bool:
    return user.is_authenticated and user.role == Role.DEPARTMENT_ADMIN


def check_rounds_access(user, *, manage: bool = False) -> None:
    """403 unless the user may read (or, with ``manage``, change) rounds and deadlines."""
    if not (may_manage_rounds(user) if manage else may_read_rounds(user)):
        raise PermissionDenied
