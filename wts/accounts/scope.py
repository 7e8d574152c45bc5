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


def _district_scope(user) -> tuple[str, int | None] | None:
    """The one rule of which districts a user reaches: ("all", None), ("province", its id),
    ("district", its id), or None for none. districts_for and get_district_for both read it."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.role in DEPARTMENT_ROLES:
        return ("all", None)
    if user.role in PROVINCE_ROLES and user.province_id is not None:
        return ("province", user.province_id)
    if user.role == Role.DISTRICT_OFFICER and user.district_id is not None:
        return ("district", user.district_id)
    return None


def districts_for(user):
    scope = _district_scope(user)
    if scope is None:
        return District.objects.none()
    kind, pk = scope
    if kind == "all":
        return District.objects.all()
    if kind == "province":
        return District.objects.filter(province_id=pk)
    return District.objects.filter(pk=pk)


def get_province_for(user, code: str) -> Province:
    try:
        return provinces_for(user).get(code=code)
    except Province.DoesNotExist:
        raise Http404 from None


# get_district_for runs on every page and call about one district: districts_for's reads for one
# code, per kind of scope, compiled once (wts/lib/prepared.py).
_any_district = PreparedRead(lambda code: District.objects.filter(code=code).select_related("province"),
                             kinds=(str,))
_DISTRICT_IN_SCOPE = {
    "province": PreparedRead(lambda province_id, code: District.objects.filter(
        province_id=province_id, code=code).select_related("province"), kinds=(int, str)),
    "district": PreparedRead(lambda district_id, code: District.objects.filter(
        pk=district_id, code=code).select_related("province"), kinds=(int, str)),
}


def get_district_for(user, code: str) -> District:
    """The district of this code within the user's scope (districts_for's), or 404."""
    scope = _district_scope(user)
    found = None
    if scope is not None:
        kind, pk = scope
        found = _any_district.first(str(code)) if kind == "all" else _DISTRICT_IN_SCOPE[kind].first(pk, str(code))
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
