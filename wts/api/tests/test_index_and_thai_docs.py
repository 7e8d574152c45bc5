"""A Thai integrator finds the API from its root: ``/api/v1/`` answers a JSON index (not an HTML
404), and the documentation page describes every endpoint and every error code in Thai beside
the English of the OpenAPI document."""

import re
from pathlib import Path

from django.test import Client

from wts.api import guide
from wts.api.v1 import api

API_DIR = Path(guide.__file__).parent


def _schema_operations():
    return {(m.upper(), p.removeprefix("/api/v1")) for p, ops in api.get_openapi_schema()["paths"].items() for m in ops}


def test_the_api_root_answers_a_json_index_of_every_endpoint(db):
    response = Client().get("/api/v1/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    index = response.json()
    assert index["openapi"].endswith("/api/v1/openapi.json")
    assert index["documentation"].endswith("/api/v1/docs")
    listed = {(e["method"], e["path"].removeprefix("/api/v1")) for e in index["endpoints"]}
    assert listed == _schema_operations()
    assert all(e["description_th"] for e in index["endpoints"]), [e for e in index["endpoints"] if not e["description_th"]]
    assert {"code": "stale_edit", "status": 409}.items() <= next(e for e in index["errors"] if e["code"] == "stale_edit").items()
    assert "รหัสเชื่อมต่อ" in index["authentication"]["description_th"]


def test_the_api_root_refuses_other_methods_in_the_apis_json_form(db):
    response = Client().post("/api/v1/")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_every_endpoint_of_the_openapi_document_has_a_thai_description():
    described = {(e.method, e.path) for e in guide.ENDPOINTS}
    assert described == _schema_operations()


def test_every_error_code_the_api_answers_has_a_thai_description():
    answered = set()
    for source in API_DIR.glob("*.py"):
        answered |= {(int(s), c) for s, c in re.findall(r"\b([45]\d\d),\s*\"([a-z_]+)\"(?!:)", source.read_text())}
    described = {(e.status, e.code) for e in guide.ERROR_CODES}
    assert answered, "no error codes found in the API's source"
    assert answered <= described, sorted(answered - described)


def test_the_documentation_page_keeps_english_and_adds_thai(db, world):
    client = world.client_for(world.officer)
    body = client.get("/api/v1/docs").content.decode()
    assert 'id="swagger-ui"' in body  # the English OpenAPI document, as before
    for endpoint in guide.ENDPOINTS:
        assert str(endpoint.description_th) in body
        assert f"/api/v1{endpoint.path}" in body
    for error in guide.ERROR_CODES:
        assert f"<code>{error.code}</code>" in body and str(error.description_th) in body


def test_a_body_that_is_not_json_answers_a_described_code(world, during_entry):
    from .helpers import ApiClient

    api_client = ApiClient(world.officer)
    response = api_client.client.put("/api/v1/rounds/2569/districts/4801/values", "{not json",
                                     content_type="application/json", **api_client._headers())
    error = response.json()["error"]
    assert response.status_code == 400
    assert (400, error["code"]) in {(e.status, e.code) for e in guide.ERROR_CODES}
