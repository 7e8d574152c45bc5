"""Who may manage whose account.

A provincial administrator manages the district officers and directors of its own province;
the department administrator manages everyone. Accounts outside a user's reach are a 404 (they
are fetched through manageable_users); a peer or oneself in reach is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Role, User

MANAGER_ROLES = (Role.PROVINCIAL_ADMIN, Role.DEPARTMENT_ADMIN)
PROVINCE_MANAGED_ROLES = (Role.DISTRICT_OFFICER, Role.PROVINCIAL_DIRECTOR)


def require_manager(user):
    if user.role not in MANAGER_ROLES or not user.is_active:
        raise PermissionDenied


def can_manage_province(user, province) -> bool:
    if not user.is_active:
        return False
    if user.role == Role.DEPARTMENT_ADMIN:
        return True
    return user.role == Role.PROVINCIAL_ADMIN and user.province_id == province.pk


def visible_users(user):
    """Accounts a manager may look at: its province's, or everyone's for the department."""
    require_manager(user)
    users = User.objects.select_related("district__province", "province")
    if user.role == Role.DEPARTMENT_ADMIN:
        return users
    return users.filter(province_id=user.province_id)


def get_visible_user(user, username: str) -> User:
    try:
        return visible_users(user).get(username=username)
    except User.DoesNotExist:
        raise Http404 from None


def may_manage(acting_user, target) -> bool:
    if target.pk == acting_user.pk or target.is_superuser or not acting_user.is_active:
        return False
    if acting_user.role == Role.DEPARTMENT_ADMIN:
        return True
    return (
        acting_user.role == Role.PROVINCIAL_ADMIN
        and target.province_id == acting_user.province_id
        and target.role in PROVINCE_MANAGED_ROLES
    )


def check_can_manage_user(acting_user, target):
    if not may_manage(acting_user, target):
        raise PermissionDenied
