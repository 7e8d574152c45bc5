"""Who hears about a change is asked in one place: the active accounts of the role, in the scope."""

import pytest

from wts.accounts import recipients

pytestmark = pytest.mark.django_db


def names(users):
    return {u.username for u in users}


def test_officers_and_directors_are_the_active_ones_of_the_scope_named_or_of_the_nation(world):
    assert names(recipients.officers([world.np_mueang])) == {"district-4801"}
    assert names(recipients.officers([world.np_mueang.pk, world.sk_mueang.pk])) == {"district-4801", "district-4701"}
    assert names(recipients.directors([world.np.pk])) == {"director-48"}
    assert names(recipients.directors()) == {"director-48", "director-47"}
    world.director_sk.is_active = False
    world.director_sk.save(update_fields=["is_active"])
    assert names(recipients.directors()) == {"director-48"}
    assert names(recipients.directors_of(world.sk.pk)) == set()


def test_provincial_staff_are_the_directors_and_administrators_of_the_province(world):
    assert names(recipients.provincial_staff([world.np])) == {"director-48", world.provadmin.username}
    assert names(recipients.department_admins()) == {"dla-admin"}


def test_accounts_group_by_their_district_and_their_province(world):
    grouped = recipients.by_province(recipients.directors())
    assert {pk: names(users) for pk, users in grouped.items()} == {world.np.pk: {"director-48"},
                                                                    world.sk.pk: {"director-47"}}
    assert names(recipients.by_district(recipients.officers())[world.np_mueang.pk]) == {"district-4801"}
