import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from wts.accounts.models import Role, User
from wts.accounts.scope import districts_for, get_district_for, provinces_for
from wts.geography.models import District


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


def test_each_role_sees_exactly_its_scope(world):
    assert codes(districts_for(world.officer)) == ["4801"]
    assert codes(districts_for(world.director)) == ["4801", "4802"]
    assert codes(districts_for(world.provadmin_sk)) == ["4701", "4702"]
    assert codes(districts_for(world.dept_viewer)) == ["4701", "4702", "4801", "4802"]
    assert codes(provinces_for(world.director)) == ["48"]
    assert codes(provinces_for(world.dept_admin)) == ["47", "48"]


def test_inactive_accounts_see_nothing(world):
    world.director.is_active = False
    assert codes(districts_for(world.director)) == []


def test_district_officer_takes_the_province_of_its_district(world):
    assert world.officer.province_id == world.np.pk


def test_a_district_officer_without_a_district_is_invalid(world):
    user = User(username="x", role=Role.DISTRICT_OFFICER)
    with pytest.raises(ValidationError):
        user.clean()


def test_only_department_administrators_get_the_admin_screens(world):
    assert world.dept_admin.is_staff
    for user in [world.dept_viewer, world.director, world.provadmin, world.officer]:
        assert not user.is_staff
    assert world.client_for(world.dept_admin).get("/admin/rounds/round/").status_code == 200
    response = world.client_for(world.dept_viewer).get("/admin/rounds/round/")
    assert response.status_code == 302  # not staff: the admin sends it to its login


def test_one_district_is_reached_exactly_when_the_users_district_list_holds_it(world):
    """get_district_for (compiled reads, every page) and districts_for (lists) share one scope rule."""
    suspended = world.officer_sk
    suspended.is_active = False
    people = [world.officer, world.director, world.provadmin_sk, world.dept_admin, world.dept_viewer, suspended]
    codes = list(District.objects.values_list("code", flat=True)) + ["9999", "๔๘๐๑", ""]
    for user in people:
        listed = set(districts_for(user).values_list("code", flat=True))
        for code in codes:
            try:
                reached = get_district_for(user, code).code == code
            except Http404:
                reached = False
            assert reached == (code in listed), (user.username, code)
