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


def test_manual_screenshots_exist():
    from django.contrib.staticfiles import finders

    for name in ("login", "district_home", "area_edit", "director_home", "province_board", "district_detail",
                 "national_board"):
        assert finders.find(f"monitoring/manual/{name}.png"), name


def test_help_index_marks_the_users_page_and_footer_shows_the_help_desk(world, settings):
    settings.HELPDESK_LINE_ID = "wts-helpdesk"
    response = world.client_for(world.director).get(reverse("monitoring:help_index"))
    assert response.status_code == 200 and response.context["mine"] == "director"
    assert "LINE ID: wts-helpdesk" in response.content.decode()
    assert world.client_for(world.director).post(reverse("monitoring:help_index")).status_code == 405
