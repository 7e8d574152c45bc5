"""Shared personas and a small world for the tests: two real provinces with two districts each,
an open round with the default 8-area catalog, and one account for every role."""

import datetime as dt
import os
import shutil
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from wts.accounts.models import Role, User
from wts.catalog.actions import load_default_catalog
from wts.geography.models import District, Province
from wts.lib.thai import BANGKOK
from wts.rounds.models import Round

PASSWORD = "thai-demo-2564"
OPEN_YEAR = 2569
# Fixed windows for tests that freeze time: entry 1 Aug – 15 Sep 2026, confirm 16 Sep – 25 Sep 2026.
ENTRY_OPENS = dt.datetime(2026, 8, 1, 8, 30, tzinfo=BANGKOK)
ENTRY_CLOSES = dt.datetime(2026, 9, 15, 23, 59, 59, tzinfo=BANGKOK)
CONFIRM_OPENS = dt.datetime(2026, 9, 16, 0, 0, tzinfo=BANGKOK)
CONFIRM_CLOSES = dt.datetime(2026, 9, 25, 23, 59, 59, tzinfo=BANGKOK)
DURING_ENTRY = dt.datetime(2026, 9, 1, 10, 0, tzinfo=BANGKOK)


@dataclass
class World:
    np: Province  # นครพนม 48
    sk: Province  # สกลนคร 47
    np_mueang: District  # 4801
    np_pla_pak: District  # 4802
    sk_mueang: District  # 4701
    sk_kusuman: District  # 4702
    round: Round
    officer: User  # district-4801
    officer_np2: User  # district-4802
    officer_sk: User  # district-4701
    director: User  # director-48
    director_sk: User  # director-47
    provadmin: User  # provadmin-48
    provadmin_sk: User  # provadmin-47
    dept_admin: User
    dept_viewer: User

    def client_for(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client


def make_user(username, role, **fields):
    user = User(username=username, role=role, **fields)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: ids are reused after a test's rollback, so figures
    cached under one test's round must never reach the next test's."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def world(db) -> World:
    np = Province.objects.create(code="48", name_th="นครพนม", name_en="Nakhon Phanom")
    sk = Province.objects.create(code="47", name_th="สกลนคร", name_en="Sakon Nakhon")
    d = {
        code: District.objects.create(
            code=code, province=prov, name_th=name, name_en=name_en, municipality_count=3, sao_count=8,
            positions_framework=5, positions_filled=4,
        )
        for code, prov, name, name_en in [
            ("4801", np, "เมืองนครพนม", "Mueang Nakhon Phanom"),
            ("4802", np, "ปลาปาก", "Pla Pak"),
            ("4701", sk, "เมืองสกลนคร", "Mueang Sakon Nakhon"),
            ("4702", sk, "กุสุมาลย์", "Kusuman"),
        ]
    }
    round_ = Round.objects.create(
        fiscal_year=OPEN_YEAR, title=f"ปีงบประมาณ {OPEN_YEAR}", entry_opens_at=ENTRY_OPENS, entry_closes_at=ENTRY_CLOSES,
        confirm_opens_at=CONFIRM_OPENS, confirm_closes_at=CONFIRM_CLOSES,
    )
    load_default_catalog(round_)
    return World(
        np=np, sk=sk, np_mueang=d["4801"], np_pla_pak=d["4802"], sk_mueang=d["4701"], sk_kusuman=d["4702"],
        round=round_,
        officer=make_user("district-4801", Role.DISTRICT_OFFICER, district=d["4801"]),
        officer_np2=make_user("district-4802", Role.DISTRICT_OFFICER, district=d["4802"]),
        officer_sk=make_user("district-4701", Role.DISTRICT_OFFICER, district=d["4701"]),
        director=make_user("director-48", Role.PROVINCIAL_DIRECTOR, province=np),
        director_sk=make_user("director-47", Role.PROVINCIAL_DIRECTOR, province=sk),
        provadmin=make_user("provadmin-48", Role.PROVINCIAL_ADMIN, province=np),
        provadmin_sk=make_user("provadmin-47", Role.PROVINCIAL_ADMIN, province=sk),
        dept_admin=make_user("dla-admin", Role.DEPARTMENT_ADMIN),
        dept_viewer=make_user("dla-viewer", Role.DEPARTMENT_VIEWER),
    )


@pytest.fixture
def during_entry(time_machine):
    """Freeze time inside the open round's entry window."""
    time_machine.move_to(DURING_ENTRY, tick=False)
    return DURING_ENTRY


@pytest.fixture
def open_now(world):
    """The open round's windows around the real clock, for browser tests (which cannot freeze time)."""
    now = timezone.now()
    world.round.entry_opens_at = now - dt.timedelta(days=5)
    world.round.entry_closes_at = now + dt.timedelta(days=10)
    world.round.confirm_opens_at = now - dt.timedelta(days=1)
    world.round.confirm_closes_at = now + dt.timedelta(days=20)
    world.round.save()
    return world


CHROMIUM = os.environ.get("WTS_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. A missing browser fails the test, never skips it."""
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="th-TH", timezone_id="Asia/Bangkok")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
