from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from wts.analytics.staffing import analyse
from wts.audit.models import AuditEvent, Source
from wts.audit.vocabulary import AuditAction
from wts.catalog.actions import (
    CatalogRefused,
    add_item,
    remove_item,
    reorder_items,
    round_holds_values,
    update_area,
    update_item,
)
from wts.catalog.effects import minutes_effect
from wts.catalog.models import MissionArea, WorkItem
from wts.workflow.models import ReportState

from .support import record_values

CLOSED = "รอบนี้ปิดแล้ว แบบฟอร์มแก้ไขไม่ได้"


def item(world, code):
    return WorkItem.objects.select_related("area__round").get(area__round=world.round, code=code)


def area(world, number):
    return MissionArea.objects.select_related("round").get(round=world.round, number=number)


def close(world):
    world.round.closed_at = timezone.now()
    world.round.save()


def catalog_state(world):
    return list(WorkItem.objects.filter(area__round=world.round).order_by("pk").values_list(
        "code", "name", "unit", "standard_minutes", "max_value", "help_text", "order", "area__number"))


def test_every_change_is_refused_in_a_closed_round_and_nothing_changes(world):
    close(world)
    before = catalog_state(world)
    names = list(MissionArea.objects.filter(round=world.round).values_list("name", flat=True))
    attempts = [
        lambda: update_area(area(world, 1), name="ใหม่", acting_user=world.dept_admin),
        lambda: add_item(area(world, 1), code="1.99", name="ใหม่", unit="เรื่อง", standard_minutes=1, max_value=5,
                         acting_user=world.dept_admin),
        lambda: update_item(item(world, "1.01"), standard_minutes=Decimal("20"), acting_user=world.dept_admin),
        lambda: remove_item(item(world, "1.01"), acting_user=world.dept_admin),
        lambda: reorder_items(area(world, 1), list(area(world, 1).items.values_list("pk", flat=True))[::-1],
                              acting_user=world.dept_admin),
    ]
    for attempt in attempts:
        with pytest.raises(CatalogRefused) as refused:
            attempt()
        assert refused.value.message == CLOSED
    assert catalog_state(world) == before
    assert list(MissionArea.objects.filter(round=world.round).values_list("name", flat=True)) == names
    assert not AuditEvent.objects.filter(action__startswith="catalog.", round=world.round).exclude(
        action=AuditAction.CATALOG_DEFAULT_LOADED).exists()


def test_only_the_department_administrator_may_change_the_catalog(world):
    for user in (world.dept_viewer, world.director, world.officer, world.provadmin):
        with pytest.raises(PermissionDenied):
            update_item(item(world, "1.01"), name="x", acting_user=user)


def test_item_change_records_before_and_after_in_its_audit_row(world):
    result = update_item(item(world, "1.01"), name="หนังสือราชการ", help_text="นับทุกฉบับ", max_value=150_000,
                         acting_user=world.dept_admin, source=Source.WEB)
    assert result.changed
    event = AuditEvent.objects.get(action=AuditAction.CATALOG_ITEM_CHANGED)
    assert event.actor == world.dept_admin and event.round == world.round and event.area.number == 1
    assert event.data["before"] == {"name": "หนังสือราชการรับ-ส่งและดำเนินการ",
                                    "help_text": "นับหนังสือที่ลงรับและหนังสือที่ออก รวมหนังสือภายใน", "max_value": 200000}
    assert event.data["after"] == {"name": "หนังสือราชการ", "help_text": "นับทุกฉบับ", "max_value": 150000}
    assert event.data["item_code"] == "1.01"
    assert "หนังสือราชการรับ-ส่ง" in event.old_value and "150000" in event.new_value


def test_an_unchanged_save_writes_no_audit_row(world):
    current = item(world, "1.01")
    result = update_item(current, name=current.name, standard_minutes=current.standard_minutes, acting_user=world.dept_admin)
    assert not result.changed
    assert not AuditEvent.objects.filter(action=AuditAction.CATALOG_ITEM_CHANGED).exists()


def test_area_change_and_move_are_audited_with_before_and_after(world):
    update_area(area(world, 2), name="กฎหมายและเรื่องร้องเรียน", description="ด้านกฎหมาย", number=5,
                acting_user=world.dept_admin)
    moved = MissionArea.objects.get(round=world.round, name="กฎหมายและเรื่องร้องเรียน")
    assert moved.number == 5
    assert MissionArea.objects.get(round=world.round, number=2).name == "แผนพัฒนาท้องถิ่นและการติดตามประเมินผล"
    event = AuditEvent.objects.get(action=AuditAction.CATALOG_AREA_CHANGED)
    assert event.data["before"]["number"] == 2 and event.data["after"]["number"] == 5
    assert event.data["before"]["name"].startswith("กฎหมาย ระเบียบ")


def test_add_and_remove_before_any_value_are_audited(world):
    added = add_item(area(world, 3), code="3.06", name="การตรวจสอบพัสดุ", unit="ครั้ง", standard_minutes=Decimal("45.5"),
                     max_value=900, acting_user=world.dept_admin)
    assert added.order == 6 and added.standard_minutes == Decimal("45.5")
    remove_item(added, acting_user=world.dept_admin)
    assert not WorkItem.objects.filter(code="3.06").exists()
    added_event = AuditEvent.objects.get(action=AuditAction.CATALOG_ITEM_ADDED)
    removed_event = AuditEvent.objects.get(action=AuditAction.CATALOG_ITEM_REMOVED)
    assert added_event.data["before"] == {} and added_event.data["after"]["code"] == "3.06"
    assert removed_event.data["before"]["name"] == "การตรวจสอบพัสดุ" and removed_event.data["after"] == {}


def test_code_must_be_unique_within_the_round(world):
    with pytest.raises(CatalogRefused) as refused:
        add_item(area(world, 2), code="1.01", name="ซ้ำ", unit="เรื่อง", standard_minutes=1, max_value=5,
                 acting_user=world.dept_admin)
    assert refused.value.field == "code"
    with pytest.raises(CatalogRefused):
        update_item(item(world, "2.01"), code="1.01", acting_user=world.dept_admin)


def test_once_values_exist_removing_an_item_is_refused_with_the_reason(world):
    record_values(world.round, world.np_mueang, {"1.01": 12})
    assert round_holds_values(world.round)
    with pytest.raises(CatalogRefused) as refused:
        remove_item(item(world, "5.04"), acting_user=world.dept_admin)
    assert "มีการบันทึกค่าแล้ว" in refused.value.message
    assert WorkItem.objects.filter(area__round=world.round, code="5.04").exists()


def test_once_values_exist_changing_unit_or_code_is_refused_beside_the_field(world):
    record_values(world.round, world.np_mueang, {"1.01": 12})
    with pytest.raises(CatalogRefused) as refused:
        update_item(item(world, "1.01"), unit="เรื่อง", acting_user=world.dept_admin)
    assert refused.value.field == "unit" and "ฉบับ" in refused.value.message
    with pytest.raises(CatalogRefused) as refused:
        update_item(item(world, "2.01"), code="2.10", acting_user=world.dept_admin)
    assert refused.value.field == "code"
    assert item(world, "1.01").unit == "ฉบับ"


def test_once_values_exist_adding_an_item_and_moving_areas_are_refused(world):
    record_values(world.round, world.np_mueang, {"1.01": 12})
    with pytest.raises(CatalogRefused) as refused:
        add_item(area(world, 1), code="1.06", name="ใหม่", unit="เรื่อง", standard_minutes=1, max_value=5,
                 acting_user=world.dept_admin)
    assert "ครบแล้วกลายเป็นไม่ครบ" in refused.value.message
    with pytest.raises(CatalogRefused) as refused:
        update_area(area(world, 1), name=area(world, 1).name, number=2, acting_user=world.dept_admin)
    assert refused.value.field == "number"


def test_once_values_exist_names_help_order_and_minutes_may_still_change(world):
    record_values(world.round, world.np_mueang, {"1.01": 12})
    update_item(item(world, "1.01"), name="หนังสือราชการ", help_text="ใหม่", order=9, standard_minutes=20,
                acting_user=world.dept_admin)
    update_area(area(world, 1), name="บริหารงานทั่วไป", acting_user=world.dept_admin)
    assert item(world, "1.01").standard_minutes == Decimal("20.0")


def test_a_blank_value_does_not_count_as_holding_values(world):
    record_values(world.round, world.np_mueang, {"1.01": None})
    assert not round_holds_values(world.round)


def test_lowering_a_maximum_below_recorded_values_names_how_many_exceed_it(world):
    record_values(world.round, world.np_mueang, {"1.01": 900})
    record_values(world.round, world.np_pla_pak, {"1.01": 1_500})
    record_values(world.round, world.sk_mueang, {"1.01": 80})
    with pytest.raises(CatalogRefused) as refused:
        update_item(item(world, "1.01"), max_value=500, acting_user=world.dept_admin)
    assert refused.value.field == "max_value"
    assert "2 ค่า" in refused.value.message and "1,500" in refused.value.message
    assert item(world, "1.01").max_value == 200_000
    update_item(item(world, "1.01"), max_value=1_500, acting_user=world.dept_admin)
    assert item(world, "1.01").max_value == 1_500


def confirm_values(world):
    record_values(world.round, world.np_mueang, {"1.01": 1_200, "1.02": 30, "2.01": 10}, state=ReportState.CONFIRMED)
    record_values(world.round, world.np_pla_pak, {"1.01": 600, "2.01": 4}, state=ReportState.CONFIRMED)
    record_values(world.round, world.sk_mueang, {"1.01": 5_000})  # not confirmed: not counted


def test_changing_standard_minutes_records_the_effect_on_national_fte(world):
    confirm_values(world)
    before_fte = analyse(world.round).nation.fte_needed
    result = update_item(item(world, "1.01"), standard_minutes=Decimal("30"), acting_user=world.dept_admin)
    after_fte = analyse(world.round).nation.fte_needed
    assert result.effect.fte_before == pytest.approx(before_fte)
    assert result.effect.fte_after == pytest.approx(after_fte)
    assert result.effect.districts_affected == 2
    event = AuditEvent.objects.get(action=AuditAction.CATALOG_ITEM_CHANGED)
    assert event.data["before"] == {"standard_minutes": "15.0"} and event.data["after"] == {"standard_minutes": "30.0"}
    effect = event.data["staffing_effect"]
    assert effect["fte_before"] == pytest.approx(before_fte, abs=0.01)
    assert effect["fte_after"] == pytest.approx(after_fte, abs=0.01)
    assert effect["districts_affected"] == 2
    assert "FTE ทั้งประเทศ" in event.message and "อำเภอที่ได้รับผล 2 แห่ง" in event.message


def test_staffing_effect_matches_the_staffing_analysis(world):
    confirm_values(world)
    effect = minutes_effect(world.round, {"2.01": Decimal("0")})
    assert effect.fte_before == pytest.approx(analyse(world.round).nation.fte_needed)
    # 1,800 letters × 15 min + 30 meetings × 180 min, after the complaints' minutes drop to 0.
    expected = (1_800 * 15 + 30 * 180) / 60 / 1380
    assert effect.fte_after == pytest.approx(expected)


def test_reorder_puts_items_in_the_given_order_and_audits_it(world):
    first = area(world, 4)
    ids = list(first.items.order_by("order").values_list("pk", flat=True))
    reorder_items(first, ids[::-1], acting_user=world.dept_admin)
    assert list(first.items.order_by("order").values_list("pk", flat=True)) == ids[::-1]
    event = AuditEvent.objects.get(action=AuditAction.CATALOG_ITEMS_REORDERED)
    assert event.data["before"]["order"] == ["4.01", "4.02", "4.03", "4.04"]
    assert event.data["after"]["order"] == ["4.04", "4.03", "4.02", "4.01"]
    with pytest.raises(CatalogRefused):
        reorder_items(first, ids[:2], acting_user=world.dept_admin)
