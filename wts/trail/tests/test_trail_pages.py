"""The audit trail's pages: a district's history and the department's search over the whole log."""

import datetime as dt

import pytest
from django.test import Client

from conftest import BANGKOK
from wts.review.tests.helpers import fill, reload
from wts.workflow.actions import get_or_create_report, submit_report

pytestmark = pytest.mark.usefixtures("during_entry")


def timeline(world, user, code="4801", query=""):
    return world.client_for(user).get(f"/audit/district/{code}/{query}")


def test_the_district_history_is_readable_by_the_district_its_director_and_the_department(world):
    fill(world, world.np_mueang, world.officer, value=7)
    for user in (world.officer, world.director, world.dept_admin, world.dept_viewer):
        response = timeline(world, user)
        assert response.status_code == 200
        body = response.content.decode()
        assert "แก้ไขค่าปริมาณงาน" in body and "→ <strong>7</strong>" in body
        assert "1 ก.ย. 2569" in body
    assert timeline(world, world.officer_np2).status_code == 404
    assert timeline(world, world.director_sk).status_code == 404
    assert world.client_for(world.officer).post("/audit/district/4801/").status_code == 405
    assert Client().get("/audit/district/4801/").status_code == 302


def test_the_timeline_filters_by_round(world):
    fill(world, world.np_mueang, world.officer, value=7)
    body = timeline(world, world.officer, query="?round=2500").content.decode()
    assert "แก้ไขค่าปริมาณงาน" in body
    body = timeline(world, world.officer, query=f"?round={world.round.fiscal_year}").content.decode()
    assert "แก้ไขค่าปริมาณงาน" in body


def search(world, who, **params):
    return world.client_for(who).get("/audit/", params)


def test_the_department_searches_the_log_by_district_user_action_and_date(world, time_machine):
    fill(world, world.np_mueang, world.officer, value=1)
    fill(world, world.sk_mueang, world.officer_sk, value=1)
    time_machine.move_to(dt.datetime(2026, 9, 3, 9, 0, tzinfo=BANGKOK), tick=False)
    submit_report(reload(get_or_create_report(world.round, world.sk_mueang)), acting_user=world.officer_sk)
    by_district = search(world, world.dept_admin, district="4701", action="report.submitted")
    assert by_district.status_code == 200
    assert by_district.content.decode().count('class="event ') == 1
    by_user = search(world, world.dept_viewer, user="district-4801").content.decode()
    assert "อำเภอเมืองนครพนม" in by_user and "อำเภอเมืองสกลนคร" not in by_user
    on_the_1st = search(world, world.dept_admin, action="value.changed", date_from="01/09/2569",
                        date_to="01/09/2569").content.decode()
    items = sum(a.items.count() for a in world.round.areas.all())
    assert f"พบ {2 * items} รายการ" in on_the_1st
    assert on_the_1st.count('class="event ') == min(2 * items, 50)  # one page
    after = search(world, world.dept_admin, action="value.changed", date_from="02/09/2569").content.decode()
    assert 'class="event ' not in after
    on_the_3rd = search(world, world.dept_admin, action="report.submitted", date_from="03/09/2569",
                        date_to="03/09/2569").content.decode()
    assert on_the_3rd.count('class="event ') == 1


def test_a_bad_search_says_why_in_thai(world):
    response = search(world, world.dept_admin, district="48", date_from="05/09/2569", date_to="01/09/2569")
    assert response.status_code == 400
    body = response.content.decode()
    assert "รหัสอำเภอเป็นตัวเลข 4 หลัก" in body and "วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่ม" in body
    assert 'value="48"' in body


@pytest.mark.parametrize("role", ["officer", "director", "provadmin"])
def test_the_whole_log_is_for_the_department_only(world, role):
    assert search(world, getattr(world, role)).status_code == 403


def test_the_search_uses_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    fill(world, world.np_mueang, world.officer)
    fill(world, world.sk_mueang, world.officer_sk)
    department, director = world.client_for(world.dept_admin), world.client_for(world.director)
    with django_assert_max_num_queries(12):
        assert department.get("/audit/").status_code == 200
    with django_assert_max_num_queries(12):
        assert department.get("/audit/", {"province": world.np.pk, "action": "value.changed"}).status_code == 200
    with django_assert_max_num_queries(12):
        assert director.get("/audit/district/4801/").status_code == 200
