import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from wts.api.actions import MAX_ACTIVE_TOKENS, TokenRefused, create_token, revoke_token
from wts.api.models import ApiToken, hash_token
from wts.audit.models import AuditEvent

from .helpers import ApiClient, assert_error


def test_token_page_shows_a_new_token_once_and_stores_only_its_hash(world):
    client = world.client_for(world.director)
    response = client.post("/api/tokens/", {"name": "ระบบรายงานจังหวัด", "valid_days": "90"})
    assert response.status_code == 200
    plaintext = response.context["created"]["plaintext"]
    assert plaintext.startswith("wts_") and plaintext in response.content.decode()
    token = ApiToken.objects.get(user=world.director)
    assert token.key_hash == hash_token(plaintext) and plaintext not in (token.key_hash, token.key_prefix)
    assert token.expires_at - timezone.now() > dt.timedelta(days=89)
    assert AuditEvent.objects.filter(action="api_token.created", actor=world.director).count() == 1
    listing = client.get("/api/tokens/").content.decode()
    assert "ระบบรายงานจังหวัด" in listing and plaintext not in listing
    assert ApiClient(token=plaintext).get("/me").json()["username"] == "director-48"


def test_token_without_a_name_gets_a_thai_message(world):
    response = world.client_for(world.officer).post("/api/tokens/", {"name": "  ", "valid_days": "30"})
    assert response.status_code == 400 and "กรุณาตั้งชื่อรหัสเชื่อมต่อ" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoked_token_no_longer_works(world):
    api = ApiClient(world.officer)
    assert api.get("/me").status_code == 200
    token = ApiToken.objects.get(user=world.officer)
    client = world.client_for(world.officer)
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 302
    assert_error(api.get("/me"), 401, "unauthenticated")
    assert AuditEvent.objects.filter(action="api_token.revoked", actor=world.officer).count() == 1
    client.post(f"/api/tokens/{token.pk}/revoke/")
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1


def test_someone_elses_token_cannot_be_revoked(world):
    create_token(acting_user=world.officer, name="mine")
    token = ApiToken.objects.get(user=world.officer)
    assert world.client_for(world.officer_np2).post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
    assert world.client_for(world.dept_admin).post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
    # Administrators revoke another account's tokens from the account page (test_credentials_end_with_sessions);
    # anyone who may not manage the owner is refused by the action itself.
    for outsider in (world.officer_np2, world.director, world.provadmin_sk, world.dept_viewer):
        with pytest.raises(PermissionDenied):
            revoke_token(token, acting_user=outsider)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_pages_need_login_and_the_right_method(world):
    assert "/accounts/login/" in Client().get("/api/tokens/")["Location"]
    create_token(acting_user=world.officer, name="mine")
    token = ApiToken.objects.get(user=world.officer)
    assert world.client_for(world.officer).get(f"/api/tokens/{token.pk}/revoke/").status_code == 405
    assert world.client_for(world.officer).put("/api/tokens/").status_code == 405


def test_expired_token_and_inactive_user_are_refused(world, time_machine):
    api = ApiClient(world.officer)
    token = ApiToken.objects.get(user=world.officer)
    time_machine.move_to(token.expires_at + dt.timedelta(seconds=1))
    assert_error(api.get("/me"), 401)
    time_machine.move_to(token.created_at)
    assert api.get("/me").status_code == 200
    world.officer.is_active = False
    world.officer.save()
    assert_error(api.get("/me"), 401)


@pytest.mark.parametrize("header", [None, "Bearer wts_not-a-real-token", "Bearer something", "Basic abc"])
def test_missing_or_wrong_token_is_401_in_the_error_form(world, header):
    client = Client()
    kwargs = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v1/me", **kwargs)
    assert_error(response, 401, "unauthenticated")


def test_number_of_active_tokens_is_limited(world):
    for n in range(MAX_ACTIVE_TOKENS):
        create_token(acting_user=world.officer, name=f"t{n}")
    with pytest.raises(TokenRefused):
        create_token(acting_user=world.officer, name="one too many")


def test_last_use_is_recorded(world):
    api = ApiClient(world.officer)
    api.get("/me")
    assert ApiToken.objects.get(user=world.officer).last_used_at is not None


def test_token_page_uses_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    for n in range(5):
        create_token(acting_user=world.officer, name=f"t{n}")
    client = world.client_for(world.officer)
    with django_assert_max_num_queries(10):
        assert client.get("/api/tokens/").status_code == 200


def test_a_logged_in_browser_session_alone_does_not_open_the_api(world):
    # Only the token authenticates, so a page on another site cannot ride the user's cookie (no CSRF).
    client = world.client_for(world.officer)
    assert_error(client.get("/api/v1/me"), 401, "unauthenticated")
    assert_error(client.put("/api/v1/rounds/2569/districts/4801/areas/1/values", {"values": {"1.01": 1}},
                            content_type="application/json"), 401)
