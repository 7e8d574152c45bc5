import pytest

from wts.audit.models import AuditEvent
from wts.workflow.models import AreaReport, AreaStatus, DistrictReport, ItemValue, ReportState

from .helpers import area, form_data, url

pytestmark = pytest.mark.usefixtures("during_entry")


def saved_values(world, number=1):
    return list(
        ItemValue.objects.filter(report__district=world.np_mueang, item__area__number=number)
        .order_by("item__order")
        .values_list("value", flat=True)
    )


def test_area_page_lists_items_with_their_units(world):
    response = world.client_for(world.officer).get(url(world))
    assert response.status_code == 200
    body = response.content.decode()
    assert "หนังสือราชการรับ-ส่งและดำเนินการ" in body
    assert "ฉบับ" in body and "ครั้ง" in body
    assert 'inputmode="numeric"' in body


def test_saving_thai_digits_stores_numbers_and_redirects(world):
    a = area(world)
    n = a.items.count()
    response = world.client_for(world.officer).post(url(world), form_data(a, ["๑,๒๓๔"] + ["๐"] * (n - 1), 0))
    assert response.status_code == 302
    assert saved_values(world) == [1234] + [0] * (n - 1)


def test_area_is_complete_when_every_item_has_a_value_and_zero_counts(world):
    a = area(world)
    n = a.items.count()
    client = world.client_for(world.officer)
    client.post(url(world), form_data(a, ["5"] * (n - 1) + [""], 0))
    ar = AreaReport.objects.get(report__district=world.np_mueang, area=a)
    assert ar.status == AreaStatus.IN_PROGRESS
    client.post(url(world), form_data(a, ["5"] * (n - 1) + ["0"], 1))
    ar.refresh_from_db()
    assert ar.status == AreaStatus.COMPLETE
    report = DistrictReport.objects.get(district=world.np_mueang)
    assert (report.areas_complete, report.state, report.last_changed_by) == (1, ReportState.IN_PROGRESS, world.officer)


@pytest.mark.parametrize(
    "bad, message",
    [("-3", "ต้องไม่ติดลบ"), ("2.5", "จำนวนเต็ม"), ("สิบ", "ตัวเลขเท่านั้น"), ("999999999", "ค่าสูงเกินไป")],
)
def test_bad_input_gets_a_thai_message_beside_the_field_and_nothing_is_lost(world, bad, message):
    a = area(world)
    n = a.items.count()
    typed = ["๑๒", bad] + ["7"] * (n - 2)
    response = world.client_for(world.officer).post(url(world), form_data(a, typed, 0))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'value="๑๒"' in body  # what the user typed is still there
    assert f'value="{bad}"' in body
    assert ItemValue.objects.count() == 0


def test_each_changed_value_writes_an_audit_row_with_old_and_new(world):
    a = area(world)
    client = world.client_for(world.officer)
    client.post(url(world), form_data(a, ["10", "20"], 0))
    client.post(url(world), form_data(a, ["11", "20"], 1))
    rows = AuditEvent.objects.filter(action="value.changed", district=world.np_mueang).order_by("id")
    assert [(r.old_value, r.new_value, r.source, r.actor_id) for r in rows] == [
        ("", "10", "web", world.officer.pk),
        ("", "20", "web", world.officer.pk),
        ("10", "11", "web", world.officer.pk),
    ]


def test_a_stale_save_is_refused_shows_the_other_change_and_keeps_what_was_typed(world):
    a = area(world)
    world.client_for(world.officer).post(url(world), form_data(a, ["10"], 0))
    colleague_tab = world.client_for(world.officer)
    response = colleague_tab.post(url(world), form_data(a, ["99"], 0))
    assert response.status_code == 409
    body = response.content.decode()
    assert "มีผู้อื่นบันทึกด้านนี้" in body
    assert 'value="99"' in body
    assert saved_values(world)[0] == 10
    # saving again on purpose, now based on the latest version, goes through
    response = colleague_tab.post(url(world), form_data(a, ["99"], 1))
    assert response.status_code == 302
    assert saved_values(world)[0] == 99


def test_save_and_next_goes_to_the_following_area(world):
    a = area(world)
    response = world.client_for(world.officer).post(url(world), {**form_data(a, ["1"], 0), "next": "1"})
    assert response["Location"] == url(world, 2)


def test_other_roles_cannot_open_the_entry_pages(world):
    for user in [world.director, world.provadmin, world.dept_admin, world.dept_viewer]:
        client = world.client_for(user)
        assert client.get("/entry/").status_code == 403
        assert client.get(url(world)).status_code == 403
        assert client.post(url(world), {}).status_code == 403


def test_an_unknown_area_is_404(world):
    assert world.client_for(world.officer).get(url(world, 9)).status_code == 404


def test_wrong_method_is_405(world):
    client = world.client_for(world.officer)
    assert client.put(url(world)).status_code == 405
    assert client.post("/entry/").status_code == 405
