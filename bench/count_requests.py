"""One officer request, N times, in a database `bench_entry.py` has loaded: the body that
`bench/count_instructions.sh` runs under callgrind to count a request's instructions.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wts_bench .venv/bin/python bench/count_requests.py save 30 1101

Kinds: bare (the floor: the bare view through the whole middleware stack), area (the area page),
home (the district's home page), save (a save in place with "save and next", as the page does
it). The district (its code, 4 digits) must be open for entry; each kind warms up first, so N = 0
counts everything but the N measured requests.
"""

import sys

import harness


def main():
    from django.test import override_settings

    from wts.catalog.models import MissionArea
    from wts.entry.forms import item_field_name
    from wts.rounds.models import Round
    from wts.workflow.models import AreaReport

    kind, count, code = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    round_ = Round.current()
    area = MissionArea.objects.get(round=round_, number=1)
    items = list(area.items.all())
    client = harness.logged_in(f"district-{code}")
    url = f"/entry/{round_.fiscal_year}/area/1/"
    state = {"version": AreaReport.objects.filter(report__district__code=code, report__round=round_, area=area)
             .values_list("version", flat=True).first() or 0, "n": 0}

    def save():
        state["n"] += 1
        data = {item_field_name(item): str(state["n"] + i) for i, item in enumerate(items)}
        response = client.post(url, {**data, "base_version": state["version"], "next": ""},
                               headers={"HX-Request": "true"})
        assert response.status_code == 200, response.status_code
        state["version"] += 1

    requests = {"bare": harness.get(client, harness.BARE_URL), "area": harness.get(client, url),
                "home": harness.get(client, "/entry/"), "save": save}
    if kind == "bare":
        override_settings(ROOT_URLCONF="bench.urls_bench").enable()
    for _ in range(5):
        requests[kind]()
    for _ in range(count):
        requests[kind]()


if __name__ == "__main__":
    harness.run(main)
