import json

from django.test import Client

from wts.api.actions import create_token


class ApiClient:
    """A test client that sends one persona's API token, the way an external program would."""

    def __init__(self, user=None, token=None):
        self.client = Client()
        self.token = token if token is not None else (create_token(acting_user=user, name="test")[1] if user else None)

    def _headers(self):
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}

    def get(self, path, params=None):
        return self.client.get(f"/api/v1{path}", params or {}, **self._headers())

    def put(self, path, payload):
        return self.client.put(f"/api/v1{path}", json.dumps(payload), content_type="application/json", **self._headers())

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
