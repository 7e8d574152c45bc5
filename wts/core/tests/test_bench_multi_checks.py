"""How bench/run_multi.sh judges nginx's access log after the surge through two app servers."""

import pytest

from bench.multi_checks import Failed, spread

APP_1, APP_2 = "127.0.0.1:8121", "127.0.0.1:8122"


def _log(tmp_path, *lines):
    path = tmp_path / "access.log"
    path.write_text("".join(f"{line}\n" for line in lines))
    return path


def test_an_even_spread_with_only_successes_and_requests_closed_at_the_stop_passes(tmp_path, capsys):
    spread(_log(tmp_path, f"200|{APP_1}|GET /", f"302|{APP_2}|POST /entry/2569/area/1/", "200|-|GET /static/x.css",
                f"499|{APP_1}|GET /entry/"), APP_1, APP_2)
    assert "127.0.0.1:8121 2 (67%), 127.0.0.1:8122 1 (33%)" in capsys.readouterr().out


def test_a_502_from_the_proxy_fails_the_run(tmp_path):
    with pytest.raises(Failed, match="1 in a 5xx"):
        spread(_log(tmp_path, f"200|{APP_1}|GET /", f"502|{APP_2}|POST /entry/2569/area/3/"), APP_1, APP_2)


def test_a_4xx_during_the_surge_fails_the_run(tmp_path):
    with pytest.raises(Failed, match="1 requests ended in a 4xx"):
        spread(_log(tmp_path, f"200|{APP_1}|GET /", f"409|{APP_2}|PUT /api/v1/x"), APP_1, APP_2)


def test_a_server_left_out_by_the_proxy_fails_the_run(tmp_path):
    with pytest.raises(Failed, match=f"{APP_2} took 0 of 3"):
        spread(_log(tmp_path, *[f"200|{APP_1}|GET /"] * 3), APP_1, APP_2)
