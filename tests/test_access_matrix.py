"""Who may reach what: every URL pattern of the project, asked by every persona.

Each row declares one route and method, and the answer each persona must get when the URL points
at district 4801 / province 48 (นครพนม) during the entry window. "own" personas belong to that
district or province, "other" ones to สกลนคร. A route missing from the table fails the test, so a
new URL cannot ship without someone deciding who may reach it.

Answers: 200/204 served, 302 redirect (for anonymous: to the login page), 400 refused input
(the persona may act, the empty form is just not valid), 401 API without token, 403 forbidden
role, 404 outside scope (or no such object), 405 wrong method, 409 refused by the workflow state.
/dev/mail/ (the demo's sent mail) exists only in development with the file e-mail backend: 404 here.
"""

import pytest

from tests.access_matrix_support import ADMIN_PREFIX, PERSONAS, MatrixObjects, ask, url_patterns

#        route                                                                anon d_own d_oth dir dir_o pa  pa_o view admin
MATRIX = """
GET    /                                                                      302  302  302  200  200  200  200  200  200
GET    /favicon.ico                                                           301  301  301  301  301  301  301  301  301
GET    /accounts/login/                                                       200  200  200  200  200  200  200  200  200
POST   /accounts/login/                                                       200  200  200  200  200  200  200  200  200
POST   /accounts/logout/                                                      302  302  302  302  302  302  302  302  302
GET    /accounts/form-token/                                                  200  200  200  200  200  200  200  200  200
POST   /accounts/keep-alive/                                                  401  200  200  200  200  200  200  200  200
GET    /accounts/password/                                                    302  200  200  200  200  200  200  200  200
POST   /accounts/password/                                                    302  200  200  200  200  200  200  200  200
GET    /accounts/password/done/                                               302  200  200  200  200  200  200  200  200
GET    /accounts/profile/                                                     302  200  200  200  200  200  200  200  200
POST   /accounts/profile/                                                     302  302  302  302  302  302  302  302  302
GET    /accounts/two-factor/                                                  302  403  403  403  403  200  200  403  200
POST   /accounts/two-factor/                                                  302  403  403  403  403  400  400  403  400
POST   /accounts/two-factor/disable/                                          302  403  403  403  403  403  403  403  403
GET    /accounts/two-factor/verify/                                           302  302  302  302  302  302  302  302  302
POST   /accounts/two-factor/verify/                                           302  302  302  302  302  302  302  302  302
GET    /accounts/manage/                                                      302  403  403  403  403  302  302  200  200
GET    /accounts/manage/province/<str:code>/                                  302  403  403  403  403  200  404  403  200
POST   /accounts/manage/province/<str:code>/provision/                        302  403  403  403  403  200  404  403  200
POST   /accounts/manage/province/<str:code>/import/                           302  403  403  403  403  400  404  403  400
GET    /accounts/manage/province/<str:code>/list.xlsx                         302  403  403  403  403  200  404  403  200
POST   /accounts/manage/province/<str:code>/add-officer/                    302  403  403  403  403  400  404  403  400
GET    /accounts/manage/province/<str:code>/helpdesk/                       302  403  403  403  403  200  404  403  200
POST   /accounts/manage/province/<str:code>/helpdesk/                       302  403  403  403  403  400  404  403  400
GET    /accounts/helpdesk/                                                    200  200  200  200  200  200  200  200  200
POST   /accounts/manage/slips.pdf                                             302  403  403  403  403  400  400  403  400
GET    /accounts/manage/user/<str:username>/                                  302  403  403  403  403  200  404  403  200
POST   /accounts/manage/user/<str:username>/reset-password/                   302  403  403  403  403  200  404  403  200
POST   /accounts/manage/user/<str:username>/deactivate/                       302  403  403  403  403  302  404  403  302
POST   /accounts/manage/user/<str:username>/activate/                         302  403  403  403  403  302  404  403  302
POST   /accounts/manage/user/<str:username>/unlock/                           302  403  403  403  403  302  404  403  302
POST   /accounts/manage/user/<str:username>/remove-two-factor/                302  403  403  403  403  302  404  403  302
GET    /admin/                                                                302  302  302  302  302  302  302  302  200
GET    /dev/mail/                                                             302  404  404  404  404  404  404  404  404
GET    /entry/                                                                302  200  200  403  403  403  403  403  403
GET    /entry/<int:fiscal_year>/area/<int:number>/                            302  200  200  403  403  403  403  403  403
POST   /entry/<int:fiscal_year>/area/<int:number>/                            302  302  302  403  403  403  403  403  403
GET    /entry/<int:fiscal_year>/district/<str:code>/                          302  200  404  200  404  200  404  200  200
GET    /review/                                                               302  403  403  302  302  302  302  200  200
POST   /review/<int:fiscal_year>/submit/                                      302  302  302  403  403  403  403  403  403
GET    /review/<int:fiscal_year>/province/<str:code>/                         302  403  403  200  404  200  404  200  200
POST   /review/<int:fiscal_year>/province/<str:code>/confirm/                 302  403  404  400  404  403  404  403  403
GET    /review/<int:fiscal_year>/district/<str:code>/                         302  403  403  200  404  200  404  200  200
POST   /review/<int:fiscal_year>/district/<str:code>/confirm/                 302  403  404  403  404  403  404  403  403
POST   /review/<int:fiscal_year>/district/<str:code>/return/                  302  403  404  400  404  403  404  403  403
POST   /review/<int:fiscal_year>/district/<str:code>/reopen/                  302  403  404  403  404  403  404  403  400
POST   /review/<int:fiscal_year>/district/<str:code>/comment/                 302  403  404  403  404  403  404  403  403
GET    /audit/                                                                302  403  403  403  403  403  403  200  200
GET    /audit/district/<str:code>/                                            302  200  404  200  404  200  404  200  200
GET    /jobs/                                                                 302  403  403  403  403  403  403  200  200
GET    /jobs/downloads/                                                       302  200  200  200  200  200  200  200  200
GET    /jobs/schedule/                                                        302  403  403  403  403  403  403  200  200
POST   /jobs/schedule/                                                        302  403  403  403  403  403  403  403  400
GET    /jobs/<uuid:pk>/                                                       302  404  404  404  404  404  404  404  200
GET    /jobs/<uuid:pk>/progress/                                              302  404  404  404  404  404  404  404  200
GET    /jobs/<uuid:pk>/download/                                              302  404  404  404  404  404  404  404  200
POST   /jobs/<uuid:pk>/retry/                                                 302  403  403  403  403  403  403  403  409
GET    /notifications/                                                        302  200  200  200  200  200  200  200  200
GET    /notifications/bell/                                                   302  200  200  200  200  200  200  200  200
POST   /notifications/<int:pk>/open/                                          302  302  404  404  404  404  404  404  404
POST   /notifications/read-all/                                               302  302  302  302  302  302  302  302  302
GET    /monitoring/                                                           302  403  403  403  403  403  403  200  200
POST   /monitoring/remind/                                                    302  403  403  403  403  403  403  403  400
GET    /monitoring/report.<str:fmt>                                           302  403  403  403  403  403  403  200  200
POST   /monitoring/report.<str:fmt>/background/                               302  403  403  403  403  403  403  302  302
GET    /monitoring/letter/                                                    302  403  403  403  403  403  403  200  200
GET    /monitoring/letter/letterhead/                                         302  403  403  403  403  403  403  403  200
POST   /monitoring/letter/letterhead/                                         302  403  403  403  403  403  403  403  400
GET    /monitoring/letter/register/                                           302  403  403  403  403  403  403  403  200
GET    /monitoring/letter/register/<int:pk>/file                              302  403  403  403  403  403  403  403  200
GET    /monitoring/letter/emblem/                                             302  403  403  403  403  403  403  403  200
POST   /monitoring/letter/emblem/                                             302  403  403  403  403  403  403  403  400
GET    /monitoring/province/<str:code>/                                       302  403  404  200  404  200  404  200  200
POST   /monitoring/province/<str:code>/remind/                                302  403  404  400  404  400  404  403  400
GET    /monitoring/province/<str:code>/report.<str:fmt>                       302  403  404  200  404  200  404  200  200
GET    /monitoring/province/<str:code>/letter/                                302  403  404  200  404  200  404  403  200
GET    /monitoring/province/<str:code>/letter/letterhead/                     302  403  404  403  404  200  404  403  200
POST   /monitoring/province/<str:code>/letter/letterhead/                     302  403  404  403  404  400  404  403  400
GET    /monitoring/province/<str:code>/letter/register/                       302  403  404  200  404  200  404  403  200
GET    /monitoring/province/<str:code>/letter/register/<int:pk>/file          302  403  404  200  404  200  404  403  200
GET    /monitoring/district/<str:code>/                                       302  200  404  200  404  200  404  200  200
GET    /monitoring/announcements/                                             302  200  200  200  200  200  200  200  200
GET    /monitoring/announcements/new/                                         302  403  403  403  403  403  403  403  200
POST   /monitoring/announcements/new/                                         302  403  403  403  403  403  403  403  400
POST   /monitoring/announcements/<int:pk>/withdraw/                           302  403  403  403  403  403  403  403  302
GET    /monitoring/announcements/<int:pk>/attachment.pdf                      302  404  404  404  404  404  404  404  404
GET    /monitoring/help/                                                      302  200  200  200  200  200  200  200  200
GET    /monitoring/help/<str:role>/                                           200  200  200  200  200  200  200  200  200
GET    /analytics/                                                            302  403  403  200  200  200  200  200  200
GET    /analytics/<slug:slug>/                                                302  403  403  200  200  200  200  200  200
GET    /analytics/<slug:slug>.<str:kind>                                      302  403  403  200  200  200  200  200  200
POST   /analytics/<slug:slug>.<str:kind>/background/                          302  403  403  302  302  302  302  302  302
GET    /analytics/positions/                                                  302  403  403  302  302  302  302  403  200
GET    /analytics/positions/province/<str:code>/                              302  403  404  200  404  200  404  403  200
POST   /analytics/positions/province/<str:code>/                              302  403  404  400  404  400  404  403  400
GET    /analytics/positions/province/<str:code>/positions.xlsx                302  403  404  200  404  200  404  403  200
POST   /analytics/positions/province/<str:code>/import/                       302  403  404  400  404  400  404  403  400
GET    /rounds/                                                               302  403  403  403  403  403  403  200  200
GET    /rounds/new/                                                           302  403  403  403  403  403  403  403  200
POST   /rounds/new/                                                           302  403  403  403  403  403  403  403  400
GET    /rounds/<int:fiscal_year>/                                             302  403  403  403  403  403  403  200  200
POST   /rounds/<int:fiscal_year>/                                             302  403  403  403  403  403  403  403  400
GET    /rounds/<int:fiscal_year>/extensions/                                  302  403  403  403  403  403  403  200  200
POST   /rounds/<int:fiscal_year>/extensions/                                  302  403  403  403  403  403  403  403  400
GET    /rounds/<int:fiscal_year>/extensions/<int:extension_id>/withdraw/      302  403  403  403  403  403  403  403  200
POST   /rounds/<int:fiscal_year>/extensions/<int:extension_id>/withdraw/      302  403  403  403  403  403  403  403  400
GET    /rounds/<int:fiscal_year>/close/                                       302  403  403  403  403  403  403  403  200
POST   /rounds/<int:fiscal_year>/close/                                       302  403  403  403  403  403  403  403  400
POST   /rounds/<int:fiscal_year>/reopen/                                      302  403  403  403  403  403  403  403  400
GET    /catalog/                                                              302  403  403  403  403  403  403  302  302
GET    /catalog/<int:fiscal_year>/                                            302  403  403  403  403  403  403  200  200
GET    /catalog/<int:fiscal_year>/catalog.xlsx                                302  403  403  403  403  403  403  200  200
GET    /catalog/<int:fiscal_year>/import/                                     302  403  403  403  403  403  403  403  200
POST   /catalog/<int:fiscal_year>/import/                                     302  403  403  403  403  403  403  403  400
GET    /catalog/<int:fiscal_year>/area/<int:number>/                          302  403  403  403  403  403  403  403  200
POST   /catalog/<int:fiscal_year>/area/<int:number>/                          302  403  403  403  403  403  403  403  400
GET    /catalog/<int:fiscal_year>/area/<int:number>/add/                      302  403  403  403  403  403  403  403  200
POST   /catalog/<int:fiscal_year>/area/<int:number>/add/                      302  403  403  403  403  403  403  403  400
GET    /catalog/<int:fiscal_year>/item/<int:pk>/                              302  403  403  403  403  403  403  403  200
POST   /catalog/<int:fiscal_year>/item/<int:pk>/                              302  403  403  403  403  403  403  403  400
GET    /catalog/<int:fiscal_year>/item/<int:pk>/effect/                       302  403  403  403  403  403  403  403  200
POST   /catalog/<int:fiscal_year>/item/<int:pk>/move/                         302  403  403  403  403  403  403  403  302
POST   /catalog/<int:fiscal_year>/item/<int:pk>/remove/                       302  403  403  403  403  403  403  403  302
GET    /catalog/<int:fiscal_year>/positions/                                  302  403  403  403  403  403  403  200  200
POST   /catalog/<int:fiscal_year>/positions/                                  302  403  403  403  403  403  403  403  302
GET    /catalog/<int:fiscal_year>/positions/add/                              302  403  403  403  403  403  403  403  200
POST   /catalog/<int:fiscal_year>/positions/add/                              302  403  403  403  403  403  403  403  400
GET    /catalog/<int:fiscal_year>/positions/<int:pk>/                         302  403  403  403  403  403  403  403  200
POST   /catalog/<int:fiscal_year>/positions/<int:pk>/                         302  403  403  403  403  403  403  403  400
POST   /catalog/<int:fiscal_year>/positions/<int:pk>/remove/                  302  403  403  403  403  403  403  403  302
GET    /spreadsheets/                                                         302  200  200  200  200  200  200  200  200
GET    /spreadsheets/<int:fiscal_year>/district/<str:code>/workbook.xlsx      302  200  404  200  404  200  404  200  200
GET    /spreadsheets/<int:fiscal_year>/upload/                                302  200  200  403  403  403  403  403  403
POST   /spreadsheets/<int:fiscal_year>/upload/                                302  400  400  403  403  403  403  403  403
POST   /spreadsheets/imports/<uuid:pk>/apply/                                 302  302  404  403  403  403  403  403  403
POST   /spreadsheets/imports/<uuid:pk>/discard/                               302  302  404  403  403  403  403  403  403
GET    /spreadsheets/<int:fiscal_year>/export.<str:fmt>                       302  403  403  403  403  403  403  200  200
POST   /spreadsheets/<int:fiscal_year>/export.<str:fmt>/background/           302  403  403  403  403  403  403  302  302
GET    /spreadsheets/<int:fiscal_year>/province/<str:province_code>/export.<str:fmt>  302  403  403  200  404  200  404  200  200
GET    /spreadsheets/rounds/export.<str:fmt>                                  302  403  403  403  403  403  403  400  400
POST   /spreadsheets/rounds/export.<str:fmt>/background/                      302  403  403  403  403  403  403  400  400
GET    /spreadsheets/rounds/province/<str:province_code>/export.<str:fmt>     302  403  403  400  404  400  404  400  400
GET    /api/tokens/                                                           302  200  200  200  200  200  200  200  200
POST   /api/tokens/                                                           302  400  400  400  400  400  400  400  400
POST   /api/tokens/<int:pk>/revoke/                                           302  302  404  404  404  404  404  404  404
GET    /api/tokens/user/<str:username>/                                       302  403  403  403  403  200  404  403  200
POST   /api/tokens/user/<str:username>/<int:pk>/revoke/                       302  403  403  403  403  302  404  403  302
GET    /api/v1/                                                               200  200  200  200  200  200  200  200  200
GET    /api/v1/openapi.json                                                   200  200  200  200  200  200  200  200  200
GET    /api/v1/docs                                                           200  200  200  200  200  200  200  200  200
GET    /api/v1/<path:rest>                                                    404  404  404  404  404  404  404  404  404
GET    /api/v1/me                                                             401  200  200  200  200  200  200  200  200
GET    /api/v1/provinces                                                      401  200  200  200  200  200  200  200  200
GET    /api/v1/provinces/<code>                                               401  200  404  200  404  200  404  200  200
GET    /api/v1/districts                                                      401  200  200  200  200  200  200  200  200
GET    /api/v1/districts/<code>                                               401  200  404  200  404  200  404  200  200
GET    /api/v1/rounds                                                         401  200  200  200  200  200  200  200  200
GET    /api/v1/rounds/<fiscal_year>                                           401  200  200  200  200  200  200  200  200
GET    /api/v1/rounds/<fiscal_year>/catalog                                   401  200  200  200  200  200  200  200  200
GET    /api/v1/rounds/<fiscal_year>/statuses                                  401  200  200  200  200  200  200  200  200
GET    /api/v1/rounds/<fiscal_year>/values                                    401  200  200  200  200  200  200  200  200
GET    /api/v1/rounds/<fiscal_year>/districts/<code>/report                   401  200  404  200  404  200  404  200  200
PUT    /api/v1/rounds/<fiscal_year>/districts/<code>/areas/<number>/values    401  200  404  403  404  403  404  403  403
PUT    /api/v1/rounds/<fiscal_year>/districts/<code>/values                   401  200  404  403  404  403  404  403  403
POST   /api/v1/rounds/<fiscal_year>/districts/<code>/submit                   401  409  404  403  404  403  404  403  403
POST   /api/v1/rounds/<fiscal_year>/districts/<code>/confirm                  401  403  404  409  404  403  404  403  403
POST   /api/v1/rounds/<fiscal_year>/districts/<code>/return                   401  403  404  409  404  403  404  403  403
POST   /api/v1/rounds/<fiscal_year>/districts/<code>/reopen                   401  403  404  403  404  403  404  403  409
POST   /api/v1/rounds/<fiscal_year>/confirm                                   401  403  404  409  404  403  404  403  403
"""

# JSON bodies for the API's writes: valid input, so the answer is about who asks, not what is sent.
API_BODIES = {
    "/api/v1/rounds/<fiscal_year>/districts/<code>/areas/<number>/values": {"values": {}, "base_version": 0},
    "/api/v1/rounds/<fiscal_year>/districts/<code>/values": {"values": {"1.01": 1}, "base_versions": {"1": 0}},
    "/api/v1/rounds/<fiscal_year>/districts/<code>/return": {"reason": "ตรวจสอบตัวเลขด้านที่ 1"},
    "/api/v1/rounds/<fiscal_year>/districts/<code>/reopen": {"reason": "ขอแก้ไขตามหนังสือจังหวัด"},
    "/api/v1/rounds/<fiscal_year>/confirm": {"district_codes": ["4801"]},
}

# Form posts that must carry a field to be valid input: the area's version read before editing.
FORM_BODIES = {"/entry/<int:fiscal_year>/area/<int:number>/": {"base_version": "0"}}

# Routes that answer every method alike (framework views, the API's unknown-endpoint 404); every
# other route refuses a DELETE with 405.
ANY_METHOD = {"/api/v1/", "/api/v1/<path:rest>", "/api/v1/docs", "/api/v1/openapi.json", "/admin/"}


def parse(table):
    rows = []
    for line in table.strip().splitlines():
        method, route, *codes = line.split()
        assert len(codes) == len(PERSONAS), f"{route}: {len(codes)} answers for {len(PERSONAS)} personas"
        rows.append((method, route, dict(zip(PERSONAS, map(int, codes), strict=True))))
    return rows


ROWS = parse(MATRIX)


def declared_routes():
    return {route for _method, route, _codes in ROWS}


def project_routes():
    return {"/" + route for route in url_patterns()}


@pytest.fixture
def matrix(world, during_entry):
    return MatrixObjects(world)


def test_every_url_pattern_is_declared_in_the_matrix():
    undeclared = sorted(project_routes() - declared_routes())
    assert undeclared == [], "declare who may reach these routes in tests/test_access_matrix.py:\n" + "\n".join(
        undeclared
    )


def test_the_matrix_declares_no_route_that_no_longer_exists():
    assert sorted(declared_routes() - project_routes()) == []


@pytest.mark.parametrize("method, route, expected", ROWS, ids=[f"{m} {r}" for m, r, _c in ROWS])
def test_each_persona_gets_the_declared_answer(world, matrix, method, route, expected):
    route_pattern = route[1:] if route != "/" else ""
    path = matrix.path_for(route_pattern if route != "/admin/" else ADMIN_PREFIX)
    api = route.startswith("/api/v1/")
    body = API_BODIES.get(route) if api else FORM_BODIES.get(route)
    wrong = []
    for persona in PERSONAS:
        response = ask(world, matrix, persona, method, path, api=api, data=body)
        if response.status_code != expected[persona]:
            wrong.append(f"{persona}: got {response.status_code}, declared {expected[persona]}")
        elif persona == "anonymous" and response.status_code == 302:
            login = "/admin/login/" if route == "/admin/" else "/accounts/login/"
            if not response["Location"].startswith(login):
                wrong.append(f"anonymous: redirected to {response['Location']}, not to the login page")
    assert wrong == [], f"{method} {path}\n" + "\n".join(wrong)


UNUSUAL_METHODS = ("PUT", "PATCH", "DELETE")


@pytest.mark.parametrize("route", sorted(declared_routes() - ANY_METHOD))
def test_an_undeclared_method_is_refused(world, matrix, route):
    """A form view quietly treating PUT as POST, say, is a door nobody decided to open."""
    route_pattern = route[1:] if route != "/" else ""
    path = matrix.path_for(route_pattern)
    declared = {method for method, declared_route, _codes in ROWS if declared_route == route}
    wrong = []
    for method in UNUSUAL_METHODS:
        if method in declared:
            continue
        response = ask(world, matrix, "dept_admin", method, path, api=route.startswith("/api/v1/"))
        if response.status_code != 405:
            wrong.append(f"{method} {path} answered {response.status_code}")
    assert wrong == []
