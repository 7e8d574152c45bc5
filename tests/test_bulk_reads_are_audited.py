"""Issue 13, finding 10: every bulk read leaves one audit row, like the CSV exports always did.

The test walks every GET route of the project (the access matrix's table): whatever answers with
a file to download (Content-Disposition: attachment) must have written exactly one audit row for
the persona who took it; every API listing likewise. A new download that forgets is caught.
"""

import pytest
from django.db import transaction
from django.test import Client

from tests.access_matrix_support import PERSONA_USERS, MatrixObjects
from tests.test_access_matrix import ROWS
from wts.audit.models import AuditEvent

# Who tries each route, in order: the first one answered 200 is the allowed persona.
TRY = ["dept_admin", "provadmin_own", "director_own", "district_own"]
# Routes that download only with a filled-in form in the query.
QUERIES = {
    "/monitoring/letter/": {"format": "docx"},
    "/monitoring/province/<str:code>/letter/": {"format": "pdf"},
    "/spreadsheets/rounds/export.<str:fmt>": {"rounds": ["2569"]},
    "/spreadsheets/rounds/province/<str:province_code>/export.<str:fmt>": {"rounds": ["2569"]},
}
# Reference lists that carry no workload figures and no personal data: names, codes and windows.
REFERENCE_LISTS = {
    "/api/v1/provinces", "/api/v1/districts", "/api/v1/rounds", "/api/v1/rounds/<fiscal_year>/catalog",
}

GET_ROUTES = sorted({route for method, route, _codes in ROWS if method == "GET" and not route.startswith("/admin")})


@pytest.fixture
def matrix(world, during_entry):
    return MatrixObjects(world)


def _take(world, matrix, persona, route):
    """One GET as the persona; the answer and the audit rows it wrote for that persona, rolled back."""
    path = matrix.path_for(route[1:])
    api = route.startswith("/api/v1/")
    client = Client(raise_request_exception=False)
    headers = {}
    user = getattr(world, PERSONA_USERS[persona])
    with transaction.atomic():
        if api:
            headers["Authorization"] = f"Bearer {matrix.bearer[persona]}"
        else:
            client.force_login(user)
        before = AuditEvent.objects.filter(actor=user).count()
        response = client.get(path, QUERIES.get(route, {}), headers=headers)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        written = AuditEvent.objects.filter(actor=user).count() - before
        transaction.set_rollback(True)
    return response, written


def _is_listing(response) -> bool:
    if response.get("Content-Type", "").split(";")[0] != "application/json":
        return False
    body = response.json()
    return isinstance(body, list) or (isinstance(body, dict) and isinstance(body.get("items"), list))


@pytest.mark.parametrize("route", GET_ROUTES)
def test_every_download_and_api_listing_writes_one_audit_row(world, matrix, route):
    for persona in TRY:
        response, written = _take(world, matrix, persona, route)
        if response.status_code != 200:
            continue
        is_download = "attachment" in response.get("Content-Disposition", "")
        if is_download or (route.startswith("/api/v1/") and route not in REFERENCE_LISTS and _is_listing(response)):
            assert written == 1, f"GET {route} as {persona}: a bulk read wrote {written} audit rows"
        return
    pytest.skip(f"no persona reaches {route} with a 200")


def test_the_walk_finds_the_downloads_it_must(world, matrix):
    """Guard against a walk that silently finds nothing: these are known downloads."""
    found = set()
    for route in GET_ROUTES:
        for persona in TRY:
            response, _written = _take(world, matrix, persona, route)
            if response.status_code == 200:
                if "attachment" in response.get("Content-Disposition", ""):
                    found.add(route)
                break
    assert {
        "/monitoring/report.<str:fmt>", "/monitoring/province/<str:code>/report.<str:fmt>", "/monitoring/letter/",
        "/analytics/<slug:slug>.<str:kind>", "/accounts/manage/province/<str:code>/list.xlsx",
        "/spreadsheets/rounds/export.<str:fmt>", "/spreadsheets/<int:fiscal_year>/district/<str:code>/workbook.xlsx",
    } <= found, found
