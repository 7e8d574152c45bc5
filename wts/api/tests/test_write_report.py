"""PUT /rounds/{year}/districts/{code}/values: several areas in one request, all or nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import CONFIRM_OPENS
from wts.audit.models import AuditEvent, Source
from wts.catalog.models import MissionArea
from wts.workflow.models import AreaReport, AreaStatus, DistrictReport, ItemValue

from .helpers import ApiClient, assert_error

pytestmark = pytest.mark.usefixtures("during_entry")
REPORT = "/rounds/2569/districts/4801/values"


def every_code(world):
    return {a.number: [i.code for i in a.items.all()]
            for a in MissionArea.objects.filter(round=world.round).prefetch_related("items").order_by("number")}


def stored(code="4801"):
    return dict(ItemValue.objects.filter(report__district__code=code).values_list("item__code", "value"))


def test_a_whole_report_is_saved_in_one_request_and_audited_as_api(world):
    codes = every_code(world)
    values = {c: n * 10 + i for n, cs in codes.items() for i, c in enumerate(cs)}
    values[codes[1][0]] = "๑,๒๓๔"
    response = ApiClient(world.officer).put(REPORT, {"values": values})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["changed"] == len(values)
    assert [a["number"] for a in body["areas"]] == sorted(codes)
    assert all(a["status"] == AreaStatus.COMPLETE and a["version"] == 1 for a in body["areas"])
    assert stored() == {**values, codes[1][0]: 1234}
    report = DistrictReport.objects.get(district__code="4801")
    assert (report.areas_started, report.areas_complete) == (len(codes), len(codes))
    assert AuditEvent.objects.filter(action="value.changed", source=Source.API).count() == len(values)


def test_only_the_areas_sent_change_and_their_versions_move(world):
    codes = every_code(world)
    api = ApiClient(world.officer)
    api.put(REPORT, {"values": {codes[1][0]: 1, codes[3][0]: 3}})
    response = api.put(REPORT, {"values": {codes[3][0]: 4}, "base_versions": {"3": 1}})
    assert response.status_code == 200
    assert [(a["number"], a["version"]) for a in response.json()["areas"]] == [(3, 2)]
    assert stored() == {codes[1][0]: 1, codes[3][0]: 4}
    assert AreaReport.objects.get(report__district__code="4801", area__number=1).version == 1


def test_one_bad_value_saves_nothing_and_names_the_item(world):
    codes = every_code(world)
    error = assert_error(ApiClient(world.officer).put(REPORT, {"values": {codes[1][0]: 5, codes[2][0]: "-3"}}),
                         422, "invalid_values")
    assert list(error["fields"]) == [codes[2][0]] and "ต้องไม่ติดลบ" in error["fields"][codes[2][0]][0]
    assert stored() == {}


def test_one_stale_area_saves_nothing(world):
    codes = every_code(world)
    api = ApiClient(world.officer)
    api.put(REPORT, {"values": {codes[2][0]: 1}})
    error = assert_error(api.put(REPORT, {"values": {codes[1][0]: 9, codes[2][0]: 2},
                                          "base_versions": {"1": 0, "02": 0}}), 409, "stale_edit")
    assert error["fields"]["current_version"] == ["1"]
    assert stored() == {codes[2][0]: 1}


def test_unknown_codes_and_versions_of_areas_not_sent_are_422(world):
    codes = every_code(world)
    api = ApiClient(world.officer)
    error = assert_error(api.put(REPORT, {"values": {codes[1][0]: 1, "nope": 2}}), 422, "unknown_item")
    assert list(error["fields"]) == ["nope"]
    assert_error(api.put(REPORT, {"values": {codes[1][0]: 1}, "base_versions": {"2": 0}}), 422, "unknown_area")
    assert_error(api.put(REPORT, {"values": {}}), 422, "no_values")
    assert stored() == {}


def test_the_window_and_the_scope_hold_as_for_one_area(world, time_machine):
    codes = every_code(world)
    payload = {"values": {codes[1][0]: 1}}
    assert_error(ApiClient(world.officer_np2).put(REPORT, payload), 404)
    assert_error(ApiClient(world.director).put(REPORT, payload), 403, "forbidden")
    api = ApiClient(world.officer)
    time_machine.move_to(CONFIRM_OPENS, tick=False)
    error = assert_error(api.put(REPORT, payload), 409, "edit_refused")
    assert "พ้นกำหนดบันทึกข้อมูลแล้ว" in error["message_th"]
    assert not DistrictReport.objects.exists()


def test_a_whole_report_costs_about_what_one_area_does(world):
    """The saves are batched: the queries of an 8-area save are those of a 1-area save."""
    codes = every_code(world)
    api = ApiClient(world.officer)
    api.put(REPORT, {"values": {codes[1][0]: 1}})  # the report exists
    counts = {}
    for label, areas in (("one", [1]), ("all", sorted(codes))):
        values = {c: 7 for n in areas for c in codes[n]}
        with CaptureQueriesContext(connection) as ctx:
            assert api.put(REPORT, {"values": values}).status_code == 200
        counts[label] = len(ctx.captured_queries)
    assert counts["all"] <= counts["one"] + 1, counts  # + 1: a bulk update of the area rows instead of one save


def test_values_can_be_cleared_and_each_row_records_who_and_when(world, time_machine):
    import datetime as dt

    from django.utils import timezone

    codes = every_code(world)
    api = ApiClient(world.officer)
    api.put(REPORT, {"values": {codes[1][0]: 5, codes[1][1]: 6, codes[2][0]: 7}})
    later = timezone.now() + dt.timedelta(minutes=3)
    time_machine.move_to(later, tick=False)
    response = api.put(REPORT, {"values": {codes[1][0]: None, codes[1][1]: "๘", codes[2][0]: ""}})
    assert response.status_code == 200 and response.json()["changed"] == 3
    assert stored() == {codes[1][0]: None, codes[1][1]: 8, codes[2][0]: None}
    rows = ItemValue.objects.filter(report__district__code="4801")
    assert {(r.updated_by_id, r.updated_at) for r in rows} == {(world.officer.pk, later)}
    statuses = dict(AreaReport.objects.filter(report__district__code="4801").values_list("area__number", "filled_count"))
    assert statuses == {1: 1, 2: 0}
