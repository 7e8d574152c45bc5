import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from conftest import BANGKOK, CONFIRM_CLOSES, ENTRY_CLOSES
from wts.audit.models import AuditEvent
from wts.notifications.models import Notification
from wts.rounds.actions import ExtensionRefused, extend_deadline
from wts.rounds.deadlines import deadlines_for, deadlines_for_districts
from wts.rounds.models import Extension

pytestmark = pytest.mark.usefixtures("during_entry")

SEP_20 = dt.datetime(2026, 9, 20, 23, 59, 59, tzinfo=BANGKOK)
SEP_25 = dt.datetime(2026, 9, 25, 23, 59, 59, tzinfo=BANGKOK)
SEP_30 = dt.datetime(2026, 9, 30, 23, 59, 59, tzinfo=BANGKOK)


def extend(world, closes_at, **scope):
    return extend_deadline(world.round, window=scope.pop("window", "entry"), closes_at=closes_at, reason="เหตุผล",
                           acting_user=world.dept_admin, **scope)


def test_the_most_specific_extension_wins_whatever_the_order(world):
    extend(world, SEP_30, district=world.np_mueang)
    extend(world, SEP_25, province=world.np)
    extend(world, SEP_20)
    got = deadlines_for_districts(world.round, [world.np_mueang, world.np_pla_pak, world.sk_mueang])
    assert got[world.np_mueang.pk].entry_closes_at == SEP_30
    assert got[world.np_pla_pak.pk].entry_closes_at == SEP_25
    assert got[world.sk_mueang.pk].entry_closes_at == SEP_20
    assert deadlines_for(world.round, world.np_mueang).entry_closes_at == SEP_30


def test_a_later_extension_at_the_same_level_replaces_the_earlier_one(world):
    extend(world, SEP_30, province=world.np)
    extend(world, SEP_25, province=world.np)
    assert deadlines_for(world.round, world.np_mueang).entry_closes_at == SEP_25


def test_the_two_windows_are_extended_separately(world):
    extend(world, dt.datetime(2026, 10, 8, 23, 59, 59, tzinfo=BANGKOK), window="confirm")
    d = deadlines_for(world.round, world.np_mueang)
    assert d.entry_closes_at == ENTRY_CLOSES
    assert d.confirm_closes_at.date() == dt.date(2026, 10, 8)
    assert CONFIRM_CLOSES < d.confirm_closes_at


@pytest.mark.parametrize("role", ["officer", "director", "provadmin", "dept_viewer"])
def test_only_the_department_administrator_extends(world, role):
    with pytest.raises(PermissionDenied):
        extend_deadline(world.round, window="entry", closes_at=SEP_30, reason="x", acting_user=getattr(world, role))
    assert not Extension.objects.exists()


def test_an_extension_needs_a_reason(world):
    with pytest.raises(ExtensionRefused, match="ต้องระบุเหตุผล"):
        extend_deadline(world.round, window="entry", closes_at=SEP_30, reason=" ", acting_user=world.dept_admin)


def test_an_extension_into_the_past_is_refused(world, during_entry):
    with pytest.raises(ExtensionRefused, match="อนาคต"):
        extend(world, during_entry - dt.timedelta(seconds=1))


def test_a_closed_round_cannot_be_extended(world, during_entry):
    world.round.closed_at = during_entry
    world.round.save()
    with pytest.raises(ExtensionRefused, match="ปิดแล้ว"):
        extend(world, SEP_30)


def test_an_extension_is_audited_and_notifies_the_affected_people_only(world, mailoutbox, django_capture_on_commit_callbacks):
    world.officer.email = "d4801@example.go.th"
    world.officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        extend(world, SEP_30, province=world.np)
    event = AuditEvent.objects.get(action="deadline.extended")
    assert (event.actor, event.province, event.message) == (world.dept_admin, world.np, "เหตุผล")
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"district-4801", "district-4802", "director-48"}
    assert len(mailoutbox) == 1
    assert "30 ก.ย. 2569" in mailoutbox[0].subject


def test_the_department_sees_every_extension_and_which_are_in_force(world):
    extend(world, SEP_30, province=world.np)
    extend(world, SEP_25, province=world.np)
    extend(world, SEP_20, district=world.sk_mueang)
    response = world.client_for(world.dept_viewer).get(f"/rounds/{world.round.fiscal_year}/extensions/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("ถูกแทนที่ด้วยรายการใหม่กว่า") == 1
    assert "อำเภอเมืองสกลนคร" in body and "จังหวัดนครพนม" in body
    assert "extension-form" not in body  # the viewer reads, does not extend


def test_the_administrator_extends_from_the_page(world):
    client = world.client_for(world.dept_admin)
    response = client.post(f"/rounds/{world.round.fiscal_year}/extensions/", {
        "window": "entry", "scope": "district", "district": "4802", "closes_at": "2026-09-30T23:59",
        "reason": "ระบบอินเทอร์เน็ตขัดข้อง",
    })
    assert response.status_code == 302
    ext = Extension.objects.get()
    assert (ext.district, ext.province) == (world.np_pla_pak, None)
    assert ext.closes_at == dt.datetime(2026, 9, 30, 23, 59, tzinfo=BANGKOK)


@pytest.mark.parametrize("data, message", [
    ({"scope": "district", "district": "9999"}, "ไม่พบอำเภอรหัสนี้"),
    ({"scope": "province"}, "กรุณาเลือกจังหวัด"),
    ({"reason": ""}, "ต้องระบุเหตุผล"),
    ({"closes_at": "30/09/2569"}, "วันและเวลาไม่ถูกต้อง"),
])
def test_a_bad_extension_form_says_why_in_thai_and_keeps_the_input(world, data, message):
    post = {"window": "entry", "scope": "all", "closes_at": "2026-09-30T23:59", "reason": "เหตุผลที่พิมพ์ไว้"} | data
    response = world.client_for(world.dept_admin).post(f"/rounds/{world.round.fiscal_year}/extensions/", post)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    if post["reason"]:
        assert "เหตุผลที่พิมพ์ไว้" in body
    assert not Extension.objects.exists()


def test_extension_pages_are_for_the_department(world):
    path = f"/rounds/{world.round.fiscal_year}/extensions/"
    assert world.client_for(world.director).get(path).status_code == 403
    assert world.client_for(world.officer).get(path).status_code == 403
    assert world.client_for(world.dept_viewer).post(path, {}).status_code == 403
    assert world.client_for(world.dept_admin).put(path).status_code == 405
    assert world.client_for(world.dept_admin).get("/rounds/2500/extensions/").status_code == 404
    from django.test import Client

    assert Client().get(path).status_code == 302


def test_closing_a_round_from_the_page(world):
    client = world.client_for(world.dept_admin)
    assert client.get(f"/rounds/{world.round.fiscal_year}/close/").status_code == 405
    assert world.client_for(world.dept_viewer).post(f"/rounds/{world.round.fiscal_year}/close/").status_code == 403
    assert client.post(f"/rounds/{world.round.fiscal_year}/close/").status_code == 302
    world.round.refresh_from_db()
    assert world.round.closed_by == world.dept_admin
    body = client.get("/rounds/").content.decode()
    assert "ปิดรอบแล้ว" in body


def test_extensions_page_uses_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = world.client_for(world.dept_admin)
    for _ in range(3):
        extend(world, SEP_30, district=world.np_mueang)
        extend(world, SEP_25, province=world.sk)
    with django_assert_max_num_queries(12):
        assert client.get(f"/rounds/{world.round.fiscal_year}/extensions/").status_code == 200


def test_the_round_list_uses_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    from wts.review.tests.helpers import previous_round

    previous_round(world, 2567)
    previous_round(world, 2568)
    client = world.client_for(world.dept_admin)
    with django_assert_max_num_queries(10):
        assert client.get("/rounds/").status_code == 200
    assert world.client_for(world.director).get("/rounds/").status_code == 403


def test_changing_a_rounds_windows_in_the_admin_is_audited(world):
    client = world.client_for(world.dept_admin)
    url = f"/admin/rounds/round/{world.round.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    for name in ("entry_opens_at", "entry_closes_at", "confirm_opens_at", "confirm_closes_at"):
        value = getattr(world.round, name).astimezone(BANGKOK)
        data[f"{name}_0"], data[f"{name}_1"] = value.strftime("%Y-%m-%d"), value.strftime("%H:%M:%S")
        data.pop(name, None)
    data["entry_closes_at_0"] = "2026-09-20"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    event = AuditEvent.objects.get(action="round.updated")
    assert event.actor == world.dept_admin and "entry_closes_at" in event.data
