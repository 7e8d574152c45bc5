"""Who may see and act on background jobs. Downloads are each person's own (others get a 404)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from wts.accounts.models import DEPARTMENT_ROLES, Role

from .models import Job


def can_view_all_jobs(user) -> bool:
    return user.is_active and user.role in DEPARTMENT_ROLES


def can_manage_jobs(user) -> bool:
    """Retry failed jobs and set the reminder schedule."""
    return user.is_active and user.role == Role.DEPARTMENT_ADMIN


def require_view_all_jobs(user):
    if not can_view_all_jobs(user):
        raise PermissionDenied


def require_manage_jobs(user):
    if not can_manage_jobs(user):
        raise PermissionDenied


def get_own_job(user, pk) -> Job:
    try:
        return Job.objects.select_related("file").defer("file__content").get(pk=pk, owner=user)
    except Job.DoesNotExist:
        raise Http404 from None
