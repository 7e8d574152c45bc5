"""Property-based run of the whole API against its own OpenAPI document: whatever schemathesis
generates (valid or not), the API never answers 5xx, and every answer matches the document."""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from wts.api.actions import create_token

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 3


@pytest.fixture
def wsgi_app(db):
    """Django's real WSGI handler, minus the end-of-request connection reset that would end the test's
    transaction (the test client makes the same exception)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("persona", ["officer", "director", "dept_admin"])
def test_api_never_fails_and_always_matches_its_openapi_document(world, during_entry, wsgi_app, persona):
    token = create_token(acting_user=getattr(world, persona), name="schemathesis")[1]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    headers = {"Authorization": f"Bearer {token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15

    for operation in operations:
        # Valid requests, then requests that break the schema (these must be 4xx in the error form).
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @settings(
                max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
                phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                case.call_and_validate(headers=headers, checks=CHECKS)

            run()
