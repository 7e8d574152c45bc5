import pytest

from conftest import PASSWORD


@pytest.mark.django_db
def test_login_page_is_thai(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "เข้าสู่ระบบ" in response.content.decode()


def test_district_officer_logs_in_and_lands_on_the_entry_page(world, client):
    response = client.post("/accounts/login/", {"username": "district-4801", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/entry/"
    assert "เมืองนครพนม" in response.content.decode()


def test_wrong_password_is_refused_in_thai(world, client):
    response = client.post("/accounts/login/", {"username": "district-4801", "password": "wrong"})
    assert response.status_code == 200
    assert "ชื่อผู้ใช้" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_anonymous_goes_to_the_login_page(world, client):
    for url in ["/", "/entry/", f"/entry/{world.round.fiscal_year}/area/1/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_logout_needs_post_and_ends_the_session(world):
    client = world.client_for(world.officer)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/entry/").status_code == 302


def test_password_change_works_and_is_audited(world):
    from wts.audit.models import AuditEvent

    client = world.client_for(world.officer)
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Ubon-Nakhon-2569!", "new_password2": "Ubon-Nakhon-2569!"},
    )
    assert response.status_code == 302
    world.officer.refresh_from_db()
    assert world.officer.check_password("Ubon-Nakhon-2569!")
    assert AuditEvent.objects.filter(action="account.password_changed", subject_user=world.officer).exists()


def test_an_account_that_must_change_its_password_is_sent_to_the_change_page(world):
    world.officer.must_change_password = True
    world.officer.save()
    client = world.client_for(world.officer)
    response = client.get("/entry/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/"
    client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Ubon-Nakhon-2569!", "new_password2": "Ubon-Nakhon-2569!"},
    )
    world.officer.refresh_from_db()
    assert world.officer.must_change_password is False
    assert client.get("/entry/").status_code == 200


def test_an_htmx_fragment_never_receives_the_password_page(world):
    world.officer.must_change_password = True
    world.officer.save()
    client = world.client_for(world.officer)
    on_password_page = client.get("/notifications/bell/", headers={"HX-Request": "true",
                                                                 "HX-Current-URL": "http://testserver/accounts/password/"})
    assert on_password_page.status_code == 204 and "HX-Redirect" not in on_password_page
    elsewhere = client.get("/notifications/bell/", headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/entry/"})
    assert elsewhere.status_code == 204 and elsewhere["HX-Redirect"] == "/accounts/password/"
