import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_each_role_has_a_manual_page_and_the_director_page_explains_confirmation():
    client = Client()
    for role in ("district", "director", "provadmin", "department"):
        assert client.get(reverse("monitoring:help_role", args=[role])).status_code == 200
    body = client.get(reverse("monitoring:help_role", args=["director"])).content.decode()
    assert 'id="confirm"' in body and "วิธีการตรวจสอบและยืนยันข้อมูล" in body
    assert "monitoring/manual/province_board.png" in body


def test_unknown_manual_page_is_404():
    assert Client().get(reverse("monitoring:help_role", args=["nobody"])).status_code == 404


def test_every_screenshot_a_manual_page_shows_exists_and_every_captured_one_is_shown():
    import re

    from django.contrib.staticfiles import finders

    from demo.management.commands.capture_manual_screenshots import SHOTS

    client, shown = Client(), set()
    for role in ("district", "director", "provadmin", "department"):
        body = client.get(reverse("monitoring:help_role", args=[role])).content.decode()
        shown |= set(re.findall(r"monitoring/manual/(\w+)\.png", body))
    assert {"login", "soft_warning", "bulk_confirm", "helpdesk_edit", "extension_date_picker", "catalog"} <= shown
    for name in shown:
        assert finders.find(f"monitoring/manual/{name}.png"), name
    assert shown == {name for name, *_rest in SHOTS}


def test_manual_explains_the_changes_users_meet():
    client = Client()
    pages = {role: client.get(reverse("monitoring:help_role", args=[role])).content.decode()
             for role in ("district", "director", "provadmin", "department")}
    assert "คำอธิบาย" in pages["district"] and "⚠" in pages["district"]  # soft warnings and explanations
    assert "แก้ไขและส่งอีกครั้งภายใน" in pages["district"]  # one statement of what is due
    assert "ข้าพเจ้าได้ตรวจสอบค่าที่มีข้อสังเกตแล้ว" in pages["director"]  # bulk confirm with acknowledgement
    assert "แก้ไขช่องทางติดต่อ" in pages["provadmin"] and "เพิ่มเจ้าหน้าที่ให้อำเภอ" in pages["provadmin"]
    assert "ปฏิทิน พ.ศ." in pages["department"] and "ดาวน์โหลดของฉัน" in pages["department"]
    assert "send_reminders" not in pages["department"]  # reminders are scheduled on a page now
    for body in pages.values():
        assert reverse("helpdesk_list") in body


def test_help_index_marks_the_users_page_and_footer_shows_the_help_desk(world, settings):
    settings.HELPDESK_LINE_ID = "wts-helpdesk"
    response = world.client_for(world.director).get(reverse("monitoring:help_index"))
    assert response.status_code == 200 and response.context["mine"] == "director"
    assert "LINE ID: wts-helpdesk" in response.content.decode()
    assert world.client_for(world.director).post(reverse("monitoring:help_index")).status_code == 405
