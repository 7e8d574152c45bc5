"""What the review workflow shows on the district's home page, and the submit button."""

import datetime as dt

import pytest

from conftest import BANGKOK
from wts.rounds.actions import extend_deadline
from wts.workflow.actions import return_report
from wts.workflow.models import ReportState

from .helpers import DURING_CONFIRM, fill, item, reload, submitted

pytestmark = pytest.mark.usefixtures("during_entry")


def submit_url(world):
    return f"/review/{world.round.fiscal_year}/submit/"


def test_the_submit_button_appears_only_when_all_areas_are_complete(world):
    client = world.client_for(world.officer)
    assert "submit-report" not in client.get("/entry/").content.decode()
    fill(world, world.np_mueang, world.officer)
    assert "submit-report" in client.get("/entry/").content.decode()


def test_the_district_submits_from_its_home_page(world):
    report = fill(world, world.np_mueang, world.officer)
    client = world.client_for(world.officer)
    response = client.post(submit_url(world))
    assert response.status_code == 302
    assert reload(report).state == ReportState.SUBMITTED
    body = client.get("/entry/").content.decode()
    assert "ส่งข้อมูลให้จังหวัดยืนยันแล้ว" in body
    assert "submit-report" not in body


def test_an_incomplete_submission_is_refused_with_the_reason(world):
    response = world.client_for(world.officer).post(submit_url(world), follow=True)
    assert "ต้องบันทึกข้อมูลให้ครบทั้ง 8 ด้าน" in response.content.decode()


def test_submit_is_for_district_officers_and_by_post(world):
    fill(world, world.np_mueang, world.officer)
    assert world.client_for(world.director).post(submit_url(world)).status_code == 403
    assert world.client_for(world.officer).get(submit_url(world)).status_code == 405
    assert world.client_for(world.officer).post("/review/2500/submit/").status_code == 404


def test_a_returned_district_sees_the_reason_the_marked_items_and_its_deadline(world, time_machine):
    report = submitted(world)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    return_report(report, acting_user=world.director, reason="ตัวเลขหนังสือราชการสูงเกินจริง",
                  item_ids=[item(world, "1.01").pk])
    body = world.client_for(world.officer).get("/entry/").content.decode()
    assert "จังหวัดส่งข้อมูลกลับให้แก้ไข" in body
    assert "ตัวเลขหนังสือราชการสูงเกินจริง" in body
    marked = body.split('id="marked-items"')[1].split("</ul>")[0]
    assert "1.01 หนังสือราชการรับ-ส่งและดำเนินการ" in marked
    assert "แก้ไขและส่งอีกครั้งภายใน 25 ก.ย. 2569" in body
    assert "ส่งข้อมูลอีกครั้ง" in body
    area_body = world.client_for(world.officer).get(f"/entry/{world.round.fiscal_year}/area/1/").content.decode()
    assert "จังหวัดให้แก้ไข" in area_body


def test_the_home_page_shows_the_districts_own_effective_deadlines(world):
    # up to 24 Sep: an entry extension may not pass the confirmation close (25 Sep)
    extend_deadline(world.round, window="entry", closes_at=dt.datetime(2026, 9, 24, 23, 59, 59, tzinfo=BANGKOK),
                    reason="อำเภอประสบอุทกภัย", acting_user=world.dept_admin, district=world.np_mueang)
    body = world.client_for(world.officer).get("/entry/").content.decode()
    assert "24 ก.ย. 2569" in body and "อำเภอประสบอุทกภัย" in body
    assert "25 ก.ย. 2569" in body  # confirmation deadline, not extended
    other = world.client_for(world.officer_np2).get("/entry/").content.decode()
    assert "15 ก.ย. 2569" in other and "อำเภอประสบอุทกภัย" not in other
