"""Issue 15: the director confirms flagged districts in bulk after reading their flags and explanations."""

import pytest

from wts.audit.models import AuditEvent
from wts.audit.vocabulary import AuditAction
from wts.workflow.actions import add_comment, save_area, submit_report
from wts.workflow.models import DistrictReport, ReportState

from .helpers import DURING_CONFIRM, area, fill, item, previous_round, reload, submitted

pytestmark = pytest.mark.usefixtures("during_entry")

ACKNOWLEDGEMENT = "ข้าพเจ้าได้ตรวจสอบค่าที่มีข้อสังเกตแล้ว"


def province_url(world, code="48"):
    return f"/review/{world.round.fiscal_year}/province/{code}/"


@pytest.fixture
def flagged(world, time_machine):
    """เมืองนครพนม submitted with 1.01 far above last year, and its officer's explanation of it."""
    previous_round(world, confirmed_values={world.np_mueang: {"1.01": 15}})
    report = submitted(world, values={"1.01": 2000})
    add_comment(report, item(world, "1.01"), acting_user=world.officer, text="ปีนี้มีหนังสือเวียนเรื่องโควิดจำนวนมาก")
    clean = submitted(world, world.np_pla_pak, world.officer_np2)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    return report, clean


def test_a_flagged_district_can_be_ticked_and_its_flags_and_explanations_are_shown(world, flagged):
    report, _clean = flagged
    body = world.client_for(world.director).get(province_url(world)).content.decode()
    assert f'name="report" value="{report.pk}"' in body
    assert ACKNOWLEDGEMENT in body
    section = body.split('id="flags-4801"')[1].split("</details>")[0]
    assert "1.01" in section and "15 → 2,000" in section
    assert "ปีนี้มีหนังสือเวียนเรื่องโควิดจำนวนมาก" in section


def test_the_explanation_typed_beside_a_value_at_entry_is_shown_with_its_flag_before_bulk_confirm(
        world, time_machine):
    previous_round(world, confirmed_values={world.np_mueang: {"1.01": 15}})
    report = fill(world, world.np_mueang, world.officer, values={"1.01": 2000})
    save_area(report, area(world, 1), {}, notes={item(world, "1.01").pk: "ปีนี้มีการเลือกตั้งท้องถิ่น"},
              acting_user=world.officer)
    submit_report(report, acting_user=world.officer)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    body = world.client_for(world.director).get(province_url(world)).content.decode()
    section = body.split('id="flags-4801"')[1].split("</details>")[0]
    assert "15 → 2,000" in section and "ปีนี้มีการเลือกตั้งท้องถิ่น" in section
    assert "อำเภอยังไม่ได้ชี้แจงค่านี้" not in section


def test_bulk_confirm_of_a_flagged_district_without_the_acknowledgement_is_refused_and_keeps_the_selection(
        world, flagged):
    report, clean = flagged
    response = world.client_for(world.director).post(province_url(world) + "confirm/",
                                                     {"report": [report.pk, clean.pk]})
    assert response.status_code == 400
    body = response.content.decode()
    assert "กรุณาอ่านข้อสังเกตและคำชี้แจง" in body
    assert f'value="{report.pk}" checked' in body and f'value="{clean.pk}" checked' in body
    assert set(DistrictReport.objects.filter(round=world.round).values_list("state", flat=True)) == {
        ReportState.SUBMITTED}


def test_bulk_confirm_of_a_flagged_district_with_the_acknowledgement_confirms_and_audits_it(world, flagged):
    report, clean = flagged
    response = world.client_for(world.director).post(province_url(world) + "confirm/",
                                                     {"report": [report.pk, clean.pk], "acknowledge": "on"})
    assert response.status_code == 302
    assert reload(report).state == reload(clean).state == ReportState.CONFIRMED
    event = AuditEvent.objects.get(action=AuditAction.REPORT_CONFIRMED, district=world.np_mueang)
    assert event.data == {"acknowledged_flags": 1}
    assert "รับทราบค่าที่มีข้อสังเกต 1 รายการ" in event.message
    plain = AuditEvent.objects.get(action=AuditAction.REPORT_CONFIRMED, district=world.np_pla_pak)
    assert plain.data == {}


def test_bulk_confirm_of_unflagged_districts_needs_no_acknowledgement(world, flagged):
    _report, clean = flagged
    response = world.client_for(world.director).post(province_url(world) + "confirm/", {"report": [clean.pk]})
    assert response.status_code == 302
    assert reload(clean).state == ReportState.CONFIRMED


def test_a_district_that_cannot_be_ticked_says_why(world, time_machine):
    submitted(world)  # the other districts of นครพนม have not submitted
    body = world.client_for(world.director).get(province_url(world)).content.decode()
    row = body.split('data-district="4801"')[1].split("</tr>")[0]
    assert 'name="report"' not in row
    assert "เลือกยืนยันไม่ได้" in row  # submitted, but the confirmation window has not opened yet
    other = body.split('data-district="4802"')[1].split("</tr>")[0]
    assert "เลือกยืนยันไม่ได้: ยังไม่ได้ส่งข้อมูล" in other


def test_bulk_confirm_with_nothing_ticked_says_so(world, flagged):
    response = world.client_for(world.director).post(province_url(world) + "confirm/", {})
    assert response.status_code == 400
    assert "กรุณาเลือกอำเภอที่จะยืนยัน" in response.content.decode()
