"""Issue 26: position types (WISN staff categories) in the catalog: working time from its parts,
the two allowances, items assigned to a type, every change audited, copied to the next round."""

from decimal import Decimal

import pytest

from wts.audit.models import AuditEvent
from wts.audit.vocabulary import AuditAction
from wts.catalog.actions import copy_catalog
from wts.catalog.models import PositionType, WorkItem
from wts.catalog.wisn import available_working_time, method_of
from wts.rounds.models import Round


def url(world, rest=""):
    return f"/catalog/{world.round.fiscal_year}/positions/{rest}"


def first_type(world):
    return PositionType.objects.get(round=world.round, code="TTA")


def type_post(position_type, **changes):
    data = {
        "code": position_type.code, "name": position_type.name, "order": str(position_type.order),
        "working_days": "261", "public_holidays": "16", "leave_days": "10", "training_days": "5",
        "other_absence_days": "0", "hours_per_day": "6", "category_allowance_percent": "0",
        "individual_allowance_hours": "0",
    }
    data.update(changes)
    return data


def test_a_new_round_has_the_three_default_types_at_230_days_of_6_hours_and_every_item_in_the_first(world):
    types = list(PositionType.objects.filter(round=world.round).order_by("order"))
    assert [t.name for t in types] == [
        "ท้องถิ่นอำเภอ", "นักวิเคราะห์/นักจัดการงานทั่วไป", "เจ้าพนักงานส่งเสริมการปกครองท้องถิ่น"]
    assert available_working_time(types[0]) == Decimal("1380")
    assert method_of(types[0]).category_allowance_factor == 1.0
    assert not WorkItem.objects.filter(area__round=world.round).exclude(position_type=types[0]).exists()


def test_department_admin_sets_working_time_and_allowances_and_the_change_is_audited(world):
    client = world.client_for(world.dept_admin)
    t = first_type(world)
    response = client.post(url(world, f"{t.pk}/"), type_post(
        t, leave_days="๑๕", category_allowance_percent="20", individual_allowance_hours="225"))
    assert response.status_code == 302
    t.refresh_from_db()
    assert (t.leave_days, t.category_allowance_percent, t.individual_allowance_hours) == (
        Decimal("15.0"), Decimal("20.00"), Decimal("225.0"))
    method = method_of(t)
    assert method.available_hours == 225 * 6  # (261 − 16 − 15 − 5) days × 6 h
    assert method.category_allowance_factor == pytest.approx(1.25)
    assert method.individual_allowance_factor == pytest.approx(225 / 1350)
    event = AuditEvent.objects.get(action=AuditAction.CATALOG_POSITION_TYPE_CHANGED)
    assert event.actor == world.dept_admin
    assert event.data["before"]["leave_days"] == "10.0" and event.data["after"]["leave_days"] == "15.0"
    page = client.get(url(world)).content.decode()
    assert "1,350.0" in page and "1.250" in page


@pytest.mark.parametrize(("field", "value", "message"), [
    ("leave_days", "-3", "ต้องไม่ติดลบ"),
    ("category_allowance_percent", "100", "ค่าเผื่องานสนับสนุนต้องน้อยกว่าร้อยละ 100"),
    ("category_allowance_percent", "120", "ค่าเผื่องานสนับสนุนต้องน้อยกว่าร้อยละ 100"),
    ("hours_per_day", "0", "ชั่วโมงทำงานต่อวันต้องมากกว่า 0"),
    ("other_absence_days", "300", "ต้องมากกว่า 0"),
])
def test_bad_method_input_gets_a_thai_message_beside_the_field_and_nothing_changes(world, field, value, message):
    client = world.client_for(world.dept_admin)
    t = first_type(world)
    response = client.post(url(world, f"{t.pk}/"), type_post(t, **{field: value}))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'value="{value}"' in page  # what was typed is kept
    form = response.context["form"]
    assert form.errors.get(field if field != "other_absence_days" else "working_days")
    t.refresh_from_db()
    assert available_working_time(t) == Decimal("1380")
    assert not AuditEvent.objects.filter(action=AuditAction.CATALOG_POSITION_TYPE_CHANGED).exists()


def test_a_type_without_items_is_flagged_and_can_be_removed_but_one_with_items_cannot(world):
    client = world.client_for(world.dept_admin)
    page = client.get(url(world)).content.decode()
    assert "ยังไม่มีรายการงานในประเภทนี้" in page
    analyst = PositionType.objects.get(round=world.round, code="ANALYST")
    assert client.post(url(world, f"{first_type(world).pk}/remove/")).status_code == 302
    assert PositionType.objects.filter(pk=first_type(world).pk).exists()
    client.post(url(world, f"{analyst.pk}/remove/"))
    assert not PositionType.objects.filter(pk=analyst.pk).exists()
    assert AuditEvent.objects.filter(action=AuditAction.CATALOG_POSITION_TYPE_REMOVED).count() == 1


def test_items_move_to_another_type_in_one_audited_action(world):
    client = world.client_for(world.dept_admin)
    officer = PositionType.objects.get(round=world.round, code="OFFICER")
    items = list(WorkItem.objects.filter(area__round=world.round))
    data = {f"item-{i.pk}": str(i.position_type_id) for i in items}
    moved = [i for i in items if i.code.startswith("2.")]
    data.update({f"item-{i.pk}": str(officer.pk) for i in moved})
    assert client.post(url(world), data).status_code == 302
    assert set(WorkItem.objects.filter(position_type=officer).values_list("code", flat=True)) == {i.code for i in moved}
    event = AuditEvent.objects.get(action=AuditAction.CATALOG_ITEMS_ASSIGNED)
    assert event.data["after"] == {i.code: "OFFICER" for i in moved}


def test_province_staff_cannot_change_position_types(world):
    t = first_type(world)
    response = world.client_for(world.director).post(url(world, f"{t.pk}/"), type_post(t, leave_days="20"))
    assert response.status_code == 403


def test_the_next_round_copies_the_types_their_method_and_each_items_type(world):
    t = first_type(world)
    PositionType.objects.filter(pk=t.pk).update(category_allowance_percent=Decimal("12.5"))
    officer = PositionType.objects.get(round=world.round, code="OFFICER")
    WorkItem.objects.filter(area__round=world.round, code="2.01").update(position_type=officer)
    nxt = Round.objects.create(
        fiscal_year=world.round.fiscal_year + 1, title="next", entry_opens_at=world.round.entry_opens_at,
        entry_closes_at=world.round.entry_closes_at, confirm_opens_at=world.round.confirm_opens_at,
        confirm_closes_at=world.round.confirm_closes_at,
    )
    copy_catalog(world.round, nxt, acting_user=world.dept_admin)
    copied = PositionType.objects.get(round=nxt, code="TTA")
    assert copied.category_allowance_percent == Decimal("12.50")
    assert WorkItem.objects.get(area__round=nxt, code="2.01").position_type.code == "OFFICER"
    assert WorkItem.objects.get(area__round=nxt, code="1.01").position_type == copied
