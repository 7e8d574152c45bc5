import json
import re

from django.test import Client

from wts.api.actions import create_token
from wts.catalog.models import WorkItem
from wts.workflow.models import AreaReport

AREA_SAVE = re.compile(r"^/rounds/(?P<year>\d+)/districts/(?P<code>\w+)/areas/(?P<number>\d+)/values$")
REPORT_SAVE = re.compile(r"^/rounds/(?P<year>\d+)/districts/(?P<code>\w+)/values$")


def current_versions(year, code) -> dict[int, int]:
    """Area number → version, as the district's report shows them (0 for an area never saved)."""
    return dict(
        AreaReport.objects.filter(report__round__fiscal_year=year, report__district__code=code)
        .values_list("area__number", "version")
    )


class ApiClient:
    """A test client that sends one persona's API token, the way an external program would."""

    def __init__(self, user=None, token=None):
        self.client = Client()
        self.token = token if token is not None else (create_token(acting_user=user, name="test")[1] if user else None)

    def _headers(self):
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}

    def get(self, path, params=None):
        return self.client.get(f"/api/v1{path}", params or {}, **self._headers())

    def put(self, path, payload, *, read_versions=True):
        """A save sends the versions it read, as a well-behaved client does (the API requires them):
        when the payload names none, the current ones are filled in. read_versions=False sends it as is."""
        if read_versions and isinstance(payload, dict):
            payload = self._with_versions(path, payload)
        return self.client.put(f"/api/v1{path}", json.dumps(payload), content_type="application/json", **self._headers())

    @staticmethod
    def _with_versions(path, payload):
        if (match := AREA_SAVE.match(path)) and "base_version" not in payload:
            versions = current_versions(match["year"], match["code"])
            return {**payload, "base_version": versions.get(int(match["number"]), 0)}
        if (match := REPORT_SAVE.match(path)) and "base_versions" not in payload:
            codes = list(payload.get("values") or {})
            numbers = set(
                WorkItem.objects.filter(area__round__fiscal_year=match["year"], code__in=codes)
                .values_list("area__number", flat=True)
            )
            versions = current_versions(match["year"], match["code"])
            return {**payload, "base_versions": {str(n): versions.get(n, 0) for n in sorted(numbers)}}
        return payload

    def post(self, path, payload=None):
        return self.client.post(
            f"/api/v1{path}", json.dumps(payload or {}), content_type="application/json", **self._headers()
        )

    def delete(self, path):
        return self.client.delete(f"/api/v1{path}", **self._headers())


def assert_error(response, status, code=None):
    assert response.status_code == status, (response.status_code, response.content[:500])
    error = response.json()["error"]
    assert error["status"] == status
    assert error["message_th"] and error["message_en"]
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in error["message_th"]), "the Thai message is in Thai"
    if code:
        assert error["code"] == code, error
    return error
