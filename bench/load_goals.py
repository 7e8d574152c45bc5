"""The deadline-day goals of issue 16, each beside its figure from one `bench/run_load.sh all` run
(the floor is the bare view measured in the same run, with no pause, like the saves).

    .venv/bin/python bench/load_goals.py /tmp/wts-load

Exit status 1 when a goal is missed (or a run is missing), so the figures cannot be read as met.
"""

import csv
import os
import sys

SAVE_IN_PLACE_GOAL = 3.0  # bare view req/s ÷ area saves/s from the page, at most
API_ONE_AREA_GOAL = 2.5  # bare view req/s ÷ area saves/s through the API, one area per PUT, at most
WHOLE_REPORT_GOAL = 400  # area saves/s through the API, whole reports, at least
SURGE_P95_GOAL_MS = 150  # every request of the surge, p95, at most (and no error)


def row(out: str, run: str, name: str) -> dict | None:
    path = os.path.join(out, f"{run}_stats.csv")
    if not os.path.exists(path):
        return None
    return next((r for r in csv.DictReader(open(path, encoding="utf-8")) if r["Name"] == name), None)


def rps(r: dict | None) -> float:
    return float(r["Requests/s"]) if r else 0.0


def main(out: str) -> int:
    bare = rps(row(out, "ceiling-bare", "max: bare view"))
    page = rps(row(out, "ceiling-saves", "max: save area"))
    api = rps(row(out, "ceiling-api", "max api: save area"))
    report = rps(row(out, "ceiling-api-report", "max api: save report (8 areas)")) * 8
    surge = row(out, "surge", "Aggregated")
    lines = []

    def goal(label, figure, target, met):
        lines.append((label, figure, target, "yes" if met else "NO"))

    goal("floor: bare view, no pause", f"{bare:.0f} req/s", "—", bare > 0)
    goal("area save from the page (in place)",
         f"{page:.1f} saves/s = {bare / page:.1f}× the floor" if page else "not measured",
         f"≤ {SAVE_IN_PLACE_GOAL}× (≥ {bare / SAVE_IN_PLACE_GOAL:.0f}/s here)", page and bare / page <= SAVE_IN_PLACE_GOAL)
    goal("area save through the API, one area",
         f"{api:.1f} saves/s = {bare / api:.1f}× the floor" if api else "not measured",
         f"≤ {API_ONE_AREA_GOAL}× (≥ {bare / API_ONE_AREA_GOAL:.0f}/s here)", api and bare / api <= API_ONE_AREA_GOAL)
    goal("whole report through the API", f"{report / 8:.1f} reports/s = {report:.0f} area saves/s",
         f"≥ {WHOLE_REPORT_GOAL} area saves/s", report >= WHOLE_REPORT_GOAL)
    if surge:
        p50, p95, p99 = (float(surge[k]) for k in ("50%", "95%", "99%"))
        errors = int(float(surge["Failure Count"]))
        goal("surge: every request", f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms, {errors} errors",
             f"p95 ≤ {SURGE_P95_GOAL_MS} ms, 0 errors", p95 <= SURGE_P95_GOAL_MS and errors == 0)
    else:
        goal("surge: every request", "not measured", f"p95 ≤ {SURGE_P95_GOAL_MS} ms, 0 errors", False)
    print("| measure | this run | goal | met |")
    print("|---|---|---|---|")
    for line in lines:
        print("| " + " | ".join(line) + " |")
    return 0 if all(met == "yes" for *_, met in lines) else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
