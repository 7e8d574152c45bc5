import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from conftest import CONFIRM_CLOSES, ENTRY_CLOSES
from wts.audit.models import AuditEvent
from wts.notifications.models import Notification
from wts.rounds.actions import ExtensionRefused, preview_withdrawal, withdraw_extension
from wts.rounds.deadlines import deadlines_for

from .helpers import OCT_8, SEP_20, SEP_22, SEP_25, SEP_30, extend

pytestmark = pytest.mark.usefixtures("during_entry")


def withdraw(world, ext, reason="ออกโดยผิดพลาด"):
    return withdraw_extension(ext, reason=reason, acting_user=world.dept_admin)


def test_withdrawal_restores_the_previous_extension(world):
    first = extend(world, SEP_20, province=world.np)
    second = extend(world, SEP_25, province=world.np)
    withdraw(world, second)
    d = deadlines_for(world.round, world.np_mueang)
    assert d.entry_closes_at == SEP_20 and d.entry_extension == first


def test_withdrawal_restores_the_rounds_own_deadline(world):
    ext = extend(world, SEP_22)
    withdraw(world, ext)
    d = deadlines_for(world.round, world.sk_mueang)
    assert d.entry_closes_at == ENTRY_CLOSES and d.entry_extension is None and not d.entry_extended


def test_withdrawal_is_audited_and_tells_each_person_the_deadline_now_in_effect(
        world, mailoutbox, django_capture_on_commit_callbacks):
    extend(world, SEP_20, province=world.np)
    ext = extend(world, SEP_25)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(world, ext)
    event = AuditEvent.objects.get(action="deadline.extension_withdrawn")
    assert (event.actor, event.message, event.data["extension"]) == (world.dept_admin, "ออกโดยผิดพลาด", ext.pk)
    ext.refresh_from_db()
    assert ext.withdrawn_by == world.dept_admin and ext.withdrawal_reason == "ออกโดยผิดพลาด" and ext.withdrawn_at
    by_user = dict(Notification.objects.values_list("user__username", "body"))
    assert set(by_user) == {"district-4801", "district-4802", "district-4701", "director-48", "director-47"}
    assert "20 ก.ย. 2569" in by_user["district-4801"]  # นครพนม's own extension applies again
    assert "15 ก.ย. 2569" in by_user["district-4701"]  # สกลนคร is back to the round's date
    assert "15 ก.ย. 2569" in by_user["director-47"]


def test_withdrawing_twice_or_in_a_closed_round_is_refused(world, during_entry):
    ext = extend(world, SEP_22)
    withdraw(world, ext)
    with pytest.raises(ExtensionRefused, match="ยกเลิกไปแล้ว"):
        withdraw(world, ext)
    other = extend(world, SEP_22, province=world.np)
    world.round.closed_at = during_entry
    world.round.save()
    with pytest.raises(ExtensionRefused, match="ปิดแล้ว"):
        withdraw(world, other)


def test_withdrawal_needs_a_reason_and_the_administrator(world):
    ext = extend(world, SEP_22)
    with pytest.raises(ExtensionRefused, match="ต้องระบุเหตุผล"):
        withdraw(world, ext, reason=" ")
    with pytest.raises(PermissionDenied):
        withdraw_extension(ext, reason="x", acting_user=world.dept_viewer)
    ext.refresh_from_db()
    assert ext.withdrawn_at is None


def test_a_confirmation_extension_moved_with_entry_cannot_be_withdrawn_alone(world):
    extend(world, SEP_30, province=world.np, confirm_closes_at=OCT_8)
    confirm = world.round.extensions.get(window="confirm")
    with pytest.raises(ExtensionRefused, match="ยกเลิกการขยายการบันทึกข้อมูลก่อน"):
        withdraw(world, confirm)
    withdraw(world, world.round.extensions.get(window="entry"))
    withdraw(world, confirm)
    assert deadlines_for(world.round, world.np_mueang).confirm_closes_at == CONFIRM_CLOSES


def test_the_preview_warns_when_the_deadline_would_already_be_past(world, time_machine):
    ext = extend(world, SEP_22)
    time_machine.move_to(ENTRY_CLOSES + dt.timedelta(days=2), tick=False)
    effect = preview_withdrawal(ext, acting_user=world.dept_admin)
    assert effect.past_count == 4 and effect.changed_count == 4
    assert [(c.old, c.new, c.district_count) for c in effect.changes] == [(SEP_22, ENTRY_CLOSES, 4)]
    page = world.client_for(world.dept_admin).get(f"/rounds/{world.round.fiscal_year}/extensions/{ext.pk}/withdraw/")
    assert page.status_code == 200
    assert "จะเลยไปแล้ว" in page.content.decode()
    ext.refresh_from_db()
    assert ext.withdrawn_at is None  # the preview changes nothing


def test_withdrawing_from_the_page(world):
    ext = extend(world, SEP_22, province=world.np)
    client = world.client_for(world.dept_admin)
    path = f"/rounds/{world.round.fiscal_year}/extensions/{ext.pk}/withdraw/"
    refused = client.post(path, {"reason": "  "})
    assert refused.status_code == 400
    assert "ต้องระบุเหตุผลของการยกเลิกการขยายเวลา" in refused.content.decode()
    assert client.post(path, {"reason": "ขยายผิดจังหวัด"}).status_code == 302
    body = client.get(f"/rounds/{world.round.fiscal_year}/extensions/").content.decode()
    assert 'data-status="withdrawn"' in body and "ยกเลิกแล้ว" in body and "ขยายผิดจังหวัด" in body
    assert world.client_for(world.dept_viewer).post(path, {"reason": "x"}).status_code == 403
    assert client.get(f"/rounds/{world.round.fiscal_year}/extensions/999999/withdraw/").status_code == 404


def test_the_district_no_longer_sees_a_withdrawn_extension(world):
    ext = extend(world, SEP_22)
    client = world.client_for(world.officer)
    assert "ขยายเวลาแล้ว" in client.get("/entry/").content.decode()
    withdraw(world, ext)
    body = client.get("/entry/").content.decode()
    assert "ขยายเวลาแล้ว" not in body and "22 ก.ย. 2569" not in body
    assert "15 ก.ย. 2569" in body


def test_a_shortening_extension_saved_before_the_rule_is_not_shown_as_extended(world):
    from .helpers import stored

    stored(world, ENTRY_CLOSES - dt.timedelta(days=1))
    d = deadlines_for(world.round, world.np_mueang)
    assert d.entry_extension is not None and not d.entry_extended
    assert "ขยายเวลาแล้ว" not in world.client_for(world.officer).get("/entry/").content.decode()


def test_the_department_home_lists_only_deadlines_in_effect(world):
    old = extend(world, SEP_20, province=world.np)
    extend(world, SEP_22, province=world.np)
    withdrawn = extend(world, SEP_25, district=world.sk_mueang)
    withdraw(world, withdrawn)
    body = world.client_for(world.dept_admin).get("/").content.decode()
    section = body[body.index('id="deadlines-ahead"'):]
    section = section[:section.index("</ul>")]
    assert "อำเภอเมืองสกลนคร" not in section  # withdrawn
    assert section.count("จังหวัดนครพนม") == 1 and "22 ก.ย. 2569" in section
    assert "20 ก.ย. 2569" not in section and old.pk  # superseded: not a deadline anyone has
