"""Who may do what: every capability of the system, named once (django-rules).

Views, actions, templates and the API ask for a capability by its name, never for a role:

- Python: ``can(user, "wts.manage_rounds")`` or ``require(user, "wts.review_report", report)``
  (403), from ``wts.lib.permissions``, which also lower apps (geography, audit) can import;
- templates: ``{% load rules %}{% test_rule "wts.manage_rounds" user as can_manage %}``.

Scope is not decided here: ``scope.py`` fetches every object through the user's scope (outside it
is a 404); a capability answers 403. Most capabilities are about the role alone because the object
was fetched in scope already; those that take an object (a report, an account, a province) say so.
Objects from higher apps (a district's report) are read duck-typed, never imported.
Why not ``user.has_perm``: Django answers yes to every superuser there, and a superuser here has
neither role nor scope; ``rules.test_rule`` asks only the rules below.
"""

import rules
from django.conf import settings

from .models import Role

# Role predicates: an authenticated, active account holding the role.


def _holds(role):
    @rules.predicate(name=f"is_{role}")
    def predicate(user):
        return bool(user and user.is_authenticated and user.is_active and user.role == role)

    return predicate


is_district_officer = _holds(Role.DISTRICT_OFFICER)
is_provincial_director = _holds(Role.PROVINCIAL_DIRECTOR)
is_provincial_admin = _holds(Role.PROVINCIAL_ADMIN)
is_department_admin = _holds(Role.DEPARTMENT_ADMIN)
is_department_viewer = _holds(Role.DEPARTMENT_VIEWER)
is_province_staff = is_provincial_director | is_provincial_admin
is_department_staff = is_department_admin | is_department_viewer


@rules.predicate
def is_active_account(user):
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_active_superuser(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


@rules.predicate
def is_second_factor_role(user):
    """The roles that may (and, once set up, must) log in with a second factor: a setting."""
    return bool(user and user.is_authenticated and user.is_active and user.role in settings.OTP_ROLES)


# Object predicates: is the object inside this user's own district or province?


@rules.predicate
def is_officer_of_report_district(user, report):
    return report is not None and user.district_id is not None and user.district_id == report.district_id


@rules.predicate
def is_director_of_report_province(user, report):
    return report is not None and user.province_id is not None and user.province_id == report.district.province_id


@rules.predicate
def is_of_province(user, province):
    return province is not None and user.province_id is not None and user.province_id == province.pk


@rules.predicate
def is_oneself(user, target):
    return target is not None and target.pk == user.pk


@rules.predicate
def is_superuser_account(user, target):
    return target is not None and target.is_superuser


@rules.predicate
def is_province_managed_account(user, target):
    """Accounts a provincial administrator hands out: its province's district officers and directors."""
    return (
        target is not None
        and user.province_id is not None
        and target.province_id == user.province_id
        and target.role in (Role.DISTRICT_OFFICER, Role.PROVINCIAL_DIRECTOR)
    )


# The report's workflow: who may act. When (windows, states) is wts.workflow.rules' refusals.
edit_report = is_district_officer & is_officer_of_report_district
review_report = is_provincial_director & is_director_of_report_province
manage_user = ~is_oneself & ~is_superuser_account & (
    is_department_admin | (is_provincial_admin & is_province_managed_account)
)

CAPABILITIES = {
    # District data entry (the officer's pages, the workbook upload, submitting).
    "wts.record_workload": is_district_officer,
    "wts.edit_report": edit_report,
    # Who records is who submits: one predicate, named for the button that asks.
    "wts.submit_report": edit_report,
    # Review by the province; reopening by the department.
    "wts.read_reviews": is_province_staff | is_department_staff,
    "wts.review_report": review_report,
    "wts.confirm_province_districts": is_provincial_director,
    "wts.comment_on_report": review_report | edit_report,
    "wts.reopen_report": is_department_admin,
    # Follow-up: boards, status reports, letters, reminders, announcements.
    "wts.view_national_figures": is_department_staff,
    "wts.export_national_figures": is_department_staff,
    "wts.view_province_figures": is_department_staff | is_province_staff,
    "wts.follow_own_province": is_province_staff,
    "wts.export_province_figures": is_department_staff | is_province_staff,
    "wts.remind_provinces": is_department_admin,
    "wts.remind_districts": is_department_admin | is_province_staff,
    "wts.draft_national_letter": is_department_admin,
    "wts.draft_province_letter": is_department_admin | is_province_staff,
    "wts.upload_emblem": is_department_admin,
    # A letterhead (address, owner unit, phone, ผู้ประสานงาน) and the register of letters sent: the
    # department's own (province None) is its administrators', a province's its provincial administrator's.
    "wts.edit_letterhead": is_department_admin | (is_provincial_admin & is_of_province),
    "wts.manage_announcements": is_department_admin,
    "wts.read_all_announcements": is_department_staff,
    "wts.view_staffing_analysis": is_department_staff | is_province_staff,
    "wts.search_audit": is_department_staff,
    # The department's set-up: rounds (windows, extensions, closing), the catalog, reference data.
    "wts.view_rounds": is_department_staff,
    "wts.manage_rounds": is_department_admin,
    "wts.view_jobs": is_department_staff,
    "wts.manage_jobs": is_department_admin,
    "wts.view_catalog": is_department_staff,
    "wts.change_catalog": is_department_admin,
    "wts.edit_district_figures": is_active_superuser | is_department_admin,
    # Posts (framework, filled) per position type: entered by the province, or the department.
    "wts.edit_district_positions": is_department_admin | (is_province_staff & is_of_province),
    "wts.use_admin_site": is_active_superuser | is_department_admin,
    # Accounts: the province issues its districts' accounts, the department everyone's.
    "wts.manage_accounts": is_provincial_admin | is_department_admin,
    "wts.manage_accounts_nationwide": is_department_admin,
    # The department's viewer reads the nationwide account overview, read only.
    "wts.view_accounts_nationwide": is_department_staff,
    "wts.manage_accounts_of_province": is_department_admin | (is_provincial_admin & is_of_province),
    "wts.manage_user": manage_user,
    # Each province's help-desk contact: its provincial administrator, or the department.
    "wts.edit_province_helpdesk": is_department_admin | (is_provincial_admin & is_of_province),
    "wts.revoke_tokens_of": (is_active_account & is_oneself) | manage_user,
    "wts.use_second_factor": is_second_factor_role,
}

for _name, _predicate in CAPABILITIES.items():
    rules.add_rule(_name, _predicate)
