"""Who may see and change the form catalog: the one place that decides it, asked by views, actions
and the admin alike (to become a named permission later)."""

from django.core.exceptions import PermissionDenied

from wts.accounts.models import DEPARTMENT_ROLES, Role


def can_change_catalog(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.role == Role.DEPARTMENT_ADMIN)


def require_catalog_access(user, *, change: bool = False) -> None:
    """Department administrators edit, department viewers read, everyone else gets 403."""
    if change:
        if not can_change_catalog(user):
            raise PermissionDenied
        return
    if not (user and user.is_authenticated and user.is_active and user.role in DEPARTMENT_ROLES):
        raise PermissionDenied
