from wts.accounts.models import User
from wts.audit.models import AuditEvent


def test_changing_an_account_in_the_admin_is_audited(world):
    client = world.client_for(world.dept_admin)
    officer = world.officer
    response = client.post(f"/admin/accounts/user/{officer.pk}/change/", {
        "username": officer.username, "first_name": "สมชาย", "last_name": "", "position": "", "phone": "",
        "email": "", "role": officer.role, "province": world.np.pk, "district": world.np_mueang.pk,
        "is_active": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="account.changed_in_admin", subject_user=officer)
    assert event.actor == world.dept_admin and "first_name" in event.message


def test_a_password_set_in_the_admin_must_be_changed_by_its_owner(world):
    client = world.client_for(world.dept_admin)
    response = client.post(f"/admin/accounts/user/{world.officer.pk}/password/", {
        "password1": "Chosen-By-Department-7", "password2": "Chosen-By-Department-7", "usable_password": "true", "set-password": "1",
    })
    assert response.status_code == 302
    officer = User.objects.get(pk=world.officer.pk)
    assert officer.must_change_password and officer.check_password("Chosen-By-Department-7")
    assert AuditEvent.objects.filter(action="account.changed_in_admin", subject_user=officer).exists()
