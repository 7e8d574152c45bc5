"""Issue 15, district officers: soft warnings at entry, an explanation per value that travels to
the director, and one statement of what is due per state."""

import pytest

from wts.audit.models import AuditEvent
from wts.audit.vocabulary import AuditAction
from wts.review.tests.helpers import (
    DURING_CONFIRM,
    force_state,
    item,
    previous_round,
    submitted,
)
from wts.workflow.forms import note_field_name
from wts.workflow.models import ItemValue, ReportState

from .helpers import area, form_data, url

pytestmark = pytest.mark.usefixtures("during_entry")


def _with_last_year(world):
    previous_round(world, confirmed_values={world.np_mueang: {"1.01": 15, "1.02": 40}})


def test_the_area_form_shows_last_rounds_value_beside_each_item(world):
    _with_last_year(world)
    body = world.client_for(world.officer).get(url(world)).content.decode()
    row = body[body.index(f'id="row-{item(world, "1.01").pk}"'):body.index(f'id="row-{item(world, "1.02").pk}"')]
    assert "รอบก่อน: 15" in row


def test_a_value_far_from_last_year_saves_and_shows_the_directors_flag_as_a_soft_warning(world):
    _with_last_year(world)
    a = area(world)
    client = world.client_for(world.officer)
    response = client.post(url(world), {**form_data(a, ["2000", "40"], 0), "save": ""},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert ItemValue.objects.get(item=item(world, "1.01")).value == 2000  # saved all the same
    assert "บันทึกข้อมูลด้านที่ 1 แล้ว" in body
    assert 'id="soft-warnings"' in body
    assert "15 → 2,000" in body  # the same wording the director's flag uses


def test_a_value_within_the_rules_shows_no_warning(world):
    _with_last_year(world)
    a = area(world)
    body = world.client_for(world.officer).post(
        url(world), {**form_data(a, ["16", "40"], 0), "save": ""}, headers={"HX-Request": "true"}).content.decode()
    assert 'id="soft-warnings"' not in body


def test_the_officers_explanation_is_stored_audited_and_shown_beside_the_flag_to_the_director(world):
    _with_last_year(world)
    a = area(world)
    target = item(world, "1.01")
    client = world.client_for(world.officer)
    client.post(url(world), {**form_data(a, ["2000", "40"], 0), "save": ""})
    client.post(url(world), {**form_data(a, ["2000", "40"], 1), note_field_name(target): "ปีนี้มีการเลือกตั้งท้องถิ่น",
                             "save": ""})
    value = ItemValue.objects.get(item=target)
    assert value.value == 2000 and value.note == "ปีนี้มีการเลือกตั้งท้องถิ่น"
    event = AuditEvent.objects.get(action=AuditAction.VALUE_EXPLAINED)
    assert event.new_value == "ปีนี้มีการเลือกตั้งท้องถิ่น" and event.actor == world.officer
    # The area page shows the explanation back to the officer.
    assert "ปีนี้มีการเลือกตั้งท้องถิ่น" in client.get(url(world)).content.decode()
    report = submitted(world, values={"1.01": 2000, "1.02": 40})
    assert ItemValue.objects.get(report=report, item=target).note == "ปีนี้มีการเลือกตั้งท้องถิ่น"
    review = world.client_for(world.director).get(
        f"/review/{world.round.fiscal_year}/district/{world.np_mueang.code}/").content.decode()
    row = review[review.index(f'id="item-{target.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "⚠" in row and "คำอธิบายของอำเภอ" in row and "ปีนี้มีการเลือกตั้งท้องถิ่น" in row


def test_a_note_not_posted_keeps_the_stored_one_and_a_too_long_note_is_a_400_keeping_the_input(world):
    a = area(world)
    target = item(world, "1.01")
    client = world.client_for(world.officer)
    client.post(url(world), {**form_data(a, ["5", "6"], 0), note_field_name(target): "เหตุผลเดิม", "save": ""})
    client.post(url(world), {**form_data(a, ["7", "6"], 1), "save": ""})
    assert ItemValue.objects.get(item=target).note == "เหตุผลเดิม"
    response = client.post(url(world), {**form_data(a, ["8", "6"], 2), note_field_name(target): "ก" * 501,
                                        "save": ""})
    assert response.status_code == 400
    assert "ก" * 501 in response.content.decode()
    assert ItemValue.objects.get(item=target).value == 7


def test_home_of_a_recording_district_states_the_entry_deadline_only(world):
    body = world.client_for(world.officer).get("/entry/").content.decode()
    assert 'data-due="record"' in body and "บันทึกและส่งข้อมูลให้จังหวัดภายใน 15 ก.ย. 2569" in body
    assert "แก้ไขและส่งอีกครั้งภายใน" not in body


def test_a_returned_district_is_told_only_the_resubmit_deadline_on_home_and_area_page(world):
    report = submitted(world)
    force_state(report, ReportState.RETURNED)
    client = world.client_for(world.officer)
    for page in (client.get("/entry/"), client.get(url(world))):
        body = page.content.decode()
        assert "แก้ไขและส่งอีกครั้งภายใน 25 ก.ย. 2569" in body
        assert "บันทึกและส่งข้อมูลให้จังหวัดภายใน" not in body
        assert "15 ก.ย. 2569" not in body  # the entry deadline no longer applies


def test_a_submitted_district_is_told_it_waits_for_the_province_with_nothing_due(world, time_machine):
    submitted(world)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    body = world.client_for(world.officer).get("/entry/").content.decode()
    assert 'data-due="waiting"' in body and "ขณะนี้ท่านไม่ต้องดำเนินการใด" in body
    assert "เหลืออีก" not in body and "ภายใน 25 ก.ย." not in body


def test_a_confirmed_district_has_nothing_due_and_no_countdown(world):
    report = submitted(world)
    force_state(report, ReportState.CONFIRMED)
    body = world.client_for(world.officer).get("/entry/").content.decode()
    assert 'data-due="done"' in body and "ไม่มีงานค้าง" in body
    assert "เหลืออีก" not in body and "พ้นกำหนด" not in body
