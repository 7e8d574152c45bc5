"""The load test's bare view (the floor) exists only under the bench settings, never in production."""

from django.test import override_settings


def test_the_bare_view_is_not_reachable_with_the_production_urls(client, db):
    assert client.get("/bench/bare/").status_code == 404


@override_settings(ROOT_URLCONF="bench.urls_bench")
def test_the_bench_urls_serve_the_bare_view_and_every_production_page(client, db):
    response = client.get("/bench/bare/")
    assert response.status_code == 200 and response.content == b"ok"
    assert client.get("/accounts/login/").status_code == 200
