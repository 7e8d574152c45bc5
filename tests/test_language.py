"""Issue 15: no raw codes or English reach users (the page walk is tests/test_browser_every_page.py)."""

from wts.audit.labels import action_label, value_display
from wts.audit.models import AuditEvent
from wts.audit.vocabulary import AuditAction


def test_every_audit_code_has_a_thai_label():
    for action in AuditAction:
        assert action_label(action.value) != action.value
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in action_label(action.value))


def test_recorded_true_false_and_times_read_as_thai():
    assert value_display("True") == "ใช่" and value_display("False") == "ไม่ใช่"
    assert value_display("12500") == "12,500"
    assert value_display("2026-09-30T16:59:00+00:00") == "30 ก.ย. 2569 เวลา 23:59 น."


def test_deactivating_an_account_shows_thai_in_the_district_history(world):
    from wts.accounts.actions import do_set_active

    do_set_active(world.officer, False, acting_user=world.provadmin, reason="ย้ายไปสังกัดอื่น")
    event = AuditEvent.objects.get(action=AuditAction.ACCOUNT_DEACTIVATED)
    assert (event.old_display, event.new_display) == ("ใช้งานได้", "ระงับ")
    body = world.client_for(world.director).get("/monitoring/district/4801/").content.decode()
    assert "True" not in body and "False" not in body


def test_the_officer_menu_speaks_of_connecting_systems_not_tokens(world):
    import re

    body = world.client_for(world.officer).get("/entry/").content.decode()
    nav = body.split('class="navbar"')[1].split("</nav>")[0]
    text = re.sub(r"<[^>]+>", " ", nav)
    assert "การเชื่อมต่อระบบ" in text
    assert "โทเคน" not in text and "token" not in text.lower()


def test_the_django_admin_is_thai_where_django_ships_it_untranslated(world):
    client = world.client_for(world.dept_admin)
    body = client.get("/admin/geography/district/").content.decode()
    assert "Start typing to filter" not in body and "พิมพ์เพื่อกรอง" in body
    import json
    import re

    catalog = client.get("/admin/jsi18n/").content.decode()
    entries = json.loads(re.search(r"const newcatalog = (\{.*?\});", catalog, re.S).group(1))
    assert entries["Sunday"] == "วันอาทิตย์"
    assert "selected" not in entries["%(sel)s of %(cnt)s selected"][0]


def test_a_user_without_a_name_is_shown_by_role_not_user_name(world):
    world.officer.first_name = world.officer.last_name = ""
    assert world.officer.display_name == "ท้องถิ่นอำเภอ"


def test_the_site_has_a_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.url.endswith("favicon.svg")
    assert 'rel="icon"' in client.get("/accounts/login/").content.decode()
