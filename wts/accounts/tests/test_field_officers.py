"""Issue 15, district officers: suspended accounts, province help desks, several officers per
district, and a lockout that says how long and warns of the attempts left."""

from django.test import override_settings

from conftest import PASSWORD
from wts.accounts.actions import do_add_district_officer, do_set_active
from wts.accounts.models import Role, User
from wts.accounts.recipients import officers_of
from wts.accounts.slips import make_slip_token
from wts.accounts.tests.test_slips import issued, pdf_text  # noqa: F401
from wts.audit.models import AuditEvent
from wts.audit.vocabulary import AuditAction
from wts.geography.actions import do_update_province_helpdesk
from wts.geography.models import ProvinceHelpDesk

DESK = {"name": "กลุ่มงานส่งเสริมฯ สถ.จ.นครพนม", "phone": "042-511-000 ต่อ 12", "line_id": "@np-local",
        "hours": "จันทร์–ศุกร์ 08:30–16:30 น."}


def _desk(world):
    do_update_province_helpdesk(world.np, DESK, acting_user=world.provadmin)


def _login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


# Suspended accounts


def test_a_suspended_user_with_the_right_password_is_told_the_account_is_suspended_and_whom_to_call(world, client):
    _desk(world)
    do_set_active(world.officer, False, acting_user=world.provadmin)
    body = _login(client, "district-4801", PASSWORD).content.decode()
    assert "บัญชีนี้ถูกระงับการใช้งาน" in body
    assert "042-511-000 ต่อ 12" in body and "@np-local" in body
    assert "_auth_user_id" not in client.session


def test_a_suspended_user_with_a_wrong_password_is_not_told_of_the_suspension(world, client):
    _desk(world)
    do_set_active(world.officer, False, acting_user=world.provadmin)
    body = _login(client, "district-4801", "not-the-password").content.decode()
    assert "ถูกระงับการใช้งาน" not in body and "042-511-000" not in body


# Province help desk


def test_the_provincial_administrator_sets_its_province_desk_through_an_audited_action(world):
    client = world.client_for(world.provadmin)
    response = client.post("/accounts/manage/province/48/helpdesk/", DESK)
    assert response.status_code == 302
    desk = ProvinceHelpDesk.objects.get(province=world.np)
    assert (desk.name, desk.phone, desk.line_id, desk.updated_by) == (DESK["name"], DESK["phone"], "@np-local",
                                                                      world.provadmin)
    event = AuditEvent.objects.get(action=AuditAction.HELPDESK_CHANGED)
    assert event.actor == world.provadmin and event.province_id == world.np.pk


def test_a_bad_desk_phone_is_a_400_in_thai_keeping_what_was_typed(world):
    response = world.client_for(world.provadmin).post("/accounts/manage/province/48/helpdesk/",
                                                      {**DESK, "phone": "12"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "หมายเลขโทรศัพท์ไม่ถูกต้อง" in body and DESK["name"] in body
    assert not ProvinceHelpDesk.objects.exists()


def test_another_provinces_administrator_gets_404_and_a_director_403_on_the_desk_page(world):
    assert world.client_for(world.provadmin_sk).get("/accounts/manage/province/48/helpdesk/").status_code == 404
    assert world.client_for(world.director).get("/accounts/manage/province/48/helpdesk/").status_code == 403


def test_the_department_admin_may_set_any_provinces_desk(world):
    response = world.client_for(world.dept_admin).post("/accounts/manage/province/47/helpdesk/", DESK)
    assert response.status_code == 302
    assert ProvinceHelpDesk.objects.get(province=world.sk).updated_by == world.dept_admin


def test_the_login_page_links_to_the_public_list_of_province_desks(world, client):
    _desk(world)
    assert 'href="/accounts/helpdesk/"' in client.get("/accounts/login/").content.decode()
    body = client.get("/accounts/helpdesk/").content.decode()
    assert "นครพนม" in body and "042-511-000 ต่อ 12" in body


def test_home_and_error_pages_show_the_users_province_desk_or_the_national_one(world, settings):
    _desk(world)
    officer = world.client_for(world.officer)
    assert "042-511-000 ต่อ 12" in officer.get("/entry/").content.decode()
    forbidden = officer.get("/review/")
    assert forbidden.status_code == 403 and "042-511-000 ต่อ 12" in forbidden.content.decode()
    missing = officer.get("/entry/2569/district/4701/")
    assert missing.status_code == 404 and "042-511-000 ต่อ 12" in missing.content.decode()
    assert "042-511-000 ต่อ 12" in world.client_for(world.director).get("/").content.decode()
    other = world.client_for(world.officer_sk).get("/entry/").content.decode()
    assert "042-511-000" not in other and settings.HELPDESK_PHONE in other


def test_credential_slips_carry_the_provinces_desk(world, issued):  # noqa: F811
    _desk(world)
    token = make_slip_token(issued, acting_user=world.provadmin)
    response = world.client_for(world.provadmin).post("/accounts/manage/slips.pdf", {"token": token})
    text = pdf_text(response.content)
    assert "042-511-000" in text and "@np-local" in text


# Several officers per district


def test_the_province_adds_a_second_officer_to_a_district_with_its_own_login(world):
    client = world.client_for(world.provadmin)
    response = client.post("/accounts/manage/province/48/add-officer/", {
        "district": world.np_mueang.pk, "first_name": "สมหญิง", "last_name": "ใจดี", "position": "นักวิเคราะห์"})
    assert response.status_code == 200
    second = User.objects.get(username="district-4801-2")
    assert second.role == Role.DISTRICT_OFFICER and second.district == world.np_mueang and second.must_change_password
    assert "district-4801-2" in response.content.decode()  # shown once, with its slip
    assert AuditEvent.objects.filter(action=AuditAction.ACCOUNT_CREATED, subject_user=second,
                                     actor=world.provadmin).exists()
    third = do_add_district_officer(world.np_mueang, second_details(), acting_user=world.provadmin)
    assert third.username == "district-4801-3"
    page = client.get("/accounts/manage/province/48/").content.decode()
    assert "district-4801" in page and "district-4801-2" in page and "district-4801-3" in page


def second_details():
    from wts.accounts.actions import AccountDetails

    return AccountDetails(first_name="สมชาย", last_name="ขยัน")


def test_adding_an_officer_needs_a_district_of_the_province_and_a_name(world):
    response = world.client_for(world.provadmin).post("/accounts/manage/province/48/add-officer/",
                                                      {"district": world.sk_mueang.pk, "first_name": "ก"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "โปรดเลือกอำเภอในจังหวัดนี้" in body and "โปรดกรอกนามสกุล" in body
    assert not User.objects.filter(username__startswith="district-4701-").exists()


def test_each_officer_records_under_its_own_name_and_every_active_officer_is_notified(world):
    do_add_district_officer(world.np_mueang, second_details(), acting_user=world.provadmin)
    second = User.objects.get(username="district-4801-2")
    assert {u.username for u in officers_of(world.np_mueang.pk)} == {"district-4801", "district-4801-2"}
    do_set_active(second, False, acting_user=world.provadmin)
    assert {u.username for u in officers_of(world.np_mueang.pk)} == {"district-4801"}


def test_another_provinces_administrator_cannot_add_an_officer(world):
    response = world.client_for(world.provadmin_sk).post("/accounts/manage/province/48/add-officer/", {
        "district": world.np_mueang.pk, "first_name": "ก", "last_name": "ข"})
    assert response.status_code == 404


# Lockout


@override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=0.5)
def test_a_failed_login_warns_how_many_attempts_are_left_and_for_how_long_the_lockout_lasts(world, client):
    body = _login(client, "district-4801", "wrong-1").content.decode()
    assert "ใส่ผิดได้อีก 2 ครั้ง" in body and "30 นาที" in body
    body = _login(client, "district-4801", "wrong-2").content.decode()
    assert "ใส่ผิดได้อีก 1 ครั้ง" in body


@override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=0.25)
def test_the_lockout_says_how_many_minutes_and_shows_the_provinces_desk(world, client):
    _desk(world)
    _login(client, "district-4801", "wrong-1")
    response = _login(client, "district-4801", "wrong-2")
    body = response.content.decode()
    assert response.status_code == 429
    assert "15 นาที" in body and "042-511-000 ต่อ 12" in body
    assert "โปรดรอสักครู่" not in body
