from wts.accounts.models import User
from wts.audit.models import AuditEvent


def test_user_updates_name_position_phone_and_email(world):
    client = world.client_for(world.officer)
    response = client.post("/accounts/profile/", {
        "first_name": "สมชาย", "last_name": "ใจดี", "position": "ท้องถิ่นอำเภอเมืองนครพนม",
        "phone": "042-511-000", "email": "mueang48@example.go.th",
    })
    assert response.status_code == 302
    officer = User.objects.get(pk=world.officer.pk)
    assert (officer.first_name, officer.phone, officer.email) == ("สมชาย", "042-511-000", "mueang48@example.go.th")
    event = AuditEvent.objects.get(action="account.profile_updated", subject_user=officer)
    assert set(event.data["fields"]) == {"first_name", "last_name", "position", "phone", "email"}
    assert "บันทึกข้อมูลส่วนตัวแล้ว" in client.get("/accounts/profile/").content.decode()


def test_bad_email_and_phone_are_refused_in_thai_and_what_was_typed_stays(world):
    client = world.client_for(world.officer)
    response = client.post("/accounts/profile/", {
        "first_name": "สมชาย", "last_name": "", "position": "", "phone": "12", "email": "not-an-email",
    })
    assert response.status_code == 400
    body = response.content.decode()
    assert "หมายเลขโทรศัพท์ไม่ถูกต้อง" in body
    assert 'value="สมชาย"' in body and 'value="not-an-email"' in body
    assert User.objects.get(pk=world.officer.pk).first_name == ""
    assert not AuditEvent.objects.filter(action="account.profile_updated").exists()


def test_saving_without_changes_writes_no_audit_row(world):
    client = world.client_for(world.officer)
    client.post("/accounts/profile/", {"first_name": "", "last_name": "", "position": "", "phone": "", "email": ""})
    assert not AuditEvent.objects.filter(action="account.profile_updated").exists()


def test_profile_cannot_change_role_or_scope(world):
    client = world.client_for(world.officer)
    client.post("/accounts/profile/", {"first_name": "x", "role": "department_admin", "district": world.sk_mueang.pk,
                                       "is_staff": "on", "last_name": "", "position": "", "phone": "", "email": ""})
    officer = User.objects.get(pk=world.officer.pk)
    assert officer.role == "district_officer" and officer.district == world.np_mueang and not officer.is_staff


def test_profile_needs_login_and_get_or_post(world):
    from django.test import Client

    assert Client().get("/accounts/profile/").status_code == 302
    assert world.client_for(world.officer).put("/accounts/profile/").status_code == 405
