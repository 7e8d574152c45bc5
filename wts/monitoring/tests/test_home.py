"""Each role lands on what it must do next."""

import datetime as dt

import pytest
from django.urls import reverse

from wts.lib.thai import BANGKOK
from wts.monitoring.models import Announcement, Audience

from .helpers import record, submitted

pytestmark = pytest.mark.django_db
HOME = reverse("home")


def test_district_officer_goes_to_the_district_page(world):
    response = world.client_for(world.officer).get(HOME)
    assert response.status_code == 302 and response["Location"] == reverse("entry:district_home")


def test_director_sees_districts_waiting_for_confirmation_and_late_ones(world, time_machine):
    submitted(world.round, world.np_mueang)
    record(world.round, world.np_pla_pak, partial=2)
    time_machine.move_to(dt.datetime(2026, 9, 17, 9, 0, tzinfo=BANGKOK), tick=False)  # entry closed 15 Sep
    response = world.client_for(world.director).get(HOME)
    assert response.status_code == 200
    assert [r.district for r in response.context["waiting"]] == [world.np_mueang]
    assert [r.district for r in response.context["late"]] == [world.np_pla_pak]
    body = response.content.decode()
    assert "อำเภอที่รอการตรวจสอบและยืนยัน" in body and "อำเภอปลาปาก" in body
    assert "เหลือเวลายืนยันอีก 8 วัน" in body


def test_director_sees_districts_due_soon(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 9, 13, 9, 0, tzinfo=BANGKOK), tick=False)
    response = world.client_for(world.provadmin).get(HOME)
    assert {r.district.code for r in response.context["due_soon"]} == {"4801", "4802"}
    assert response.context["late"] == []


def test_department_sees_national_figures_and_deadlines_ahead(world, during_entry):
    submitted(world.round, world.np_mueang)
    response = world.client_for(world.dept_viewer).get(HOME)
    assert response.status_code == 200
    assert response.context["national"].counts["in_progress"] == 1
    ahead = response.context["deadlines_ahead"]
    assert [d.window for d in ahead] == ["entry", "confirm"]
    assert ahead[0].days_left == 14
    assert "สิ้นสุดการบันทึกข้อมูล" in response.content.decode()


def test_home_without_an_open_round_says_so(world):
    from django.utils import timezone

    world.round.closed_at = timezone.now()
    world.round.save()
    response = world.client_for(world.dept_admin).get(HOME)
    assert "ขณะนี้ยังไม่มีรอบการรายงานที่เปิดอยู่" in response.content.decode()


def test_home_is_get_only(world):
    assert world.client_for(world.director).post(HOME).status_code == 405


def test_announcements_reach_their_audience_until_they_expire(world, during_entry):
    now = during_entry
    Announcement.objects.create(title="ทุกจังหวัดโปรดทราบ", body="x", audience=Audience.ALL, starts_at=now - dt.timedelta(days=1),
                                expires_at=now + dt.timedelta(days=1), created_by=world.dept_admin)
    Announcement.objects.create(title="เฉพาะนครพนม", body="x", audience=Audience.PROVINCE, province=world.np,
                                starts_at=now - dt.timedelta(days=1), expires_at=now + dt.timedelta(days=1),
                                created_by=world.dept_admin)
    Announcement.objects.create(title="หมดอายุแล้ว", body="x", audience=Audience.ALL, starts_at=now - dt.timedelta(days=5),
                                expires_at=now - dt.timedelta(days=1), created_by=world.dept_admin)
    np_body = world.client_for(world.director).get(HOME).content.decode()
    sk_body = world.client_for(world.director_sk).get(HOME).content.decode()
    assert "ทุกจังหวัดโปรดทราบ" in np_body and "เฉพาะนครพนม" in np_body and "หมดอายุแล้ว" not in np_body
    assert "ทุกจังหวัดโปรดทราบ" in sk_body and "เฉพาะนครพนม" not in sk_body
    visible = {a.title for a in Announcement.visible_to(world.officer)}
    assert visible == {"ทุกจังหวัดโปรดทราบ", "เฉพาะนครพนม"}
    assert {a.title for a in Announcement.visible_to(world.officer_sk)} == {"ทุกจังหวัดโปรดทราบ"}
