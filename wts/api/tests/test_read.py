import pytest

from wts.catalog.models import MissionArea
from wts.geography.models import District
from wts.workflow.actions import get_or_create_report, save_area

from .helpers import ApiClient, assert_error

pytestmark = pytest.mark.usefixtures("during_entry")


def test_me_tells_role_and_scope(world):
    assert ApiClient(world.officer).get("/me").json() == {
        "username": "district-4801", "display_name": "ท้องถิ่นอำเภอ", "role": "district_officer",
        "role_label": "ท้องถิ่นอำเภอ", "province_code": "48", "district_code": "4801",
    }
    assert ApiClient(world.dept_viewer).get("/me").json()["province_code"] is None


@pytest.mark.parametrize(
    "persona, provinces, districts",
    [
        ("officer", ["48"], ["4801"]),
        ("director", ["48"], ["4801", "4802"]),
        ("provadmin_sk", ["47"], ["4701", "4702"]),
        ("dept_viewer", ["47", "48"], ["4701", "4702", "4801", "4802"]),
    ],
)
def test_geography_lists_only_what_the_persona_may_see(world, persona, provinces, districts):
    api = ApiClient(getattr(world, persona))
    assert [p["code"] for p in api.get("/provinces").json()] == provinces
    assert [d["code"] for d in api.get("/districts").json()] == districts
    assert [s["district_code"] for s in api.get(f"/rounds/{world.round.fiscal_year}/statuses").json()] == districts


def test_neighbours_are_404(world):
    director = ApiClient(world.director)
    assert_error(director.get("/provinces/47"), 404, "not_found")
    assert_error(director.get("/districts/4701"), 404)
    assert_error(director.get("/districts", {"province": "47"}), 404)
    assert_error(director.get("/rounds/2569/statuses", {"province": "47"}), 404)
    assert_error(director.get("/rounds/2569/districts/4701/report"), 404)
    officer = ApiClient(world.officer)
    assert_error(officer.get("/districts/4802"), 404)
    assert_error(officer.get("/rounds/2569/districts/4802/report"), 404)
    assert director.get("/districts/4802").json()["province_code"] == "48"
    assert director.get("/provinces/48").json()["district_count"] == 2


def test_rounds_and_catalog(world):
    api = ApiClient(world.officer)
    rounds = api.get("/rounds").json()
    assert rounds[0]["fiscal_year"] == 2569 and rounds[0]["is_current"] is True
    assert api.get("/rounds/2569").json()["entry_closes_at"].startswith("2026-09-15")
    assert_error(api.get("/rounds/2400"), 404)
    catalog = api.get("/rounds/2569/catalog").json()
    assert [a["number"] for a in catalog] == list(range(1, 9))
    assert catalog[0]["items"][0]["code"] == "1.01" and catalog[0]["items"][0]["unit"] == "ฉบับ"


def test_report_shows_values_versions_and_state(world):
    area = MissionArea.objects.get(round=world.round, number=1)
    first = area.items.order_by("order").first()
    save_area(get_or_create_report(world.round, world.np_mueang), area, {first.pk: 12}, acting_user=world.officer)
    for persona in ("officer", "director", "dept_viewer"):
        report = ApiClient(getattr(world, persona)).get("/rounds/2569/districts/4801/report").json()
        assert report["state"] == "in_progress" and report["editable"] is True
        assert report["areas"][0]["version"] == 1 and report["areas"][0]["status"] == "in_progress"
        assert {v["item_code"]: v["value"] for v in report["values"]}[first.code] == 12
    empty = ApiClient(world.director).get("/rounds/2569/districts/4802/report").json()
    assert empty["state"] == "not_started" and all(v["value"] is None for v in empty["values"])


def test_statuses_show_progress_and_effective_deadlines(world):
    area = MissionArea.objects.get(round=world.round, number=1)
    save_area(get_or_create_report(world.round, world.np_mueang), area,
              {i.pk: 1 for i in area.items.all()}, acting_user=world.officer)
    rows = {r["district_code"]: r for r in ApiClient(world.director).get("/rounds/2569/statuses").json()}
    assert rows["4801"]["areas_complete"] == 1 and rows["4801"]["area_total"] == 8
    assert rows["4801"]["state_label"] == "อยู่ระหว่างการบันทึก"
    assert rows["4802"]["state"] == "not_started" and rows["4802"]["last_changed_at"] is None


def test_list_endpoints_use_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    api = ApiClient(world.dept_admin)
    api.get("/me")  # records the token's first use (one write, once a minute)
    counts = {}
    for label in ("before", "after"):
        if label == "after":
            for n in range(15):
                District.objects.create(code=f"47{50 + n}", province=world.sk, name_th=f"ทดสอบ {n}", name_en=f"T{n}")
        for path in ("/provinces", "/districts", "/rounds", "/rounds/2569/catalog", "/rounds/2569/statuses",
                     "/rounds/2569/values"):
            with django_assert_max_num_queries(8) as ctx:
                assert api.get(path).status_code == 200
            counts[(label, path)] = len(ctx.captured_queries)
    for path in ("/provinces", "/districts", "/rounds/2569/statuses", "/rounds/2569/values"):
        assert counts[("before", path)] == counts[("after", path)]


def test_wrong_method_is_405(world):
    api = ApiClient(world.dept_admin)
    assert api.delete("/provinces").status_code == 405
    assert api.post("/rounds/2569/catalog").status_code == 405


def test_wrong_method_and_unknown_endpoint_answer_in_the_error_form(world):
    api = ApiClient(world.dept_admin)
    error = assert_error(api.delete("/rounds"), 405, "method_not_allowed")
    assert error["message_en"]
    assert "GET" in api.delete("/rounds")["Allow"]
    assert_error(api.get("/no/such/thing"), 404, "not_found")


def test_values_of_a_round_page_by_page_within_scope(world):
    for district, officer in ((world.np_mueang, world.officer), (world.sk_mueang, world.officer_sk)):
        area = MissionArea.objects.get(round=world.round, number=1)
        save_area(get_or_create_report(world.round, district), area, {i.pk: i.pk for i in area.items.all()},
                  acting_user=officer)
    n = MissionArea.objects.get(round=world.round, number=1).items.count()
    page = ApiClient(world.director).get("/rounds/2569/values").json()
    assert page["count"] == n and {v["district_code"] for v in page["items"]} == {"4801"}
    everything = ApiClient(world.dept_viewer)
    first = everything.get("/rounds/2569/values", {"limit": 3}).json()
    rest = everything.get("/rounds/2569/values", {"limit": 1000, "offset": 3}).json()
    assert first["count"] == 2 * n and len(first["items"]) == 3 and len(rest["items"]) == 2 * n - 3
    assert [v["district_code"] for v in first["items"] + rest["items"]] == ["4701"] * n + ["4801"] * n
    assert_error(everything.get("/rounds/2569/values", {"limit": 0}), 422, "invalid_request")
    assert_error(ApiClient(world.director).get("/rounds/2569/values", {"province": "47"}), 404)
