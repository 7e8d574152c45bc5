import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from conftest import BANGKOK, CONFIRM_CLOSES, ENTRY_CLOSES
from wts.audit.models import AuditEvent
from wts.lib.errors import Refused
from wts.notifications.models import Notification
from wts.rounds.actions import ExtensionRefused, extend_deadline, preview_extension
from wts.rounds.deadlines import deadlines_for, deadlines_for_districts
from wts.rounds.models import Extension

from .helpers import (
    OCT_8,
    SEP_20,
    SEP_22,
    SEP_25,
    SEP_30,
    extend,
    extension_post,
    preview_then_confirm,
    stored,
)

pytestmark = pytest.mark.usefixtures("during_entry")


def url(world):
    return f"/rounds/{world.round.fiscal_year}/extensions/"


def test_the_most_specific_extension_wins_whatever_the_order(world):
    stored(world, SEP_30, district=world.np_mueang)
    stored(world, SEP_25, province=world.np)
    stored(world, SEP_20)
    got = deadlines_for_districts(world.round, [world.np_mueang, world.np_pla_pak, world.sk_mueang])
    assert got[world.np_mueang.pk].entry_closes_at == SEP_30
    assert got[world.np_pla_pak.pk].entry_closes_at == SEP_25
    assert got[world.sk_mueang.pk].entry_closes_at == SEP_20
    assert deadlines_for(world.round, world.np_mueang).entry_closes_at == SEP_30


def test_a_later_extension_at_the_same_level_replaces_the_earlier_one(world):
    stored(world, SEP_30, province=world.np)
    stored(world, SEP_25, province=world.np)
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
        extend_deadline(world.round, window="entry", closes_at=SEP_22, reason="x", acting_user=getattr(world, role))
    assert not Extension.objects.exists()


def test_an_extension_needs_a_reason(world):
    with pytest.raises(ExtensionRefused, match="ต้องระบุเหตุผล"):
        extend_deadline(world.round, window="entry", closes_at=SEP_22, reason=" ", acting_user=world.dept_admin)


def test_a_refused_extension_is_one_of_the_projects_refusals():
    assert issubclass(ExtensionRefused, Refused)


def test_an_extension_into_the_past_is_refused(world, during_entry):
    with pytest.raises(ExtensionRefused, match="อนาคต"):
        extend(world, during_entry - dt.timedelta(seconds=1))


def test_a_closed_round_cannot_be_extended(world, during_entry):
    world.round.closed_at = during_entry
    world.round.save()
    with pytest.raises(ExtensionRefused, match="ปิดแล้ว"):
        extend(world, SEP_22)


# --- an extension can do no harm ---------------------------------------------------------------

def test_an_extension_earlier_than_the_round_deadline_is_refused_naming_it(world):
    with pytest.raises(ExtensionRefused, match="15 ก.ย. 2569") as refused:
        extend(world, ENTRY_CLOSES - dt.timedelta(days=1))
    assert refused.value.field == "closes_at"
    with pytest.raises(ExtensionRefused, match="15 ก.ย. 2569"):
        extend(world, ENTRY_CLOSES)  # the same deadline is no extension either
    assert not Extension.objects.exists()


def test_an_extension_for_everyone_must_pass_every_districts_deadline_in_effect(world):
    extend(world, SEP_22, province=world.np)
    with pytest.raises(ExtensionRefused, match="22 ก.ย. 2569"):
        extend(world, SEP_20)  # would not move นครพนม's districts later
    assert Extension.objects.count() == 1
    extend(world, SEP_25)
    assert deadlines_for(world.round, world.sk_mueang).entry_closes_at == SEP_25


def test_an_extension_for_a_province_must_pass_its_districts_extensions(world):
    extend(world, SEP_22, district=world.np_pla_pak)
    with pytest.raises(ExtensionRefused, match="22 ก.ย. 2569"):
        extend(world, SEP_20, province=world.np)
    extend(world, SEP_20, province=world.sk)  # another province: its own deadlines count
    assert deadlines_for(world.round, world.sk_kusuman).entry_closes_at == SEP_20


def test_an_extension_for_a_district_must_pass_its_provinces_extension(world):
    extend(world, SEP_22, province=world.np)
    with pytest.raises(ExtensionRefused, match="22 ก.ย. 2569"):
        extend(world, SEP_20, district=world.np_mueang)
    extend(world, SEP_25, district=world.np_mueang)
    assert deadlines_for(world.round, world.np_mueang).entry_closes_at == SEP_25
    assert deadlines_for(world.round, world.np_pla_pak).entry_closes_at == SEP_22


def test_a_shorter_extension_at_the_same_scope_is_refused(world):
    extend(world, SEP_25, province=world.np)
    with pytest.raises(ExtensionRefused, match="25 ก.ย. 2569"):
        extend(world, SEP_22, province=world.np)
    assert deadlines_for(world.round, world.np_mueang).entry_closes_at == SEP_25


def test_a_confirmation_extension_must_pass_the_confirmation_deadline_in_effect(world):
    extend(world, OCT_8, window="confirm", district=world.np_mueang)
    with pytest.raises(ExtensionRefused, match="8 ต.ค. 2569"):
        extend(world, SEP_30, window="confirm", province=world.np)


def test_an_entry_extension_past_the_confirmation_window_is_refused(world):
    with pytest.raises(ExtensionRefused, match="25 ก.ย. 2569") as refused:
        extend(world, SEP_30)
    assert "ขยายช่วงยืนยันไปพร้อมกัน" in refused.value.message
    assert not Extension.objects.exists()


def test_an_entry_extension_up_to_the_confirmation_close_is_accepted(world):
    extend(world, CONFIRM_CLOSES)
    assert deadlines_for(world.round, world.np_mueang).entry_closes_at == CONFIRM_CLOSES


def test_moving_both_windows_together_is_one_action_with_one_notification_each(
        world, mailoutbox, django_capture_on_commit_callbacks):
    world.officer.email = "d4801@example.go.th"
    world.officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        extend(world, SEP_30, province=world.np, confirm_closes_at=OCT_8)
    d = deadlines_for(world.round, world.np_mueang)
    assert (d.entry_closes_at, d.confirm_closes_at) == (SEP_30, OCT_8)
    assert sorted(AuditEvent.objects.filter(action="deadline.extended").values_list("data__window", flat=True)) == [
        "confirm", "entry"]
    notified = list(Notification.objects.values_list("user__username", flat=True))
    assert sorted(notified) == ["director-48", "district-4801", "district-4802"]
    assert len(mailoutbox) == 1
    assert "30 ก.ย. 2569" in mailoutbox[0].body and "8 ต.ค. 2569" in mailoutbox[0].body


def test_moving_both_refuses_a_confirmation_close_before_the_new_entry_close(world):
    with pytest.raises(ExtensionRefused, match="ไม่ก่อนวันที่ขยายการบันทึก") as refused:
        extend(world, SEP_30, confirm_closes_at=SEP_25 + dt.timedelta(days=2))
    assert refused.value.field == "confirm_closes_at"
    assert not Extension.objects.exists()


def test_preview_counts_the_change_and_changes_nothing(world):
    extend(world, SEP_22, district=world.np_mueang)
    effect = preview_extension(world.round, window="entry", closes_at=SEP_25, province=world.np,
                               acting_user=world.dept_admin)
    assert effect.district_count == 2
    olds = sorted((c.old, c.new, c.district_count) for c in effect.changes)
    assert olds == [(ENTRY_CLOSES, SEP_25, 1)]  # เมืองนครพนม keeps its own (more specific) extension
    assert effect.unchanged_count == 1 and effect.notes
    assert (effect.officer_count, effect.director_count) == (1, 1)
    assert Extension.objects.count() == 1 and not Notification.objects.filter(title__contains="25 ก.ย.").exists()


def test_preview_groups_districts_sharing_the_same_old_deadline(world):
    extend(world, SEP_20, district=world.sk_mueang)
    effect = preview_extension(world.round, window="entry", closes_at=SEP_25, acting_user=world.dept_admin)
    assert sorted((c.old, c.district_count) for c in effect.changes) == [(ENTRY_CLOSES, 3)]
    effect = preview_extension(world.round, window="entry", closes_at=SEP_25, province=world.sk,
                               acting_user=world.dept_admin)
    assert effect.district_count == 2


def test_the_page_previews_then_saves_and_notifies(world):
    client = world.client_for(world.dept_admin)
    data = extension_post(scope="province", province=world.np.pk, closes_at_0="๒๒/๐๙/๒๕๖๙")
    preview = client.post(url(world), data)
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "ยืนยันการขยายเวลา" in body and "extension-preview" in body
    assert "22 ก.ย. 2569" in body and "15 ก.ย. 2569" in body  # old → new
    assert "ท้องถิ่นอำเภอ 2 คน" in body and "ผอ.ก.ทอ. 1 คน" in body
    assert 'value="๒๒/๐๙/๒๕๖๙"' in body and "เหตุผลที่พิมพ์ไว้" in body  # what was typed stays
    assert not Extension.objects.exists() and not Notification.objects.exists()
    confirmed = client.post(url(world), data | {"confirm": "1", "previewed": preview.context["previewed"]})
    assert confirmed.status_code == 302
    ext = Extension.objects.get()
    assert ext.closes_at == dt.datetime(2026, 9, 22, 16, 30, tzinfo=BANGKOK) and ext.province == world.np
    assert Notification.objects.count() == 3


def test_confirming_values_changed_since_the_preview_shows_a_new_preview(world):
    client = world.client_for(world.dept_admin)
    preview = client.post(url(world), extension_post())
    response = client.post(url(world), extension_post(closes_at_0="24/09/2569") | {
        "confirm": "1", "previewed": preview.context["previewed"]})
    assert response.status_code == 200 and "24 ก.ย. 2569" in response.content.decode()
    assert not Extension.objects.exists()


def test_the_page_offers_to_move_both_windows(world):
    client = world.client_for(world.dept_admin)
    refused = client.post(url(world), extension_post(closes_at_0="30/09/2569"))
    assert refused.status_code == 400
    assert "ขยายช่วงยืนยันไปพร้อมกัน" in refused.content.decode()
    _preview, saved = preview_then_confirm(client, url(world), extension_post(
        closes_at_0="30/09/2569", also_confirm="on", confirm_closes_at_0="08/10/2569"))
    assert saved.status_code == 302
    d = deadlines_for(world.round, world.np_mueang)
    assert d.entry_closes_at.date() == dt.date(2026, 9, 30) and d.confirm_closes_at.date() == dt.date(2026, 10, 8)


def test_an_earlier_date_on_the_page_is_refused_beside_the_date(world):
    extend(world, SEP_22)
    response = world.client_for(world.dept_admin).post(url(world), extension_post(closes_at_0="21/09/2569"))
    assert response.status_code == 400
    assert response.context["form"].errors["closes_at"][0].startswith("การขยายเวลาต้องเลื่อนกำหนดให้ช้ากว่า")
    assert "22 ก.ย. 2569" in response.content.decode()
    assert 'value="21/09/2569"' in response.content.decode()


def test_an_extension_is_audited_and_notifies_the_affected_people_only(world, mailoutbox, django_capture_on_commit_callbacks):
    world.officer.email = "d4801@example.go.th"
    world.officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        extend(world, SEP_30, window="confirm", province=world.np)
    event = AuditEvent.objects.get(action="deadline.extended")
    assert (event.actor, event.province, event.message) == (world.dept_admin, world.np, "เหตุผล")
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"district-4801", "district-4802", "director-48"}
    assert len(mailoutbox) == 1
    assert "30 ก.ย. 2569" in mailoutbox[0].subject


def test_the_department_sees_every_extension_and_which_are_in_force(world):
    extend(world, SEP_20, province=world.np)
    extend(world, SEP_25, province=world.np)
    extend(world, SEP_22, district=world.sk_mueang)
    response = world.client_for(world.dept_viewer).get(url(world))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("ถูกแทนที่แล้ว") == 1
    assert body.count('data-status="in_effect"') == 2
    assert "อำเภอเมืองสกลนคร" in body and "จังหวัดนครพนม" in body
    assert "extension-form" not in body  # the viewer reads, does not extend


def test_the_administrator_extends_from_the_page(world):
    client = world.client_for(world.dept_admin)
    _preview, response = preview_then_confirm(client, url(world), {
        "window": "confirm", "scope": "district", "district": "4802", "closes_at_0": "30/09/2569",
        "closes_at_1": "23:59", "reason": "ระบบอินเทอร์เน็ตขัดข้อง",
    })
    assert response.status_code == 302
    ext = Extension.objects.get()
    assert (ext.district, ext.province) == (world.np_pla_pak, None)
    assert ext.closes_at == dt.datetime(2026, 9, 30, 23, 59, tzinfo=BANGKOK)


def test_a_date_typed_alone_means_the_end_of_that_day(world):
    client = world.client_for(world.dept_admin)
    preview_then_confirm(client, url(world), extension_post(closes_at_1=""))
    assert Extension.objects.get().closes_at == dt.datetime(2026, 9, 22, 23, 59, tzinfo=BANGKOK)


@pytest.mark.parametrize("data, field, message", [
    ({"scope": "district", "district": "9999"}, "district", "ไม่พบอำเภอรหัสนี้"),
    ({"scope": "district"}, "district", "กรุณาเลือกอำเภอ"),
    ({"scope": "province"}, "province", "กรุณาเลือกจังหวัด"),
    ({"reason": ""}, "reason", "ต้องระบุเหตุผล"),
    ({"closes_at_0": "30/09/2026"}, "closes_at", "ปี 2026 เป็นปี ค.ศ."),
    ({"closes_at_0": "31/09/2569"}, "closes_at", "ไม่มีวันที่ 31"),
    ({"closes_at_1": "25:00"}, "closes_at", "พิมพ์เวลาเป็น ชช:นน"),
    ({"closes_at_0": ""}, "closes_at", "กรุณาระบุวันที่ขยายถึง"),
    ({"closes_at_0": "10/09/2569"}, "closes_at", "ช้ากว่ากำหนดที่มีผลอยู่"),
    ({"closes_at_0": "30/09/2569"}, "closes_at", "เลยวันสิ้นสุดการยืนยันข้อมูล"),
    ({"closes_at_0": "30/09/2569", "also_confirm": "on"}, "confirm_closes_at", "กรุณาระบุวันสิ้นสุดการยืนยันข้อมูลใหม่"),
    ({"closes_at_0": "30/09/2569", "also_confirm": "on", "confirm_closes_at_0": "29/09/2569"}, "confirm_closes_at",
     "ไม่ก่อนวันที่ขยายการบันทึก"),
])
def test_a_bad_extension_form_says_why_in_thai_and_keeps_the_input(world, data, field, message):
    post = extension_post(**data)
    for confirm in ({}, {"confirm": "1"}):
        response = world.client_for(world.dept_admin).post(url(world), post | confirm)
        assert response.status_code == 400
        body = response.content.decode()
        assert message in body
        assert any(message in str(e) for e in response.context["form"].errors[field])
        if post["reason"]:
            assert "เหตุผลที่พิมพ์ไว้" in body
        if post["closes_at_0"]:
            assert f'value="{post["closes_at_0"]}"' in body
    assert not Extension.objects.exists()


def test_extension_pages_are_for_the_department(world):
    path = url(world)
    assert world.client_for(world.director).get(path).status_code == 403
    assert world.client_for(world.officer).get(path).status_code == 403
    assert world.client_for(world.dept_viewer).post(path, {}).status_code == 403
    assert world.client_for(world.dept_admin).put(path).status_code == 405
    assert world.client_for(world.dept_admin).get("/rounds/2500/extensions/").status_code == 404
    from django.test import Client

    assert Client().get(path).status_code == 302


def test_extensions_page_uses_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = world.client_for(world.dept_admin)
    for _ in range(3):
        stored(world, SEP_30, district=world.np_mueang)
        stored(world, SEP_25, province=world.sk)
    with django_assert_max_num_queries(12):
        assert client.get(url(world)).status_code == 200


def test_the_district_choice_is_grouped_by_province(world):
    body = world.client_for(world.dept_admin).get(url(world)).content.decode()
    assert '<optgroup label="นครพนม">' in body and '<optgroup label="สกลนคร">' in body
    assert 'value="4801"' in body
