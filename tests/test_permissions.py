"""Who may do what is named once, in wts/accounts/permissions.py, and asked for by name.

Two safety nets (source scans) and the table of capabilities per persona. The access matrix
(tests/test_access_matrix.py) checks the same rules from the outside, URL by URL.
"""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from wts.accounts.permissions import CAPABILITIES
from wts.lib.permissions import can, require
from wts.workflow.models import DistrictReport

ROOT = Path(__file__).resolve().parent.parent
WTS = ROOT / "wts"

# Where roles may be named: the role model, the capabilities, the scope filters (404), and the
# setting of which roles use a second factor.
ROLE_HOMES = {"wts/accounts/models.py", "wts/accounts/permissions.py", "wts/accounts/scope.py", "wts/settings.py"}
# Being rewritten on another branch; its checks become capabilities (wts.view_rounds,
# wts.manage_rounds) when it merges. Delete this line then.
PENDING_CONVERSION = ()

ROLE_CHECKS = [
    (re.compile(r"\.role\s*(==|!=|\bin\b|\bnot\s+in\b)"), "a role comparison"),
    (re.compile(r"\b\w+_ROLES\b"), "a set of roles"),
    (re.compile(r"\brequire_role\b"), "require_role"),
    (re.compile(r"def _(require\w*|department|reader)\("), "a local role helper"),
    (re.compile(r"(?<!def )\bmay_(edit|submit|review|comment|reopen)\("), "a workflow may_* instead of its capability"),
]
TEMPLATE_ROLE_CHECKS = [
    (re.compile(r"\buser\.(is_district_officer|is_provincial_\w+|is_province_user|is_department_\w+)"),
     "a role property (ask {% test_rule %} for the capability)"),
]
ASKED = re.compile(r"""(?:\b(?:can|require)\([^,()]+,\s*|test_rule\s+)["'](wts\.\w+)["']""")


def source_files():
    for path in sorted(WTS.rglob("*")):
        if path.suffix not in {".py", ".html"} or not path.is_file():
            continue
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in relative or "/migrations/" in relative:
            continue
        yield relative, path.read_text(encoding="utf-8")


def test_every_capability_is_named_once():
    """No view, action, template or API endpoint decides by role: each asks for a named capability."""
    found = []
    for relative, text in source_files():
        if relative in ROLE_HOMES or relative.startswith(PENDING_CONVERSION):
            continue
        checks = ROLE_CHECKS + (TEMPLATE_ROLE_CHECKS if relative.endswith(".html") else [])
        if relative == "wts/workflow/rules.py":
            checks = [check for check in checks if "may_" not in check[1]]
        for number, line in enumerate(text.splitlines(), 1):
            found += [f"{relative}:{number}: {what}: {line.strip()}" for pattern, what in checks if pattern.search(line)]
    assert found == [], "ask wts/accounts/permissions.py by name instead:\n" + "\n".join(found)


def test_every_capability_asked_for_is_defined_and_every_defined_one_is_asked_for():
    asked = set()
    for _relative, text in source_files():
        asked |= set(ASKED.findall(text))
    assert sorted(asked - set(CAPABILITIES)) == []
    assert sorted(set(CAPABILITIES) - asked) == []


def test_a_misspelt_capability_fails_loudly_rather_than_answering_no(world):
    with pytest.raises(LookupError):
        can(world.dept_admin, "wts.manage_round")


def test_require_answers_403_without_the_capability(world):
    from django.core.exceptions import PermissionDenied

    require(world.dept_admin, "wts.manage_rounds")
    with pytest.raises(PermissionDenied):
        require(world.dept_viewer, "wts.manage_rounds")


PERSONAS = ("officer", "director", "provadmin", "dept_viewer", "dept_admin")

# Capabilities about the role alone (the object was fetched through the user's scope already).
#   capability                          officer director provadmin viewer admin
ROLE_TABLE = """
wts.record_workload                      1       0        0         0      0
wts.read_reviews                         0       1        1         1      1
wts.confirm_province_districts           0       1        0         0      0
wts.reopen_report                        0       0        0         0      1
wts.view_national_figures                0       0        0         1      1
wts.export_national_figures              0       0        0         1      1
wts.view_province_figures                0       1        1         1      1
wts.export_province_figures              0       1        1         1      1
wts.follow_own_province                  0       1        1         0      0
wts.remind_provinces                     0       0        0         0      1
wts.remind_districts                     0       1        1         0      1
wts.draft_national_letter                0       0        0         0      1
wts.draft_province_letter                0       1        1         0      1
wts.manage_announcements                 0       0        0         0      1
wts.read_all_announcements               0       0        0         1      1
wts.view_staffing_analysis               0       1        1         1      1
wts.search_audit                         0       0        0         1      1
wts.view_rounds                          0       0        0         1      1
wts.manage_rounds                        0       0        0         0      1
wts.view_catalog                         0       0        0         1      1
wts.change_catalog                       0       0        0         0      1
wts.edit_district_figures                0       0        0         0      1
wts.use_admin_site                       0       0        0         0      1
wts.manage_accounts                      0       0        1         0      1
wts.manage_accounts_nationwide           0       0        0         0      1
wts.use_second_factor                    0       0        1         0      1
"""
ROLE_ROWS = [
    (name, dict(zip(PERSONAS, map(bool, map(int, answers)), strict=True)))
    for name, *answers in (line.split() for line in ROLE_TABLE.strip().splitlines())
]


@pytest.mark.parametrize("capability, expected", ROLE_ROWS, ids=[name for name, _ in ROLE_ROWS])
def test_each_persona_holds_the_declared_capabilities(world, capability, expected):
    answers = {persona: can(getattr(world, persona), capability) for persona in PERSONAS}
    assert answers == expected


REPORT_CAPABILITIES = {"wts.edit_report", "wts.submit_report", "wts.review_report", "wts.comment_on_report"}


@pytest.mark.parametrize("capability", sorted(CAPABILITIES))
def test_nobody_anonymous_or_deactivated_holds_a_capability(world, capability):
    report = DistrictReport(round=world.round, district=world.np_mueang)
    targets = {"wts.manage_user": world.officer, "wts.revoke_tokens_of": world.officer,
               "wts.manage_accounts_of_province": world.np}
    obj = report if capability in REPORT_CAPABILITIES else targets.get(capability)
    for user in (world.officer, world.director, world.provadmin, world.dept_admin):
        user.is_active = False
    assert not can(AnonymousUser(), capability, obj)
    assert [p for p in ("officer", "director", "provadmin", "dept_admin") if can(getattr(world, p), capability, obj)] == []


def test_a_report_is_edited_and_submitted_only_by_its_own_districts_officer(world):
    own = DistrictReport(round=world.round, district=world.np_mueang)
    for capability in ("wts.edit_report", "wts.submit_report"):
        assert can(world.officer, capability, own)
        assert not can(world.officer_np2, capability, own)
        assert not can(world.officer_sk, capability, own)
        assert not can(world.director, capability, own)
        assert not can(world.dept_admin, capability, own)


def test_a_report_is_reviewed_only_by_the_director_of_its_province(world):
    own = DistrictReport(round=world.round, district=world.np_mueang)
    assert can(world.director, "wts.review_report", own)
    assert not can(world.director_sk, "wts.review_report", own)
    assert not can(world.provadmin, "wts.review_report", own)
    assert not can(world.dept_admin, "wts.review_report", own)
    assert not can(world.officer, "wts.review_report", own)


def test_comments_come_from_the_reviewer_and_the_districts_officer(world):
    own = DistrictReport(round=world.round, district=world.np_mueang)
    holders = {p for p in ("officer", "officer_np2", "director", "director_sk", "provadmin", "dept_admin")
               if can(getattr(world, p), "wts.comment_on_report", own)}
    assert holders == {"officer", "director"}


def test_a_provincial_administrator_manages_its_provinces_officers_and_directors_only(world):
    pa = world.provadmin
    assert can(pa, "wts.manage_user", world.officer)
    assert can(pa, "wts.manage_user", world.director)
    assert not can(pa, "wts.manage_user", world.officer_sk)
    assert not can(pa, "wts.manage_user", pa)
    assert not can(pa, "wts.manage_user", world.dept_viewer)
    assert can(pa, "wts.manage_accounts_of_province", world.np)
    assert not can(pa, "wts.manage_accounts_of_province", world.sk)


def test_the_department_administrator_manages_every_account_but_its_own_and_superusers(world):
    admin = world.dept_admin
    assert can(admin, "wts.manage_user", world.officer_sk)
    assert can(admin, "wts.manage_user", world.dept_viewer)
    assert not can(admin, "wts.manage_user", admin)
    world.dept_viewer.is_superuser = True
    assert not can(admin, "wts.manage_user", world.dept_viewer)
    assert can(admin, "wts.manage_accounts_of_province", world.sk)


def test_tokens_are_revoked_by_their_owner_or_whoever_manages_the_owner(world):
    assert can(world.officer, "wts.revoke_tokens_of", world.officer)
    assert can(world.provadmin, "wts.revoke_tokens_of", world.officer)
    assert not can(world.provadmin_sk, "wts.revoke_tokens_of", world.officer)
    assert not can(world.director, "wts.revoke_tokens_of", world.officer)


def test_a_superuser_without_a_role_gets_no_capability_of_the_roles(world):
    """Unlike user.has_perm, the capabilities give a superuser nothing but the admin site."""
    from conftest import make_user

    root = make_user("root", "", is_superuser=True)
    held = {name for name in CAPABILITIES if can(root, name)}
    assert held == {"wts.use_admin_site", "wts.edit_district_figures"}
