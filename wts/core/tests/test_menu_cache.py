"""The main menu is rendered once per account and kept (core/base.html, issue 16): what an account
may do decides its menu, so a change of role, province, superuser flag or suspension must show at
once, and one account's menu never reaches another."""

import pytest

from wts.accounts.models import Role

pytestmark = pytest.mark.django_db

NATIONAL = 'href="/monitoring/"'
RECORD = 'href="/entry/"'


def _menu(client):
    body = client.get("/accounts/profile/").content.decode()
    return body[body.index('<nav class="navbar"'):body.index("</nav>", body.index('<nav class="navbar"'))]


def test_the_menu_follows_the_role_at_once(world):
    client = world.client_for(world.officer)
    assert RECORD in _menu(client) and NATIONAL not in _menu(client)
    world.officer.role, world.officer.district = Role.DEPARTMENT_VIEWER, None
    world.officer.save()
    assert NATIONAL in _menu(client) and RECORD not in _menu(client)


def test_one_accounts_menu_never_reaches_another(world):
    officer, viewer = world.client_for(world.officer), world.client_for(world.dept_viewer)
    assert RECORD in _menu(officer)
    assert NATIONAL in _menu(viewer) and RECORD not in _menu(viewer)
    assert RECORD in _menu(officer) and NATIONAL not in _menu(officer)


def test_a_director_moved_to_another_province_gets_its_board(world):
    client = world.client_for(world.director)
    assert 'href="/monitoring/province/48/"' in _menu(client)
    world.director.province = world.sk
    world.director.save()
    menu = _menu(client)
    assert 'href="/monitoring/province/47/"' in menu and 'href="/monitoring/province/48/"' not in menu
