import pytest
from django.core.exceptions import PermissionDenied

from wts.accounts.actions import AccountDetails, do_provision_district_accounts
from wts.accounts.models import Role, User
from wts.audit.models import AuditEvent
from wts.geography.models import District


@pytest.fixture
def np_new_districts(world):
    """Two more districts of นครพนม with no account yet."""
    return [
        District.objects.create(code=code, province=world.np, name_th=name, name_en=name, municipality_count=1,
                                sao_count=5, positions_framework=3, positions_filled=2)
        for code, name in [("4803", "ท่าอุเทน"), ("4804", "บ้านแพง")]
    ]


def test_provincial_admin_creates_one_account_per_district_without_one(world, np_new_districts):
    result = do_provision_district_accounts(world.np, acting_user=world.provadmin)
    assert sorted(c.username for c in result.issued) == ["district-4803", "district-4804"]
    assert sorted(d.code for d, _reason in result.skipped) == ["4801", "4802"]
    for credential in result.issued:
        user = User.objects.get(username=credential.username)
        assert user.role == Role.DISTRICT_OFFICER
        assert user.province == world.np
        assert user.must_change_password
        assert user.check_password(credential.password)
        assert credential.password not in user.password  # only the hash is stored
        assert "ท้องถิ่นอำเภอ" in credential.office
    assert AuditEvent.objects.filter(action="account.created", actor=world.provadmin).count() == 2


def test_generated_passwords_are_strong_and_all_different(world, np_new_districts):
    from django.contrib.auth.password_validation import validate_password

    result = do_provision_district_accounts(world.np, acting_user=world.provadmin)
    passwords = [c.password for c in result.issued]
    assert len(set(passwords)) == len(passwords)
    for credential in result.issued:
        assert len(credential.password) >= 14
        validate_password(credential.password, User.objects.get(username=credential.username))


def test_provisioning_twice_creates_nothing_new(world, np_new_districts):
    do_provision_district_accounts(world.np, acting_user=world.provadmin)
    again = do_provision_district_accounts(world.np, acting_user=world.provadmin)
    assert again.issued == []
    assert User.objects.filter(district__in=np_new_districts).count() == 2


def test_details_from_a_list_fill_the_profile(world, np_new_districts):
    details = {"4803": AccountDetails(first_name="สมศรี", last_name="ใจดี", position="ท้องถิ่นอำเภอท่าอุเทน",
                                      phone="042-581-000", email="thauthen@example.go.th")}
    result = do_provision_district_accounts(world.np, acting_user=world.provadmin, details=details)
    assert [c.username for c in result.issued] == ["district-4803"]
    user = User.objects.get(username="district-4803")
    assert (user.first_name, user.email, user.phone) == ("สมศรี", "thauthen@example.go.th", "042-581-000")
    assert not User.objects.filter(username="district-4804").exists()


def test_a_taken_user_name_is_skipped_not_overwritten(world, np_new_districts):
    User.objects.create(username="district-4803", role=Role.DEPARTMENT_VIEWER)
    result = do_provision_district_accounts(world.np, acting_user=world.provadmin)
    assert [c.username for c in result.issued] == ["district-4804"]
    assert User.objects.get(username="district-4803").role == Role.DEPARTMENT_VIEWER


def test_provincial_admin_of_another_province_cannot_provision(world, np_new_districts):
    with pytest.raises(PermissionDenied):
        do_provision_district_accounts(world.np, acting_user=world.provadmin_sk)
    with pytest.raises(PermissionDenied):
        do_provision_district_accounts(world.np, acting_user=world.director)


def test_department_admin_can_provision_any_province(world, np_new_districts):
    result = do_provision_district_accounts(world.np, acting_user=world.dept_admin)
    assert len(result.issued) == 2


# The web pages


def test_province_page_lists_districts_and_their_accounts(world, np_new_districts, django_assert_max_num_queries):
    client = world.client_for(world.provadmin)
    with django_assert_max_num_queries(12):
        response = client.get("/accounts/manage/province/48/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "district-4801" in body and "ท่าอุเทน" in body and "ยังไม่มีบัญชี" in body
    assert "district-4701" not in body


def test_province_page_queries_do_not_grow_with_districts(world, np_new_districts):
    client = world.client_for(world.provadmin)
    client.get("/accounts/manage/province/48/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/accounts/manage/province/48/")
    for code in range(4805, 4815):
        District.objects.create(code=str(code), province=world.np, name_th=f"อำเภอ{code}", name_en="x",
                                municipality_count=1, sao_count=1, positions_framework=1, positions_filled=1)
    do_provision_district_accounts(world.np, acting_user=world.provadmin)
    with CaptureQueriesContext(connection) as many:
        client.get("/accounts/manage/province/48/")
    assert len(many) == len(few)


def test_provadmin_is_sent_to_its_own_province(world):
    response = world.client_for(world.provadmin).get("/accounts/manage/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/manage/province/48/"


def test_department_admin_sees_every_province(world, django_assert_max_num_queries):
    client = world.client_for(world.dept_admin)
    with django_assert_max_num_queries(8):
        response = client.get("/accounts/manage/")
    assert response.status_code == 200
    assert "นครพนม" in response.content.decode() and "สกลนคร" in response.content.decode()


def test_provision_page_shows_each_password_once_and_offers_the_slips(world, np_new_districts):
    client = world.client_for(world.provadmin)
    response = client.post("/accounts/manage/province/48/provision/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "district-4803" in body and "district-4804" in body
    assert "แสดงเพียงครั้งเดียว" in body
    assert 'name="token"' in body
    # Nothing about the password is reachable again: the province page shows only the status.
    page = client.get("/accounts/manage/province/48/").content.decode()
    assert "รอเปลี่ยนรหัสผ่านแรก" in page


def test_province_of_another_province_is_404(world):
    client = world.client_for(world.provadmin)
    assert client.get("/accounts/manage/province/47/").status_code == 404
    assert client.post("/accounts/manage/province/47/provision/").status_code == 404
    assert not User.objects.filter(username="district-4702").exists()


@pytest.mark.parametrize("persona", ["officer", "director", "dept_viewer"])
def test_other_roles_get_403(world, persona):
    client = world.client_for(getattr(world, persona))
    # The department viewer reads the nationwide overview read-only (issue 28, item 4); it changes nothing.
    assert client.get("/accounts/manage/").status_code == (200 if persona == "dept_viewer" else 403)
    assert client.get("/accounts/manage/province/48/").status_code == 403
    assert client.post("/accounts/manage/province/48/provision/").status_code == 403


def test_provision_needs_post(world):
    assert world.client_for(world.provadmin).get("/accounts/manage/province/48/provision/").status_code == 405


def test_anonymous_goes_to_login(world):
    from django.test import Client

    response = Client().get("/accounts/manage/province/48/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_new_district_logs_in_with_its_first_password_and_must_change_it(world, np_new_districts):
    from django.test import Client

    result = do_provision_district_accounts(world.np, acting_user=world.provadmin)
    credential = result.issued[0]
    client = Client()
    response = client.post("/accounts/login/", {"username": credential.username, "password": credential.password})
    assert response.status_code == 302
    assert client.get("/entry/")["Location"] == "/accounts/password/"
    response = client.post("/accounts/password/", {
        "old_password": credential.password, "new_password1": "Mekong-River-2569", "new_password2": "Mekong-River-2569",
    })
    assert response.status_code == 302
    assert client.get("/entry/").status_code == 200
