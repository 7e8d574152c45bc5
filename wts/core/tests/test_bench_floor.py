"""The load test's bare view (the floor) exists only under the bench settings, never in production."""

from django.test import override_settings


def test_the_bare_view_is_not_reachable_with_the_production_urls(client, db):
    assert client.get("/bench/bare/").status_code == 404


@override_settings(ROOT_URLCONF="bench.urls_bench")
def test_the_bench_urls_serve_the_bare_view_and_every_production_page(client, db):
    response = client.get("/bench/bare/")
    assert response.status_code == 200 and response.content == b"ok"
    assert client.get("/accounts/login/").status_code == 200


def test_the_bench_urls_keep_every_error_handler_of_production():
    import bench.urls_bench
    import wts.urls

    for name in ("handler400", "handler403", "handler404", "handler500"):
        assert getattr(bench.urls_bench, name) == getattr(wts.urls, name)
