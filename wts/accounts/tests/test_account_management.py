import pytest
from axes.models import AccessAttempt
from django.test import Client

from conftest import PASSWORD
from wts.accounts.models import User
from wts.audit.models import AuditEvent
from wts.notifications.models import Notification


def lock_out(username):
    client = Client()
    for _attempt in range(5):
        client.post("/accounts/login/", {"username": username, "password": "wrong-password"})
    return client


def test_reset_password_shows_a_new_first_password_once(world):
    client = world.client_for(world.provadmin)
    response = client.post("/accounts/manage/user/district-4801/reset-password/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    officer = User.objects.get(pk=world.officer.pk)
    assert officer.must_change_password
    assert not officer.check_password(PASSWORD)
    new_password = response.content.decode().split("data-password>")[1].split("<")[0]
    assert officer.check_password(new_password)
    event = AuditEvent.objects.get(action="account.password_reset", subject_user=officer)
    assert event.actor == world.provadmin
    assert new_password not in str(event.data) + event.message
    assert Notification.objects.filter(user=officer, kind="account.password_reset").exists()


def test_reset_password_ends_the_old_sessions(world):
    officer_client = world.client_for(world.officer)
    assert officer_client.get("/entry/").status_code == 200
    world.client_for(world.provadmin).post("/accounts/manage/user/district-4801/reset-password/")
    assert officer_client.get("/entry/").status_code == 302


def test_deactivated_account_cannot_log_in_and_its_session_ends(world):
    officer_client = world.client_for(world.officer)
    response = world.client_for(world.provadmin).post("/accounts/manage/user/district-4801/deactivate/",
                                                      {"reason": "ย้ายไปรับตำแหน่งที่อื่น"})
    assert response.status_code == 302
    assert not User.objects.get(pk=world.officer.pk).is_active
    assert officer_client.get("/entry/").status_code == 302
    response = Client().post("/accounts/login/", {"username": "district-4801", "password": PASSWORD})
    assert response.status_code == 200  # the login form again, not a redirect
    event = AuditEvent.objects.get(action="account.deactivated")
    assert event.message == "ย้ายไปรับตำแหน่งที่อื่น" and event.actor == world.provadmin


def test_reactivation_restores_access(world):
    world.officer.is_active = False
    world.officer.save()
    world.client_for(world.provadmin).post("/accounts/manage/user/district-4801/activate/")
    assert User.objects.get(pk=world.officer.pk).is_active
    assert AuditEvent.objects.filter(action="account.reactivated", subject_user=world.officer).exists()


def test_lockout_after_repeated_failures_with_a_thai_message(world):
    client = lock_out("district-4801")
    response = client.post("/accounts/login/", {"username": "district-4801", "password": PASSWORD})
    assert response.status_code in (403, 429)
    assert "ระงับ" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="account.locked_out", subject_user=world.officer).exists()
    assert AuditEvent.objects.filter(action="account.login_failed", subject_user=world.officer).count() >= 5


def test_lockout_is_per_user_name_not_per_office_network(world):
    lock_out("district-4801")
    assert Client().post("/accounts/login/", {"username": "district-4802", "password": PASSWORD}).status_code == 302


def test_provincial_admin_sees_the_lock_and_unlocks(world):
    lock_out("district-4801")
    client = world.client_for(world.provadmin)
    assert "ถูกล็อก" in client.get("/accounts/manage/province/48/").content.decode()
    assert "ปลดล็อกบัญชี" in client.get("/accounts/manage/user/district-4801/").content.decode()
    assert client.post("/accounts/manage/user/district-4801/unlock/").status_code == 302
    assert not AccessAttempt.objects.filter(username="district-4801").exists()
    assert Client().post("/accounts/login/", {"username": "district-4801", "password": PASSWORD}).status_code == 302
    assert AuditEvent.objects.filter(action="account.unlocked", actor=world.provadmin).exists()


def test_successful_login_and_failure_are_audited_without_the_password(world):
    Client().post("/accounts/login/", {"username": "district-4801", "password": "Wrong-Guess-99"})
    Client().post("/accounts/login/", {"username": "district-4801", "password": PASSWORD})
    failed = AuditEvent.objects.get(action="account.login_failed")
    assert failed.data["username"] == "district-4801" and failed.data["ip"]
    assert "Wrong-Guess-99" not in str(failed.data) + failed.message
    assert AuditEvent.objects.filter(action="account.login", actor=world.officer).exists()


def test_failed_login_for_an_unknown_name_is_audited(world):
    Client().post("/accounts/login/", {"username": "nobody-here", "password": "x"})
    event = AuditEvent.objects.get(action="account.login_failed")
    assert event.subject_user is None and event.data["username"] == "nobody-here"


def test_user_page_shows_the_account_history_in_thai(world):
    Client().post("/accounts/login/", {"username": "district-4801", "password": PASSWORD})
    body = world.client_for(world.provadmin).get("/accounts/manage/user/district-4801/").content.decode()
    assert "เข้าสู่ระบบ" in body


@pytest.mark.parametrize("url", ["reset-password/", "deactivate/", "activate/", "unlock/", "remove-two-factor/"])
def test_actions_on_a_neighbour_province_account_are_404(world, url):
    response = world.client_for(world.provadmin).post(f"/accounts/manage/user/district-4701/{url}")
    assert response.status_code == 404


@pytest.mark.parametrize("url", ["reset-password/", "deactivate/", "unlock/"])
def test_actions_on_a_peer_or_oneself_are_403(world, url):
    client = world.client_for(world.provadmin)
    assert client.post(f"/accounts/manage/user/provadmin-48/{url}").status_code == 403
    from wts.accounts.models import Role

    peer = User.objects.create(username="provadmin-48-b", role=Role.PROVINCIAL_ADMIN, province=world.np)
    assert client.post(f"/accounts/manage/user/{peer.username}/{url}").status_code == 403


def test_provincial_admin_manages_its_director(world):
    response = world.client_for(world.provadmin).post("/accounts/manage/user/director-48/reset-password/")
    assert response.status_code == 200


def test_department_admin_manages_everyone(world):
    client = world.client_for(world.dept_admin)
    assert client.post("/accounts/manage/user/district-4701/reset-password/").status_code == 200
    assert client.post("/accounts/manage/user/provadmin-47/deactivate/").status_code == 302
    assert client.post("/accounts/manage/user/dla-admin/deactivate/").status_code == 403


@pytest.mark.parametrize("persona", ["officer", "director", "dept_viewer"])
def test_other_roles_get_403_on_account_actions(world, persona):
    client = world.client_for(getattr(world, persona))
    assert client.get("/accounts/manage/user/district-4801/").status_code == 403
    assert client.post("/accounts/manage/user/district-4801/reset-password/").status_code == 403


def test_account_actions_need_post(world):
    client = world.client_for(world.provadmin)
    for url in ["reset-password/", "deactivate/", "activate/", "unlock/", "remove-two-factor/"]:
        assert client.get(f"/accounts/manage/user/district-4801/{url}").status_code == 405
    assert client.post("/accounts/manage/user/district-4801/").status_code == 405
