"""Changing a round's windows goes through the same safety as an extension: a preview of the
deadlines in effect (extensions taken into account) before saving, an explicit confirmation and a
reason for moving a deadline earlier, and a refusal, naming both dates, of a confirmation that
would close before an entry deadline in effect."""

import datetime as dt

import pytest

from conftest import BANGKOK
from wts.audit.models import AuditEvent
from wts.notifications.models import Notification
from wts.rounds.actions import RoundRefused, preview_round_change, update_round
from wts.rounds.deadlines import deadlines_for

from .helpers import SEP_20, SEP_22, extend
from .test_round_lifecycle import edit_post

pytestmark = pytest.mark.usefixtures("during_entry")


def path(world):
    return f"/rounds/{world.round.fiscal_year}/"


def test_changing_a_window_shows_the_deadlines_in_effect_before_saving(world):
    extend(world, SEP_22, province=world.np)
    Notification.objects.all().delete()
    client = world.client_for(world.dept_admin)
    response = client.post(path(world), edit_post(world.round, entry_closes_at_0="18/09/2569"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="round-change-preview"' in body and "ยังไม่ได้บันทึก" in body
    assert "สิ้นสุดการบันทึกข้อมูล: 15 ก.ย. 2569 เวลา 23:59 น. → 18 ก.ย. 2569 เวลา 23:59 น." in body
    effect = response.context["preview"].effect
    # นครพนม's districts keep their extension to 22 Sep: only สกลนคร's two change
    assert effect.changed_count == 2 and effect.unchanged_count == 2
    assert "2 อำเภอมีการขยายเวลาที่ยังมีผล" in body
    assert 'value="18/09/2569"' in body  # what was typed stays
    world.round.refresh_from_db()
    assert world.round.entry_closes_at == dt.datetime(2026, 9, 15, 23, 59, 59, tzinfo=BANGKOK)
    assert not AuditEvent.objects.filter(action="round.updated").exists() and not Notification.objects.exists()

    saved = client.post(path(world), edit_post(world.round, entry_closes_at_0="18/09/2569")
                        | {"confirm": "1", "previewed": response.context["previewed"]})
    assert saved.status_code == 302
    world.round.refresh_from_db()
    assert world.round.entry_closes_at == dt.datetime(2026, 9, 18, 23, 59, tzinfo=BANGKOK)
    assert deadlines_for(world.round, world.np_mueang).entry_closes_at == SEP_22
    assert AuditEvent.objects.get(action="round.updated").data["districts_changed"] == 2


def test_a_confirmation_of_values_other_than_the_preview_shows_a_fresh_preview(world):
    client = world.client_for(world.dept_admin)
    preview = client.post(path(world), edit_post(world.round, entry_closes_at_0="18/09/2569"))
    again = client.post(path(world), edit_post(world.round, entry_closes_at_0="19/09/2569")
                        | {"confirm": "1", "previewed": preview.context["previewed"]})
    assert again.status_code == 200 and again.context["preview"] is not None
    world.round.refresh_from_db()
    assert world.round.entry_closes_at.astimezone(BANGKOK).day == 15


def test_changing_only_a_setting_saves_without_a_preview(world):
    response = world.client_for(world.dept_admin).post(path(world), edit_post(world.round, productive_hours="1400"))
    assert response.status_code == 302
    world.round.refresh_from_db()
    assert world.round.productive_hours == 1400
    assert world.round.entry_closes_at == dt.datetime(2026, 9, 15, 23, 59, 59, tzinfo=BANGKOK)  # seconds kept


def test_shortening_the_entry_close_needs_an_explicit_confirmation_and_a_reason(world):
    client = world.client_for(world.dept_admin)
    data = edit_post(world.round, entry_closes_at_1="18:30")
    preview = client.post(path(world), data)
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "การเปลี่ยนแปลงนี้ทำให้กำหนดที่มีผลอยู่ของ 4 อำเภอเร็วขึ้น" in body and "เร็วขึ้น</span>" in body
    assert 'name="confirm_shortening"' in body and 'name="reason"' in body
    confirm = data | {"confirm": "1", "previewed": preview.context["previewed"]}

    unticked = client.post(path(world), confirm | {"reason": "ตามหนังสือกรม"})
    assert unticked.status_code == 400
    assert "ต้องทำเครื่องหมายยืนยันการเลื่อนกำหนดให้เร็วขึ้น" in str(unticked.context["form"].errors["confirm_shortening"])
    assert "ตามหนังสือกรม" in unticked.content.decode()  # the reason typed stays
    no_reason = client.post(path(world), confirm | {"confirm_shortening": "on", "reason": " "})
    assert no_reason.status_code == 400
    assert "ต้องระบุเหตุผลของการเลื่อนกำหนดให้เร็วขึ้น" in str(no_reason.context["form"].errors["reason"])
    world.round.refresh_from_db()
    assert world.round.entry_closes_at.astimezone(BANGKOK).hour == 23
    assert not AuditEvent.objects.filter(action="round.updated").exists()

    saved = client.post(path(world), confirm | {"confirm_shortening": "on", "reason": "ตามหนังสือกรม"})
    assert saved.status_code == 302
    world.round.refresh_from_db()
    assert world.round.entry_closes_at == dt.datetime(2026, 9, 15, 18, 30, tzinfo=BANGKOK)
    event = AuditEvent.objects.get(action="round.updated")
    assert event.data["reason"] == "ตามหนังสือกรม" and event.data["districts_shortened"] == 4
    assert "เหตุผล: ตามหนังสือกรม" in Notification.objects.filter(user=world.officer).get().body


def test_the_action_itself_refuses_an_unconfirmed_shortening(world):
    earlier = dt.datetime(2026, 9, 15, 18, 30, tzinfo=BANGKOK)
    with pytest.raises(RoundRefused, match="ยืนยันการเลื่อนกำหนด"):
        update_round(world.round, acting_user=world.dept_admin, values={"entry_closes_at": earlier})
    with pytest.raises(RoundRefused, match="ต้องระบุเหตุผล"):
        update_round(world.round, acting_user=world.dept_admin, values={"entry_closes_at": earlier},
                     confirm_shortening=True)
    world.round.refresh_from_db()
    assert world.round.entry_closes_at.hour != 18


def test_moving_the_round_date_earlier_under_an_extension_shortens_nobody(world):
    extend(world, SEP_20)  # everyone's entry deadline is the extension's
    change = preview_round_change(world.round, acting_user=world.dept_admin,
                                  values={"entry_closes_at": dt.datetime(2026, 9, 14, 23, 59, tzinfo=BANGKOK)})
    assert change.shortened_count == 0 and change.effect.changed_count == 0


def test_a_confirmation_close_before_an_extended_entry_deadline_is_refused_naming_both_dates(world):
    extend(world, SEP_20)
    response = world.client_for(world.dept_admin).post(
        path(world), edit_post(world.round, confirm_closes_at_0="18/09/2569", confirm_closes_at_1="04:00"))
    assert response.status_code == 400
    errors = str(response.context["form"].errors["confirm_closes_at"])
    assert "18 ก.ย. 2569 เวลา 04:00 น." in errors and "20 ก.ย. 2569 เวลา 23:59 น." in errors
    assert "ตามการขยายเวลา" in errors
    assert 'value="18/09/2569"' in response.content.decode() and 'value="04:00"' in response.content.decode()
    world.round.refresh_from_db()
    assert world.round.confirm_closes_at.astimezone(BANGKOK).day == 25
    with pytest.raises(RoundRefused, match="20 ก.ย. 2569"):
        update_round(world.round, acting_user=world.dept_admin,
                     values={"confirm_closes_at": dt.datetime(2026, 9, 18, 4, 0, tzinfo=BANGKOK)},
                     confirm_shortening=True, reason="x")


def test_a_district_extension_of_the_confirmation_keeps_its_district_consistent(world):
    extend(world, SEP_20, district=world.np_mueang, confirm_closes_at=dt.datetime(2026, 9, 28, tzinfo=BANGKOK))
    # the round's confirmation may close on 19 Sep: 4801's own confirmation runs to 28 Sep
    change = preview_round_change(world.round, acting_user=world.dept_admin,
                                  values={"confirm_closes_at": dt.datetime(2026, 9, 19, 23, 59, tzinfo=BANGKOK)})
    assert change.shortens and change.effect.changed_count == 3
