import pytest

from conftest import CONFIRM_OPENS
from wts.audit.models import AuditEvent, Source
from wts.catalog.models import MissionArea
from wts.workflow.models import DistrictReport, ItemValue, ReportState

from .helpers import ApiClient, assert_error

pytestmark = pytest.mark.usefixtures("during_entry")
AREA1 = "/rounds/2569/districts/4801/areas/1/values"


def codes(world, number=1):
    return list(MissionArea.objects.get(round=world.round, number=number).items.order_by("order")
                .values_list("code", flat=True))


def stored(world, code="4801"):
    return dict(ItemValue.objects.filter(report__district__code=code).values_list("item__code", "value"))


def test_officer_saves_values_as_typed_and_the_change_is_audited_as_api(world):
    c = codes(world)
    response = ApiClient(world.officer).put(AREA1, {"values": {c[0]: "๑,๒๓๔", c[1]: 7, c[2]: 3.0, c[3]: None},
                                                    "base_version": 0})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["changed"] == 3 and body["area"]["version"] == 1 and body["area"]["status"] == "in_progress"
    assert stored(world) == {c[0]: 1234, c[1]: 7, c[2]: 3}
    assert AuditEvent.objects.filter(action="value.changed", source=Source.API, actor=world.officer).count() == 3


def test_items_not_sent_keep_their_value(world):
    c = codes(world)
    api = ApiClient(world.officer)
    api.put(AREA1, {"values": {c[0]: 1, c[1]: 2}})
    api.put(AREA1, {"values": {c[1]: 5}})
    assert stored(world) == {c[0]: 1, c[1]: 5}


@pytest.mark.parametrize(
    "bad, message", [("-3", "ต้องไม่ติดลบ"), (2.5, "จำนวนเต็ม"), ("สิบ", "ตัวเลขเท่านั้น"), (999_999_999, "ค่าสูงเกินไป")]
)
def test_bad_values_are_422_with_thai_messages_per_item_and_nothing_is_saved(world, bad, message):
    c = codes(world)
    error = assert_error(ApiClient(world.officer).put(AREA1, {"values": {c[0]: 5, c[1]: bad}}), 422, "invalid_values")
    assert list(error["fields"]) == [c[1]] and message in error["fields"][c[1]][0]
    assert stored(world) == {}


def test_unknown_item_code_is_422(world):
    error = assert_error(ApiClient(world.officer).put(AREA1, {"values": {"2.01": 5, "nope": 1}}), 422, "unknown_item")
    assert set(error["fields"]) == {"2.01", "nope"}


def test_malformed_body_is_422_in_the_error_form(world):
    error = assert_error(ApiClient(world.officer).put(AREA1, {"valuez": {}}), 422, "invalid_request")
    assert error["fields"]


def test_only_the_districts_own_officer_writes(world):
    c = codes(world)
    payload = {"values": {c[0]: 1}}
    assert_error(ApiClient(world.officer_np2).put(AREA1, payload), 404)
    assert_error(ApiClient(world.director_sk).put(AREA1, payload), 404)
    for persona in ("director", "provadmin", "dept_admin", "dept_viewer"):
        assert_error(ApiClient(getattr(world, persona)).put(AREA1, payload), 403, "forbidden")
    assert_error(ApiClient(world.officer).put("/rounds/2569/districts/4801/areas/99/values", payload), 404)
    assert ApiClient(world.officer).post(AREA1, payload).status_code == 405
    assert stored(world) == {}


def test_closed_window_is_409_with_the_reason(world, time_machine):
    api = ApiClient(world.officer)
    time_machine.move_to(CONFIRM_OPENS, tick=False)
    error = assert_error(api.put(AREA1, {"values": {codes(world)[0]: 1}}), 409, "edit_refused")
    assert "พ้นกำหนดบันทึกข้อมูลแล้ว" in error["message_th"]
    assert not DistrictReport.objects.exists(), "a refused save leaves no trace"


def test_stale_base_version_is_409_and_nothing_is_written(world):
    c = codes(world)
    api = ApiClient(world.officer)
    api.put(AREA1, {"values": {c[0]: 1}, "base_version": 0})
    error = assert_error(api.put(AREA1, {"values": {c[0]: 2}, "base_version": 0}), 409, "stale_edit")
    assert error["fields"]["current_version"] == ["1"]
    assert stored(world) == {c[0]: 1}


def fill_everything(world, api):
    for area in MissionArea.objects.filter(round=world.round).prefetch_related("items"):
        response = api.put(f"/rounds/2569/districts/4801/areas/{area.number}/values",
                           {"values": {i.code: 1 for i in area.items.all()}})
        assert response.status_code == 200


def test_workflow_submit_confirm_reopen_through_the_api(world, time_machine):
    officer, director = ApiClient(world.officer), ApiClient(world.director)
    assert_error(officer.post("/rounds/2569/districts/4801/submit"), 409, "not_started")
    officer.put(AREA1, {"values": {codes(world)[0]: 1}})
    error = assert_error(officer.post("/rounds/2569/districts/4801/submit"), 409, "transition_refused")
    assert "ต้องบันทึกข้อมูลให้ครบ" in error["message_th"]
    fill_everything(world, officer)
    assert_error(director.post("/rounds/2569/districts/4801/submit"), 403)
    response = officer.post("/rounds/2569/districts/4801/submit")
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    assert response.json()["editable"] is False
    assert AuditEvent.objects.filter(action="report.submitted", source=Source.API).count() == 1

    time_machine.move_to(CONFIRM_OPENS.replace(hour=9), tick=False)
    officer, director = ApiClient(world.officer), ApiClient(world.director)
    assert_error(officer.post("/rounds/2569/districts/4801/confirm"), 403)
    assert_error(ApiClient(world.director_sk).post("/rounds/2569/districts/4801/confirm"), 404)
    assert_error(ApiClient(world.provadmin).post("/rounds/2569/districts/4801/confirm"), 403)
    response = director.post("/rounds/2569/districts/4801/confirm")
    assert response.status_code == 200 and response.json()["state"] == "confirmed"
    assert AuditEvent.objects.filter(action="report.confirmed", source=Source.API, actor=world.director).exists()
    assert_error(director.post("/rounds/2569/districts/4801/confirm"), 409, "transition_refused")

    admin = ApiClient(world.dept_admin)
    assert_error(director.post("/rounds/2569/districts/4801/reopen", {"reason": "x"}), 403)
    assert_error(ApiClient(world.dept_viewer).post("/rounds/2569/districts/4801/reopen", {"reason": "x"}), 403)
    assert_error(admin.post("/rounds/2569/districts/4801/reopen", {"reason": "ตรวจพบค่าผิด", "area_number": 42}),
                 422, "unknown_area")
    response = admin.post("/rounds/2569/districts/4801/reopen", {"reason": "ตรวจพบค่าผิด", "area_number": 2})
    assert response.status_code == 200 and response.json()["state"] == "returned"
    report = DistrictReport.objects.get(district=world.np_mueang)
    assert report.open_area.number == 2
    assert AuditEvent.objects.filter(action="report.reopened", source=Source.API).exists()
    # only the reopened area may change now
    assert_error(officer.put(AREA1, {"values": {codes(world)[0]: 9}}), 409, "edit_refused")
    assert officer.put("/rounds/2569/districts/4801/areas/2/values", {"values": {codes(world, 2)[0]: 9}}).status_code == 200


def test_director_returns_with_a_reason_and_flagged_items(world, time_machine):
    officer = ApiClient(world.officer)
    fill_everything(world, officer)
    officer.post("/rounds/2569/districts/4801/submit")
    time_machine.move_to(CONFIRM_OPENS.replace(hour=9), tick=False)
    director = ApiClient(world.director)
    assert_error(director.post("/rounds/2569/districts/4801/return", {"reason": ""}), 422, "invalid_request")
    assert_error(director.post("/rounds/2569/districts/4801/return", {"reason": "ตรวจ", "item_codes": ["0.00"]}),
                 422, "unknown_item")
    response = director.post("/rounds/2569/districts/4801/return", {"reason": "ค่าด้านที่ 1 สูงผิดปกติ",
                                                                     "item_codes": ["1.01"]})
    assert response.status_code == 200 and response.json()["state"] == "returned"
    event = AuditEvent.objects.get(action="report.returned")
    assert event.source == Source.API and event.data["items"] == ["1.01"]
    assert DistrictReport.objects.get(district=world.np_mueang).state == ReportState.RETURNED
    returns = officer.get("/rounds/2569/districts/4801/report").json()["returns"]
    assert [(r["kind"], r["reason"], r["item_codes"], r["created_by"]) for r in returns] == [
        ("returned", "ค่าด้านที่ 1 สูงผิดปกติ", ["1.01"], "director-48")
    ]


def test_director_confirms_several_districts_at_once_all_or_none(world, time_machine):
    for officer, code in ((world.officer, "4801"), (world.officer_np2, "4802")):
        api = ApiClient(officer)
        for area in MissionArea.objects.filter(round=world.round).prefetch_related("items"):
            api.put(f"/rounds/2569/districts/{code}/areas/{area.number}/values",
                    {"values": {i.code: 2 for i in area.items.all()}})
    ApiClient(world.officer).post("/rounds/2569/districts/4801/submit")
    time_machine.move_to(CONFIRM_OPENS.replace(hour=9), tick=False)
    director = ApiClient(world.director)
    # 4802 was never submitted: nothing is confirmed
    error = assert_error(director.post("/rounds/2569/confirm", {"district_codes": ["4801", "4802"]}), 409,
                         "transition_refused")
    assert "ยังไม่ได้ส่งข้อมูล" in error["message_th"]
    assert not DistrictReport.objects.filter(state=ReportState.CONFIRMED).exists()
    assert_error(director.post("/rounds/2569/confirm", {"district_codes": ["4801", "4701"]}), 404)
    assert_error(ApiClient(world.dept_admin).post("/rounds/2569/confirm", {"district_codes": ["4801"]}), 403)
    response = director.post("/rounds/2569/confirm", {"district_codes": ["4801"]})
    assert response.status_code == 200 and response.json() == {"confirmed": ["4801"]}
    assert AuditEvent.objects.filter(action="report.confirmed", source=Source.API).count() == 1
