"""The department's viewer (ผู้บริหาร กรมฯ) reads every page read-only and changes nothing.

Every GET of the access matrix answers the viewer 200, or a reason written here; every POST is
refused, except the viewer's own account (log in and out, password, profile, own tokens, own
downloads). tests/test_access_matrix.py asks each of these of the real views."""

import pytest

from tests.test_access_matrix import MATRIX
from wts.jobs.models import JobSchedule

VIEWER_COLUMN = 7
ANSWERS_WITHOUT_A_PAGE = {
    "/favicon.ico": "a redirect to the icon's static file",
    "/accounts/two-factor/": "the viewer's role does not use a second factor",
    "/accounts/two-factor/verify/": "nothing to verify without a second factor: back to the home page",
    "/admin/": "the admin site is the department administrator's; the viewer is sent to its login",
    "/dev/mail/": "development only (the demo's sent mail)",
    "/catalog/": "a redirect to the current round's catalog, which the viewer reads",
    "/spreadsheets/rounds/export.<str:fmt>": "asks for ?rounds=: without it the request is refused (400)",
    "/spreadsheets/rounds/province/<str:province_code>/export.<str:fmt>": "asks for ?rounds= (400 without it)",
    "/api/v1/<path:rest>": "no such API endpoint",
    "/jobs/<uuid:pk>/": "the matrix's job belongs to another user: each sees only their own downloads",
    "/jobs/<uuid:pk>/progress/": "another user's job",
    "/jobs/<uuid:pk>/download/": "another user's job",
    "/monitoring/announcements/<int:pk>/attachment.pdf": "the matrix's announcement has no attachment",
    "/api/tokens/user/<str:username>/": "another user's tokens: the viewer revokes no one's",
}
# Pages that only write (a form and nothing to read) or belong to another role's own work.
FORMS_THAT_ONLY_WRITE = {
    "/entry/": "the district's own recording page; the viewer reads every district at /entry/<year>/district/<code>/",
    "/entry/<int:fiscal_year>/area/<int:number>/": "the district's recording form",
    "/monitoring/announcements/new/": "writing an announcement; the viewer reads them at /monitoring/announcements/",
    "/rounds/new/": "creating a round; the viewer reads the rounds at /rounds/",
    "/rounds/<int:fiscal_year>/extensions/<int:extension_id>/withdraw/": "the confirmation step of a withdrawal",
    "/rounds/<int:fiscal_year>/close/": "the confirmation step of closing a round",
    "/catalog/<int:fiscal_year>/import/": "uploading a catalog; the viewer reads it at /catalog/<year>/",
    "/catalog/<int:fiscal_year>/area/<int:number>/": "the area's edit form",
    "/catalog/<int:fiscal_year>/area/<int:number>/add/": "adding an item",
    "/catalog/<int:fiscal_year>/item/<int:pk>/": "the item's edit form",
    "/catalog/<int:fiscal_year>/item/<int:pk>/effect/": "the edit form's live staffing preview",
    "/spreadsheets/<int:fiscal_year>/upload/": "the district's workbook upload",
    "/accounts/manage/province/<str:code>/": "issuing a province's accounts (slips, passwords); "
                                             "the viewer reads the nationwide overview at /accounts/manage/",
    "/accounts/manage/province/<str:code>/list.xlsx": "the province's account list with its first passwords' state",
    "/accounts/manage/province/<str:code>/helpdesk/": "the province's help-desk form",
    "/accounts/manage/user/<str:username>/": "one account's reset, unlock and deactivate buttons",
    # Helper "letters" (issue 28) owns the letters' read-only view.
    "/monitoring/letter/": "drafting the national letter (issue 28, item 4: the letters' work)",
    "/monitoring/letter/emblem/": "the letter's emblem upload",
    "/monitoring/province/<str:code>/letter/": "drafting a province's letter",
    "/analytics/positions/": "the entry of posts per district and position type (province staff, the department's "
                             "administrator); the viewer reads the posts in the WISN analysis pages",
    "/analytics/positions/province/<str:code>/": "a province's form of posts per district and position type",
    "/analytics/positions/province/<str:code>/positions.xlsx": "the sheet to fill in for that form",
    "/analytics/positions/province/<str:code>/import/": "uploading that sheet",
    "/catalog/<int:fiscal_year>/positions/add/": "adding a position type",
    "/catalog/<int:fiscal_year>/positions/<int:pk>/": "a position type's edit form",
    "/catalog/<int:fiscal_year>/positions/<int:pk>/remove/": "the confirmation step of removing a position type",
    "/monitoring/letter/letterhead/": "the department's letterhead form (its administrator's)",
    "/monitoring/province/<str:code>/letter/letterhead/": "a province's letterhead form (its administrator's)",
    "/monitoring/letter/register/": "the register of letters sent is kept by the office that issues them",
    "/monitoring/letter/register/<int:pk>/file": "a letter as issued, kept by the office that issued it",
    "/monitoring/province/<str:code>/letter/register/": "a province's register of letters sent, kept by that office",
    "/monitoring/province/<str:code>/letter/register/<int:pk>/file": "a province's letter as issued, kept by that office",
}
OWN_ACCOUNT_WRITES = {
    "/accounts/login/", "/accounts/logout/", "/accounts/password/", "/accounts/profile/",
    "/accounts/two-factor/verify/", "/accounts/keep-alive/", "/notifications/read-all/", "/api/tokens/",
    "/monitoring/report.<str:fmt>/background/", "/analytics/<slug:slug>.<str:kind>/background/",
    "/spreadsheets/<int:fiscal_year>/export.<str:fmt>/background/",
    "/spreadsheets/rounds/export.<str:fmt>/background/",
}


def _viewer_rows():
    for line in MATRIX.strip().splitlines():
        method, route, *answers = line.split()
        yield method, route, answers[VIEWER_COLUMN]


def test_the_viewer_gets_every_page_or_a_written_reason():
    unexplained = [
        (route, answer) for method, route, answer in _viewer_rows()
        if method == "GET" and answer != "200" and route not in ANSWERS_WITHOUT_A_PAGE | FORMS_THAT_ONLY_WRITE
    ]
    assert not unexplained, unexplained


def test_the_viewer_reads_the_account_overview_and_the_reminder_schedule():
    answers = {(method, route): answer for method, route, answer in _viewer_rows()}
    assert answers[("GET", "/accounts/manage/")] == "200"
    assert answers[("GET", "/jobs/schedule/")] == "200"


def test_every_write_of_the_viewer_is_refused_except_its_own_account():
    allowed = [
        (method, route, answer) for method, route, answer in _viewer_rows()
        if method != "GET" and answer not in {"403", "404", "405"} and route not in OWN_ACCOUNT_WRITES
    ]
    assert not allowed, allowed


def test_the_schedule_is_read_only_for_the_viewer_and_its_post_changes_nothing(world):
    client = world.client_for(world.dept_viewer)
    body = client.get("/jobs/schedule/").content.decode()
    assert "ท่านดูกำหนดการนี้ได้อย่างเดียว" in body
    page = body.split('id="read-only"')[1].split("</main>")[0]
    assert 'type="submit"' not in page and 'method="post"' not in page
    assert page.count(" disabled") >= 3  # every field shown, none editable
    before = JobSchedule.current()
    post = {"reminders_enabled": "", "reminder_days_before": "1", "reminder_time": "03:00"}
    assert client.post("/jobs/schedule/", post).status_code == 403
    after = JobSchedule.current()
    assert (after.reminders_enabled, after.reminder_days_before, after.reminder_time) == (
        before.reminders_enabled, before.reminder_days_before, before.reminder_time)
    admin_body = world.client_for(world.dept_admin).get("/jobs/schedule/").content.decode()
    assert "ท่านดูกำหนดการนี้ได้อย่างเดียว" not in admin_body and 'type="submit"' in admin_body


def test_the_account_overview_is_read_only_for_the_viewer(world):
    body = world.client_for(world.dept_viewer).get("/accounts/manage/").content.decode()
    assert "ท่านดูข้อมูลนี้ได้อย่างเดียว" in body
    assert "นครพนม" in body and "/accounts/manage/province/48/" not in body and "<form" not in body.split('id="read-only"')[1].split("</main>")[0]
    assert world.client_for(world.dept_viewer).post("/accounts/manage/").status_code == 405
    admin_body = world.client_for(world.dept_admin).get("/accounts/manage/").content.decode()
    assert "/accounts/manage/province/48/" in admin_body


@pytest.mark.parametrize("path", ["/accounts/manage/province/48/provision/", "/accounts/manage/province/48/add-officer/"])
def test_the_viewer_cannot_issue_accounts(world, path):
    assert world.client_for(world.dept_viewer).post(path, {}).status_code == 403
