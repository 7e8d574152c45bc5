"""A NUL character in a path, a query string, a form or a JSON body is a bad request (400), never
a query that PostgreSQL refuses with a 500 (found by tests/test_fuzz_routes.py on PostgreSQL)."""

import pytest

from wts.api.tests.helpers import ApiClient, assert_error

pytestmark = pytest.mark.usefixtures("during_entry")


@pytest.mark.parametrize("path", ["/monitoring/district/48%0001/", "/audit/district/%00/", "/entry/2569/district/a%00b/"])
def test_nul_in_a_page_path_is_400(world, path):
    assert world.client_for(world.dept_admin).get(path).status_code == 400


def test_nul_in_a_query_string_or_a_form_is_400_with_the_thai_page(world):
    client = world.client_for(world.dept_admin)
    response = client.get("/audit/", {"district": "48\x0001"})
    assert response.status_code == 400
    assert "คำขอไม่ถูกต้อง" in response.content.decode()
    assert client.post("/rounds/2569/extensions/", {"district": "\x00"}).status_code == 400


def test_nul_in_an_api_path_or_body_is_400_in_the_api_error_form(world):
    api = ApiClient(world.officer)
    assert_error(api.get("/districts/48%0001"), 400, "invalid_character")
    assert_error(api.get("/districts", {"province": "4\x008"}), 400, "invalid_character")
    response = api.post("/rounds/2569/confirm", {"district_codes": ["48\x0001"]})
    assert_error(response, 400)
    assert_error(api.put("/rounds/2569/districts/4801/values", {"values": {"1.01\x00": 1}, "base_versions": {"1": 0}}),
                 400)


def test_a_form_without_nul_is_untouched(world):
    response = world.client_for(world.dept_admin).get("/audit/", {"district": "4801"})
    assert response.status_code == 200
