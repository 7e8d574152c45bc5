"""bench/load_goals.py: each goal of issue 16 beside its figure from one load run, and a missed
goal (or a run that is missing) is an exit status of 1, so the figures cannot be read as met."""

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import load_goals  # noqa: E402

COLUMNS = ["Type", "Name", "Request Count", "Failure Count", "Requests/s", "50%", "95%", "99%"]


def _run(folder: Path, run: str, rows: list[tuple[str, float, int, float]]):
    with open(folder / f"{run}_stats.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for name, rps, failures, p95 in rows:
            writer.writerow(["GET", name, 100, failures, rps, 20, p95, p95 * 2])


def _all_runs(folder, *, page=200.0, api=250.0, report=60.0, surge_p95=90.0, surge_errors=0):
    _run(folder, "ceiling-bare", [("max: bare view", 500.0, 0, 50)])
    _run(folder, "ceiling-saves", [("max: save area", page, 0, 300)])
    _run(folder, "ceiling-api", [("max api: save area", api, 0, 300)])
    _run(folder, "ceiling-api-report", [("max api: save report (8 areas)", report, 0, 900)])
    _run(folder, "surge", [("Aggregated", 40.0, surge_errors, surge_p95)])


def test_goals_met_exit_zero(tmp_path, capsys):
    _all_runs(tmp_path)
    assert load_goals.main(str(tmp_path)) == 0
    out = capsys.readouterr().out
    assert "200.0 saves/s = 2.5× the floor" in out and "480 area saves/s" in out and "NO" not in out


def test_each_missed_goal_is_marked_and_fails_the_run(tmp_path, capsys):
    cases = [dict(page=150.0), dict(api=180.0), dict(report=45.0), dict(surge_p95=151.0), dict(surge_errors=1)]
    for case in cases:
        _all_runs(tmp_path, **case)
        assert load_goals.main(str(tmp_path)) == 1, case
        assert capsys.readouterr().out.count("| NO |") == 1, case


def test_a_missing_run_is_not_a_met_goal(tmp_path, capsys):
    _all_runs(tmp_path)
    (tmp_path / "surge_stats.csv").unlink()
    assert load_goals.main(str(tmp_path)) == 1
    assert "not measured" in capsys.readouterr().out
