"""Who hears about a change: the active accounts of a district, a province or the nation, by role.

Every action that notifies someone asks here (the workflow's transitions, the round's windows and
extensions, the reminders, the weekly digest), so "who is told" has one meaning: an active account
of the role, in the scope named. `districts` and `provinces` take model instances or primary keys;
`None` means the whole nation.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet

from .models import Role, User


def _active(*roles) -> QuerySet:
    return User.objects.filter(role__in=roles, is_active=True)


def officers(districts: Iterable | None = None) -> QuerySet:
    """The active district officers (ท้องถิ่นอำเภอ) of these districts, or of every district."""
    users = _active(Role.DISTRICT_OFFICER)
    return users if districts is None else users.filter(district__in=list(districts))


def directors(provinces: Iterable | None = None) -> QuerySet:
    """The active provincial directors of these provinces, or of every province."""
    users = _active(Role.PROVINCIAL_DIRECTOR)
    return users if provinces is None else users.filter(province__in=list(provinces))


def provincial_staff(provinces: Iterable) -> QuerySet:
    """The active directors and provincial administrators of these provinces."""
    return _active(Role.PROVINCIAL_DIRECTOR, Role.PROVINCIAL_ADMIN).filter(province__in=list(provinces))


def department_admins() -> QuerySet:
    """The department's active administrators."""
    return _active(Role.DEPARTMENT_ADMIN)


def officers_of(district_id) -> list[User]:
    return list(officers([district_id]))


def directors_of(province_id) -> list[User]:
    return list(directors([province_id]))


def by_district(users: Iterable[User]) -> dict[int, list[User]]:
    """{district id: its accounts}."""
    grouped = defaultdict(list)
    for user in users:
        grouped[user.district_id].append(user)
    return grouped


def by_province(users: Iterable[User]) -> dict[int, list[User]]:
    """{province id: its accounts}."""
    grouped = defaultdict(list)
    for user in users:
        grouped[user.province_id].append(user)
    return grouped
