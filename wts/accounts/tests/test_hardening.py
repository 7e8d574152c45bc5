import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import path

from conftest import PASSWORD
from wts import urls as project_urls
from wts.accounts.models import User

ROOT = Path(settings.BASE_DIR)


def boom(request):
    raise RuntimeError("secret-internal-detail")


urlpatterns = [path("boom/", boom), *project_urls.urlpatterns]
handler403, handler404, handler500 = project_urls.handler403, project_urls.handler404, project_urls.handler500


def test_pages_carry_a_content_security_policy_without_inline_script(world):
    response = world.client_for(world.officer).get("/entry/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in policy
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_the_usual_security_headers_are_set(world):
    response = world.client_for(world.officer).get("/entry/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-XSS-Protection"] == "0"
    assert response["Cache-Control"] == "no-store"  # shared office computers keep no copy


def test_login_page_is_cacheable_by_nobody_and_has_csp(db):
    response = Client().get("/accounts/login/")
    assert "Content-Security-Policy" in response


def test_no_template_has_inline_script_or_event_handler_attributes():
    offenders = []
    for template in ROOT.glob("wts/**/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r"<script\b[^>]*>", text, flags=re.IGNORECASE):
            if "src=" not in match.group(0):
                offenders.append(f"{template}: {match.group(0)}")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text, flags=re.IGNORECASE):
            offenders.append(f"{template}: inline event handler")
        if "javascript:" in text.lower():
            offenders.append(f"{template}: javascript: URL")
    assert offenders == []


def test_every_post_form_in_templates_has_a_csrf_token():
    missing = []
    for template in ROOT.glob("wts/**/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for form in re.findall(r"<form\b[^>]*method=[\"']post[\"'][^>]*>.*?</form>", text, flags=re.I | re.S):
            if "csrf_token" not in form:
                missing.append(str(template))
    assert missing == []


def test_csrf_is_enforced_on_login_and_on_actions(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "district-4801", "password": PASSWORD})
    assert response.status_code == 403
    admin_client = Client(enforce_csrf_checks=True)
    admin_client.force_login(world.provadmin)
    assert admin_client.post("/accounts/manage/user/district-4801/reset-password/").status_code == 403


def test_session_expires_after_inactivity_and_cookies_are_safe():
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert not settings.SESSION_SAVE_EVERY_REQUEST  # the idle stamp saves it (test_session_writes)
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_a_session_idle_for_longer_than_the_limit_is_logged_out(world, time_machine):
    import datetime as dt

    from django.utils import timezone

    client = world.client_for(world.officer)
    assert client.get("/entry/").status_code == 200
    time_machine.move_to(timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
    assert client.get("/entry/").status_code == 302


@pytest.mark.parametrize("password, reason", [
    ("Short-1a", "สั้นเกินไป"),
    ("district-4801-x", "ชื่อผู้ใช้"),
    ("Nakhon4801Phanom", "รหัสหน่วยงาน"),
    ("password12345", "ใช้กันทั่วไป"),
    ("1234567890123", "ตัวเลขล้วน"),
    ("qwertyuiop1", "ใช้กันทั่วไป"),
])
def test_weak_passwords_are_refused_with_a_thai_reason(world, password, reason):
    with pytest.raises(ValidationError) as exc:
        validate_password(password, world.officer)
    assert any(reason in message for message in exc.value.messages)
    assert all(any("\u0e00" <= ch <= "\u0e7f" for ch in message) for message in exc.value.messages)


def test_a_good_passphrase_is_accepted(world):
    validate_password("Mekong-River-Sunset", world.officer)


def test_password_change_page_explains_the_rules_in_thai(world):
    body = world.client_for(world.officer).get("/accounts/password/").content.decode()
    assert "อย่างน้อย 10 ตัวอักษร" in body
    assert "Your password" not in body and "Enter the same password" not in body
    response = world.client_for(world.officer).post("/accounts/password/", {
        "old_password": PASSWORD, "new_password1": "Mekong-River-99", "new_password2": "Mekong-River-98"})
    assert "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_an_error_shows_a_thai_page_and_no_stack_trace(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "ระบบขัดข้องชั่วคราว" in body
    assert "secret-internal-detail" not in body and "Traceback" not in body


def test_404_and_403_pages_are_thai(world):
    assert "ไม่พบหน้าที่ต้องการ" in world.client_for(world.officer).get("/no-such-page/").content.decode()
    assert "ไม่มีสิทธิ์" in world.client_for(world.officer).get("/accounts/manage/").content.decode()


PRODUCTION_ENV = {
    "WTS_ENVIRONMENT": "production",
    "SECRET_KEY": "x7#kq!v9-production-like-secret-key-with-enough-entropy-3f9a1c0d2e",
    "ALLOWED_HOSTS": "wts.dla.go.th",
    "SITE_URL": "https://wts.dla.go.th",
    "DATABASE_URL": "sqlite:////tmp/wts-deploy-check.sqlite3",
}


def run_manage(*args, extra_env=None):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for this process; a deployment never has it.
    dropped = {"WTS_DEBUG", "SECURE_COOKIES", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "DATABASE_URL",
               "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(PRODUCTION_ENV, **(extra_env or {}))
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", extra_env={"WTS_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_with_debug_on(tmp_path):
    result = run_manage("check", extra_env={"WTS_DEBUG": "1", "WTS_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "WTS_DEBUG must not be on in production" in result.stderr


def test_user_model_never_exposes_a_stored_password_in_the_admin(world):
    client = world.client_for(world.dept_admin)
    body = client.get(f"/admin/accounts/user/{world.officer.pk}/change/").content.decode()
    assert User.objects.get(pk=world.officer.pk).password not in body


def test_a_stale_form_gets_a_thai_page_not_djangos_csrf_explanation(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "district-4801", "password": PASSWORD})
    assert response.status_code == 403
    body = response.content.decode()
    assert "แบบฟอร์มหมดอายุ" in body and "CSRF" not in body


def test_the_polling_bell_does_not_keep_an_idle_session_alive(world, time_machine):
    import datetime as dt

    from django.utils import timezone

    client = world.client_for(world.officer)
    start = timezone.now()
    assert client.get("/entry/").status_code == 200
    half = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE * 2 // 3)
    time_machine.move_to(start + half)
    assert client.get("/notifications/bell/", headers={"HX-Request": "true"}).status_code == 200
    time_machine.move_to(start + 2 * half)
    poll = client.get("/notifications/bell/", headers={"HX-Request": "true",
                                                       "HX-Current-URL": "http://testserver/entry/"})
    assert poll.status_code == 204 and poll["HX-Redirect"] == "/accounts/login/?next=%2Fentry%2F"
    assert client.get("/entry/").status_code == 302


def test_real_activity_keeps_the_session_alive(world, time_machine):
    import datetime as dt

    from django.utils import timezone

    client = world.client_for(world.officer)
    start = timezone.now()
    half = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE * 2 // 3)
    for step in range(1, 4):
        time_machine.move_to(start + step * half)
        assert client.get("/entry/").status_code == 200


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_SSL_REDIRECT=True,
                   SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True,
                   SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_the_tls_proxy_production_sends_hsts_and_secure_cookies(world):
    client = Client()
    assert client.get("/accounts/login/")["Location"].startswith("https://")  # plain HTTP is redirected
    page = client.get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
    assert page["Strict-Transport-Security"].startswith("max-age=31536000")
    assert page.cookies["csrftoken"]["secure"]
    response = client.post("/accounts/login/", {"username": "district-4801", "password": PASSWORD},
                           headers={"X-Forwarded-Proto": "https"})
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"] and session_cookie["httponly"] and session_cookie["samesite"] == "Lax"
