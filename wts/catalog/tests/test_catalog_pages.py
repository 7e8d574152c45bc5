from decimal import Decimal

import pytest
from django.utils import timezone

from wts.audit.models import AuditEvent
from wts.audit.vocabulary import AuditAction
from wts.catalog.models import MissionArea, WorkItem

from .support import record_values


def url(world, rest=""):
    return f"/catalog/{world.round.fiscal_year}/{rest}"


def item(world, code):
    return WorkItem.objects.get(area__round=world.round, code=code)


def item_post(world, item_code, **changes):
    current = item(world, item_code)
    data = {
        "code": current.code, "name": current.name, "unit": current.unit, "standard_minutes": str(current.standard_minutes),
        "max_value": str(current.max_value), "help_text": current.help_text, "order": str(current.order),
    }
    data.update(changes)
    return data


def test_department_admin_sees_the_8_areas_with_edit_links(world):
    response = world.client_for(world.dept_admin).get(url(world))
    page = response.content.decode()
    assert response.status_code == 200
    for number in range(1, 9):
        assert f'id="area-{number}"' in page
    assert "หนังสือราชการรับ-ส่งและดำเนินการ" in page
    assert f'href="/catalog/{world.round.fiscal_year}/item/{item(world, "1.01").pk}/"' in page


def test_department_viewer_reads_the_catalog_without_edit_links(world):
    client = world.client_for(world.dept_viewer)
    response = client.get(url(world))
    assert response.status_code == 200
    assert "แก้ไขด้าน" not in response.content.decode()
    assert client.get(url(world, "catalog.xlsx")).status_code == 200


@pytest.mark.parametrize("persona", ["dept_viewer", "director", "officer", "provadmin"])
def test_anyone_but_the_department_administrator_gets_403_on_a_change(world, persona):
    client = world.client_for(getattr(world, persona))
    pk = item(world, "1.01").pk
    assert client.post(url(world, f"item/{pk}/"), item_post(world, "1.01", name="x")).status_code == 403
    assert client.post(url(world, f"item/{pk}/remove/")).status_code == 403
    assert client.post(url(world, "area/1/"), {"name": "x", "number": "1"}).status_code == 403
    assert item(world, "1.01").name == "หนังสือราชการรับ-ส่งและดำเนินการ"


@pytest.mark.parametrize("persona", ["director", "officer", "provadmin"])
def test_province_and_district_users_cannot_read_the_catalog_page(world, persona):
    assert world.client_for(getattr(world, persona)).get(url(world)).status_code == 403


def test_an_item_of_another_round_is_404(world):
    from wts.catalog.actions import copy_catalog
    from wts.catalog.tests.test_catalog import next_round

    other = next_round(world)
    copy_catalog(world.round, other, acting_user=world.dept_admin)
    other_item = WorkItem.objects.get(area__round=other, code="1.01")
    assert world.client_for(world.dept_admin).get(url(world, f"item/{other_item.pk}/")).status_code == 404


def test_editing_standard_minutes_with_thai_digits_saves_and_shows_the_effect(world):
    client = world.client_for(world.dept_admin)
    pk = item(world, "1.01").pk
    response = client.post(url(world, f"item/{pk}/"), item_post(world, "1.01", standard_minutes="๒๐.๕", max_value="๑๕๐,๐๐๐"))
    assert response.status_code == 302
    saved = item(world, "1.01")
    assert saved.standard_minutes == Decimal("20.5") and saved.max_value == 150_000
    page = client.get(response["Location"]).content.decode()
    assert "FTE ทั้งประเทศ" in page
    assert AuditEvent.objects.filter(action=AuditAction.CATALOG_ITEM_CHANGED).count() == 1


def test_the_preview_shows_the_effect_before_saving(world):
    record_values(world.round, world.np_mueang, {"1.01": 1_380 * 4}, state="confirmed")
    client = world.client_for(world.dept_admin)
    pk = item(world, "1.01").pk
    response = client.get(url(world, f"item/{pk}/effect/"), {"standard_minutes": "๓๐"})
    text = response.content.decode()
    assert response.status_code == 200
    # 5,520 letters × 15 min = 1 FTE; at 30 min, 2 FTE.
    assert "FTE ทั้งประเทศ 1.0 → 2.0" in text and "อำเภอที่ได้รับผล 1 แห่ง" in text
    assert item(world, "1.01").standard_minutes == Decimal("15.0")
    bad = client.get(url(world, f"item/{pk}/effect/"), {"standard_minutes": "abc"})
    assert "กรุณากรอกตัวเลข" in bad.content.decode()


@pytest.mark.parametrize("field, value, message", [
    ("standard_minutes", "-5", "ต้องไม่ติดลบ"),
    ("standard_minutes", "7.25", "ทศนิยมได้ไม่เกิน 1 ตำแหน่ง"),
    ("standard_minutes", "สิบห้า", "กรุณากรอกตัวเลข"),
    ("max_value", "0", "ต้องไม่น้อยกว่า 1"),
    ("max_value", "12.5", "จำนวนเต็ม"),
    ("code", "2.01", "มีอยู่แล้ว"),
    ("name", "", "จำเป็น"),
])
def test_bad_input_is_refused_beside_the_field_and_what_was_typed_stays(world, field, value, message):
    client = world.client_for(world.dept_admin)
    pk = item(world, "1.01").pk
    data = item_post(world, "1.01", **{field: value}, help_text="ข้อความที่พิมพ์ไว้")
    response = client.post(url(world, f"item/{pk}/"), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in e for e in form.errors[field]), form.errors
    page = response.content.decode()
    assert "ข้อความที่พิมพ์ไว้" in page
    if value:
        assert f'value="{value}"' in page
    assert item(world, "1.01").help_text == "นับหนังสือที่ลงรับและหนังสือที่ออก รวมหนังสือภายใน"
    assert not AuditEvent.objects.filter(action=AuditAction.CATALOG_ITEM_CHANGED).exists()


def test_a_unit_change_refused_once_values_exist_is_shown_beside_the_unit(world):
    record_values(world.round, world.np_mueang, {"1.01": 3})
    client = world.client_for(world.dept_admin)
    response = client.post(url(world, f"item/{item(world, '1.01').pk}/"), item_post(world, "1.01", unit="เรื่อง", name="ชื่อใหม่"))
    assert response.status_code == 400
    assert "เปลี่ยนหน่วยนับไม่ได้" in response.context["form"].errors["unit"][0]
    assert item(world, "1.01").name == "หนังสือราชการรับ-ส่งและดำเนินการ"  # nothing half-saved


def test_closed_round_pages_are_read_only_and_posts_are_refused(world):
    world.round.closed_at = timezone.now()
    world.round.save()
    client = world.client_for(world.dept_admin)
    page = client.get(url(world)).content.decode()
    assert "รอบนี้ปิดแล้ว แบบฟอร์มแก้ไขไม่ได้" in page and "แก้ไขด้าน" not in page
    response = client.post(url(world, f"item/{item(world, '1.01').pk}/"), item_post(world, "1.01", name="ใหม่"))
    assert response.status_code == 400 and "รอบนี้ปิดแล้ว" in response.content.decode()
    response = client.post(url(world, "area/1/"), {"name": "ใหม่", "number": "1"})
    assert response.status_code == 400
    client.post(url(world, f"item/{item(world, '1.01').pk}/remove/"))
    assert item(world, "1.01").name != "ใหม่"
    assert MissionArea.objects.get(round=world.round, number=1).name == "บริหารงานทั่วไปและการประสานงาน"


def test_add_move_and_remove_items_from_the_page(world):
    client = world.client_for(world.dept_admin)
    response = client.post(url(world, "area/4/add/"), {
        "code": "4.05", "name": "การตรวจสอบเงินอุดหนุน", "unit": "ครั้ง", "standard_minutes": "๖๐", "max_value": "๕๐๐",
        "help_text": "", "order": "",
    })
    assert response.status_code == 302
    added = item(world, "4.05")
    assert added.order == 5 and added.max_value == 500
    client.post(url(world, f"item/{added.pk}/move/"), {"direction": "up"})
    codes = list(WorkItem.objects.filter(area__round=world.round, area__number=4).order_by("order").values_list("code", flat=True))
    assert codes == ["4.01", "4.02", "4.03", "4.05", "4.04"]
    client.post(url(world, f"item/{added.pk}/remove/"))
    assert not WorkItem.objects.filter(code="4.05").exists()


def test_removal_refused_once_values_exist_shows_the_reason(world):
    record_values(world.round, world.np_mueang, {"1.01": 3})
    client = world.client_for(world.dept_admin)
    response = client.post(url(world, f"item/{item(world, '5.04').pk}/remove/"), follow=True)
    assert "ลบรายการนี้ไม่ได้" in response.content.decode()
    assert WorkItem.objects.filter(area__round=world.round, code="5.04").exists()


def test_area_edit_renames_and_keeps_typed_text_on_error(world):
    client = world.client_for(world.dept_admin)
    response = client.post(url(world, "area/1/"), {"name": "", "number": "9", "description": "คำอธิบายที่พิมพ์"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "number"}
    assert "คำอธิบายที่พิมพ์" in response.content.decode()
    response = client.post(url(world, "area/1/"), {"name": "บริหารงานทั่วไป", "number": "๑", "description": ""})
    assert response.status_code == 302
    assert MissionArea.objects.get(round=world.round, number=1).name == "บริหารงานทั่วไป"


def test_the_admin_shows_the_catalog_read_only(world):
    client = world.client_for(world.dept_admin)
    area = MissionArea.objects.get(round=world.round, number=1)
    assert client.get(f"/admin/catalog/missionarea/{area.pk}/change/").status_code == 200
    response = client.post(f"/admin/catalog/missionarea/{area.pk}/change/", {"name": "แก้ผ่านหลังบ้าน", "number": "1"})
    assert response.status_code == 403
    assert client.get("/admin/catalog/missionarea/add/").status_code == 403
    assert MissionArea.objects.get(pk=area.pk).name == "บริหารงานทั่วไปและการประสานงาน"
    listing = client.get("/admin/catalog/missionarea/").content.decode()
    assert f"/catalog/{world.round.fiscal_year}/#area-1" in listing


def test_rounds_list_links_to_each_rounds_catalog(world):
    page = world.client_for(world.dept_admin).get("/rounds/").content.decode()
    assert f'href="/catalog/{world.round.fiscal_year}/"' in page
