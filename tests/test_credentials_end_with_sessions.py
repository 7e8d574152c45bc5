"""Issue 13, finding 2: API tokens end with every event that ends the web sessions.

The class test walks every action of wts/accounts/actions.py: an action missing from CALLS fails,
so a new account action cannot ship without someone deciding what it does to sessions and tokens.
"""

import inspect

import pytest
from django.test import Client

from conftest import make_user
from wts.accounts import actions as account_actions
from wts.accounts.models import Role, User
from wts.accounts.slips import make_slip_token
from wts.api.actions import create_token
from wts.api.models import ApiToken
from wts.api.tests.helpers import ApiClient, assert_error
from wts.audit.models import AuditEvent
from wts.audit.vocabulary import AuditAction

NEW_PASSWORD = "Nakhon-Phanom-Mekong-2569"


def _enable(world, target):
    device = account_actions.do_start_second_factor(target, acting_user=target)
    account_actions.do_enable_second_factor(device, acting_user=target)


# How to run each action against district-4801 (or, for provisioning, its province).
CALLS = {
    "do_provision_district_accounts": lambda w, t: account_actions.do_provision_district_accounts(
        w.np, acting_user=w.provadmin),
    "do_add_district_officer": lambda w, t: account_actions.do_add_district_officer(
        w.np_mueang, account_actions.AccountDetails(first_name="สมหญิง", last_name="ใจดี"), acting_user=w.provadmin),
    "do_change_password": lambda w, t: account_actions.do_change_password(t, NEW_PASSWORD, acting_user=t),
    "do_reset_password": lambda w, t: account_actions.do_reset_password(t, acting_user=w.provadmin),
    "do_set_active": lambda w, t: account_actions.do_set_active(t, False, acting_user=w.provadmin),
    "do_unlock": lambda w, t: account_actions.do_unlock(t, acting_user=w.provadmin),
    "do_update_profile": lambda w, t: account_actions.do_update_profile(
        t, {"first_name": "สมหญิง"}, acting_user=w.provadmin),
    "do_start_second_factor": lambda w, t: account_actions.do_start_second_factor(t, acting_user=t),
    "do_enable_second_factor": _enable,
    "do_remove_second_factor": lambda w, t: (_enable(w, t),
                                             account_actions.do_remove_second_factor(t, acting_user=w.dept_admin)),
    "do_record_second_factor_check": lambda w, t: account_actions.do_record_second_factor_check(t, passed=False),
    "do_print_slips": lambda w, t: account_actions.do_print_slips(
        make_slip_token([account_actions.do_reset_password(w.officer_np2, acting_user=w.provadmin)],
                        acting_user=w.provadmin), acting_user=w.provadmin),
}
MUST_END_SESSIONS = {"do_change_password", "do_reset_password", "do_set_active"}


def account_actions_defined():
    return {
        name for name, func in inspect.getmembers(account_actions, inspect.isfunction)
        if name.startswith("do_") and func.__module__ == account_actions.__name__
    }


def test_every_account_action_is_in_the_table():
    assert account_actions_defined() == set(CALLS), (
        "a new action in wts/accounts/actions.py: add it to CALLS (and to MUST_END_SESSIONS if it ends sessions)"
    )


def _session_alive(client) -> bool:
    return client.get("/accounts/profile/").status_code == 200


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_token_works_exactly_as_long_as_the_web_sessions_do(world, name):
    target = world.officer
    session = Client()
    session.force_login(target)
    api = ApiClient(target)
    assert _session_alive(session) and api.get("/me").status_code == 200

    CALLS[name](world, User.objects.get(pk=target.pk))

    session_alive = _session_alive(session)
    token_alive = api.get("/me").status_code == 200
    assert session_alive == token_alive, f"{name}: session alive={session_alive}, token alive={token_alive}"
    assert session_alive == (name not in MUST_END_SESSIONS)
    if name in MUST_END_SESSIONS:
        assert ApiToken.objects.get(user=target).revoked_at is not None
        assert AuditEvent.objects.filter(action=AuditAction.API_TOKEN_REVOKED, subject_user=target).count() == 1


def test_reactivating_an_account_revives_neither_its_sessions_nor_its_tokens(world):
    target = world.officer
    session = Client()
    session.force_login(target)
    api = ApiClient(target)
    account_actions.do_set_active(target, False, acting_user=world.provadmin)
    account_actions.do_set_active(User.objects.get(pk=target.pk), True, acting_user=world.provadmin)
    assert not _session_alive(session)
    assert_error(api.get("/me"), 401, "unauthenticated")


def test_changing_the_password_on_the_web_keeps_this_browser_and_ends_the_tokens(world):
    client = world.client_for(world.officer)
    other_browser = world.client_for(world.officer)
    api = ApiClient(world.officer)
    response = client.post("/accounts/password/", {
        "old_password": "thai-demo-2564", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response.status_code == 302
    assert _session_alive(client) and not _session_alive(other_browser)
    assert_error(api.get("/me"), 401, "unauthenticated")
    assert AuditEvent.objects.filter(action=AuditAction.ACCOUNT_PASSWORD_CHANGED, actor=world.officer).count() == 1


def test_a_user_who_must_change_the_password_gets_403_from_every_api_endpoint(world, during_entry):
    api = ApiClient(world.officer)
    User.objects.filter(pk=world.officer.pk).update(must_change_password=True)
    assert_error(api.get("/me"), 403, "password_change_required")
    assert_error(api.get(f"/rounds/{world.round.fiscal_year}/values"), 403, "password_change_required")
    response = api.put(f"/rounds/{world.round.fiscal_year}/districts/4801/areas/1/values", {"values": {}})
    assert_error(response, 403, "password_change_required")
    assert "เปลี่ยนรหัสผ่าน" in response.json()["error"]["message_th"]


def test_provincial_admin_sees_and_revokes_the_tokens_of_its_province_users(world):
    token, _plain = create_token(acting_user=world.officer, name="ระบบของอำเภอ")
    api = ApiClient(token=_plain)
    client = world.client_for(world.provadmin)
    listing = client.get("/api/tokens/user/district-4801/", headers={"HX-Request": "true"})
    assert listing.status_code == 200 and "ระบบของอำเภอ" in listing.content.decode()
    assert "<html" not in listing.content.decode()
    response = client.post(f"/api/tokens/user/district-4801/{token.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == "/accounts/manage/user/district-4801/"
    assert_error(api.get("/me"), 401)
    event = AuditEvent.objects.get(action=AuditAction.API_TOKEN_REVOKED)
    assert event.actor == world.provadmin and event.subject_user == world.officer


def test_tokens_of_another_province_are_404_and_a_non_manager_gets_403(world):
    token, _plain = create_token(acting_user=world.officer, name="ระบบของอำเภอ")
    other = world.client_for(world.provadmin_sk)
    assert other.get("/api/tokens/user/district-4801/").status_code == 404
    assert other.post(f"/api/tokens/user/district-4801/{token.pk}/revoke/").status_code == 404
    assert world.client_for(world.director).get("/api/tokens/user/district-4801/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_provincial_admin_cannot_revoke_a_peer_token(world):
    token, _plain = create_token(acting_user=world.dept_admin, name="ของกรม")
    assert world.client_for(world.provadmin).post(f"/api/tokens/user/dla-admin/{token.pk}/revoke/").status_code == 404
    peer = make_user("provadmin-48b", Role.PROVINCIAL_ADMIN, province=world.np)
    peer_token, _plain = create_token(acting_user=peer, name="ของเพื่อน")
    client = world.client_for(world.provadmin)
    assert client.post(f"/api/tokens/user/provadmin-48b/{peer_token.pk}/revoke/").status_code == 403
    peer_token.refresh_from_db()
    assert peer_token.revoked_at is None


def test_the_user_page_loads_the_token_list(world):
    body = world.client_for(world.dept_admin).get("/accounts/manage/user/district-4801/").content.decode()
    assert 'hx-get="/api/tokens/user/district-4801/"' in body
