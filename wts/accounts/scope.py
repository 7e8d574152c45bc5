"""Every object a user can reach is fetched here, filtered by that user's scope.

Outside the scope is a 404 (the object does not exist for this user); a forbidden action on an
object in scope is a 403, decided by the caller.
"""

from django.http import Http404

from wts.geography.models import District, Province
from wts.lib.permissions import require
from wts.lib.prepared import PreparedRead

from .models import DEPARTMENT_ROLES, PROVINCE_ROLES, Role, User


def provinces_for(user):
    if not user.is_authenticated or not user.is_active:
        return Province.objects.none()
    if user.role in DEPARTMENT_ROLES:
        return Province.objects.all()
    if user.role in PROVINCE_ROLES or user.role == Role.DISTRICT_OFFICER:
        return Province.objects.filter(pk=user.province_id)
    return Province.objects.none()


def districts_for(user):
    if not user.is_authenticated or not user.is_active:
        return District.objects.none()
    if user.role in DEPARTMENT_ROLES:
        return District.objects.all()
    if user.role in PROVINCE_ROLES:
        return District.objects.filter(province_id=user.province_id)
    if user.role == Role.DISTRICT_OFFICER:
        return District.objects.filter(pk=user.district_id)
    return District.objects.none()


def get_province_for(user, code: str) -> Province:
    try:
        return provinces_for(user).get(code=code)
    except Province.DoesNotExist:
        raise Http404 from None


# get_district_for runs on every page and call about one district: the reads of districts_for's
# scopes, compiled once (wts/lib/prepared.py).
_any_district = PreparedRead(lambda code: District.objects.filter(code=code).select_related("province"),
                             kinds=(str,))
_district_of_province = PreparedRead(lambda province_id, code: District.objects.filter(
    province_id=province_id, code=code).select_related("province"), kinds=(int, str))
_own_district = PreparedRead(lambda district_id, code: District.objects.filter(
    pk=district_id, code=code).select_related("province"), kinds=(int, str))


def get_district_for(user, code: str) -> District:
    """The district of this code within the user's scope (the scope of districts_for), or 404."""
    found = None
    if user.is_authenticated and user.is_active:
        if user.role in DEPARTMENT_ROLES:
            found = _any_district.first(str(code))
        elif user.role in PROVINCE_ROLES and user.province_id is not None:
            found = _district_of_province.first(user.province_id, str(code))
        elif user.role == Role.DISTRICT_OFFICER and user.district_id is not None:
            found = _own_district.first(user.district_id, str(code))
    if found is None:
        raise Http404
    return found


def visible_users(user):
    """Accounts a manager may look at: its province's, or everyone's for the department."""
    require(user, "wts.manage_accounts")
    users = User.objects.select_related("district__province", "province")
    if user.role == Role.DEPARTMENT_ADMIN:
        return users
    return users.filter(province_id=user.province_id)


def get_visible_user(user, username: str) -> User:
    try:
        return visible_users(user).get(username=username)
    except User.DoesNotExist:
        raise Http404 from None
