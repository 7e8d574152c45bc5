"""Issue 13, finding 3, and issue 14: the Django admin is no back door.

For every model registered in the admin, a department administrator (staff, not superuser) may
add, change or delete nothing, unless the admin declares `writes_through_actions` and overrides
save_model to call the app's action. The escalation that was found (a department administrator
setting a superuser's password in /admin/ and logging in as it) is replayed over HTTP.
"""

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.test import RequestFactory
from django.urls import reverse

from conftest import PASSWORD
from wts.accounts.models import Role, User
from wts.audit.models import AuditEvent
from wts.audit.vocabulary import AuditAction

REGISTERED = sorted(admin.site._registry.items(), key=lambda pair: pair[0]._meta.label)
# Made read-only, or routed through their actions, in other branches of the same review (issue 14):
# remove a model from here when its branch is merged; strict, so a fixed one shows up at once.
FIXED_IN_OTHER_BRANCHES: set[str] = set()


def _marks(model):
    if model._meta.label in FIXED_IN_OTHER_BRANCHES:
        return [pytest.mark.xfail(strict=True, reason="made safe in another branch of issue 14")]
    return []


CASES = [pytest.param(model, model_admin, id=model._meta.label, marks=_marks(model)) for model, model_admin in REGISTERED]


@pytest.fixture
def superuser(db):
    user = User(username="root", role=Role.DEPARTMENT_ADMIN, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.mark.parametrize("model, model_admin", CASES)
def test_every_admin_is_read_only_or_writes_through_an_action(world, model, model_admin):
    request = RequestFactory().get("/admin/")
    request.user = world.dept_admin
    obj = model._default_manager.first()
    if getattr(model_admin, "writes_through_actions", False):
        assert type(model_admin).save_model is not ModelAdmin.save_model
        assert not model_admin.has_delete_permission(request, obj)
        assert not model_admin.get_inlines(request, obj), "inline rows would be saved around the action"
        return
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, obj)
    assert not model_admin.has_delete_permission(request, obj)


@pytest.mark.parametrize("model, model_admin", CASES)
def test_the_admin_add_page_is_refused_unless_it_writes_through_an_action(world, model, model_admin):
    if getattr(model_admin, "writes_through_actions", False) and model_admin.has_add_permission(
        type("R", (), {"user": world.dept_admin})()
    ):
        return
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    response = world.client_for(world.dept_admin).post(url, {})
    assert response.status_code == 403


def test_a_department_admin_cannot_set_a_superusers_password_in_the_admin(world, superuser):
    client = world.client_for(world.dept_admin)
    before = User.objects.get(pk=superuser.pk).password
    response = client.post(f"/admin/accounts/user/{superuser.pk}/password/", {
        "password1": "Taken-Over-By-Admin-7", "password2": "Taken-Over-By-Admin-7", "usable_password": "true",
        "set-password": "1",
    })
    # The admin no longer has a password form at all; whatever answers, nothing is set.
    assert response.status_code in (302, 403, 404)
    assert User.objects.get(pk=superuser.pk).password == before
    assert not User.objects.get(pk=superuser.pk).check_password("Taken-Over-By-Admin-7")


@pytest.mark.parametrize("target", ["superuser", "peer", "officer"])
def test_posting_an_account_change_in_the_admin_changes_nothing(world, superuser, target):
    user = {"superuser": superuser, "peer": world.dept_viewer, "officer": world.officer}[target]
    response = world.client_for(world.dept_admin).post(f"/admin/accounts/user/{user.pk}/change/", {
        "username": user.username, "first_name": "ผู้บุกรุก", "role": Role.DEPARTMENT_ADMIN, "is_active": "",
        "is_superuser": "on",
    })
    assert response.status_code == 403
    after = User.objects.get(pk=user.pk)
    assert (after.first_name, after.role, after.is_active, after.is_superuser) == (
        user.first_name, user.role, user.is_active, user.is_superuser)


def test_the_admin_shows_an_account_and_points_to_the_account_page(world):
    client = world.client_for(world.dept_admin)
    assert client.get("/admin/accounts/user/").status_code == 200
    body = client.get(f"/admin/accounts/user/{world.officer.pk}/change/").content.decode()
    assert "/accounts/manage/user/district-4801/" in body
    assert "/password/" not in body


def test_district_figures_changed_in_the_admin_go_through_the_action(world):
    district = world.np_mueang
    client = world.client_for(world.dept_admin)
    response = client.post(f"/admin/geography/district/{district.pk}/change/", {
        "pao_count": 1, "municipality_count": 4, "sao_count": 8, "positions_framework": 5, "positions_filled": 4,
    })
    assert response.status_code == 302, response.content.decode()[:1000]
    district.refresh_from_db()
    assert district.municipality_count == 4 and district.pao_count == 1
    event = AuditEvent.objects.get(action=AuditAction.DISTRICT_FIGURES_CHANGED)
    assert event.actor == world.dept_admin and event.district == district
    assert world.client_for(world.dept_viewer).post(f"/admin/geography/district/{district.pk}/change/", {
        "pao_count": 9}).status_code in (302, 403)
    district.refresh_from_db()
    assert district.pao_count == 1
