"""Every state of a district's report has its own true sentence on every page that shows it:
a confirmed district is never told it has not submitted, a returned one is never told it is
waiting for the province. A table over the states × the pages that show a report's state."""

import pytest

from conftest import DURING_ENTRY
from wts.monitoring.wording import confirmation_label
from wts.workflow.models import ReportState

from .helpers import DURING_CONFIRM, fill, force_state

# What each page must say for each state, and what it must never say for it.
NOT_SUBMITTED = "ยังไม่ได้ส่ง"
REVIEW_DISTRICT = {
    ReportState.NOT_STARTED: "อำเภอยังไม่ได้เริ่มบันทึกข้อมูลในรอบนี้ จึงยังไม่ได้ส่งข้อมูลให้ตรวจสอบ",
    ReportState.IN_PROGRESS: "อำเภออยู่ระหว่างการบันทึกข้อมูล ยังไม่ได้ส่งข้อมูลให้ตรวจสอบ",
    ReportState.SUBMITTED: "ตรวจสอบแล้วข้อมูลถูกต้อง",
    ReportState.RETURNED: "ส่งกลับให้อำเภอแก้ไขแล้ว รออำเภอแก้ไขและส่งข้อมูลอีกครั้ง",
    ReportState.CONFIRMED: "จังหวัดยืนยันข้อมูลของอำเภอนี้แล้ว ไม่ต้องดำเนินการใดเพิ่ม",
}
REVIEW_PROVINCE_ROW = {
    ReportState.NOT_STARTED: "เลือกยืนยันไม่ได้: ยังไม่ได้ส่งข้อมูล",
    ReportState.IN_PROGRESS: "เลือกยืนยันไม่ได้: ยังไม่ได้ส่งข้อมูล",
    ReportState.SUBMITTED: 'name="report"',
    ReportState.RETURNED: "เลือกยืนยันไม่ได้: ส่งกลับแล้ว รออำเภอแก้ไขและส่งใหม่",
    ReportState.CONFIRMED: str(ReportState.CONFIRMED.label),
}
DISTRICT_HOME = {
    ReportState.NOT_STARTED: "บันทึกและส่งข้อมูลให้จังหวัดภายใน",
    ReportState.IN_PROGRESS: "บันทึกและส่งข้อมูลให้จังหวัดภายใน",
    ReportState.SUBMITTED: "ส่งข้อมูลแล้ว รอจังหวัดตรวจสอบและยืนยัน",
    ReportState.RETURNED: "แก้ไขและส่งอีกครั้งภายใน",
    ReportState.CONFIRMED: "จังหวัดยืนยันข้อมูลแล้ว ไม่มีงานค้าง",
}
# A submitted, returned or confirmed district has submitted at least once.
NEVER_SAYS = {
    ReportState.NOT_STARTED: ["ยืนยันข้อมูลของอำเภอนี้แล้ว", "รอจังหวัดตรวจสอบ"],
    ReportState.IN_PROGRESS: ["ยืนยันข้อมูลของอำเภอนี้แล้ว", "รอจังหวัดตรวจสอบ"],
    ReportState.SUBMITTED: [NOT_SUBMITTED, "ยืนยันข้อมูลของอำเภอนี้แล้ว"],
    ReportState.RETURNED: [NOT_SUBMITTED, "ยืนยันข้อมูลของอำเภอนี้แล้ว", "รอจังหวัดตรวจสอบ"],
    ReportState.CONFIRMED: [NOT_SUBMITTED, "รอจังหวัดตรวจสอบ", "ส่งกลับให้อำเภอแก้ไขแล้ว"],
}


@pytest.fixture
def in_state(world, time_machine):
    def make(state):
        time_machine.move_to(DURING_ENTRY, tick=False)
        report = fill(world, world.np_mueang, world.officer)
        time_machine.move_to(DURING_CONFIRM, tick=False)
        return force_state(report, state)
    return make


def _text(response):
    assert response.status_code == 200
    return response.content.decode()


def _row(body, code):
    start = body.index(f'data-district="{code}"')
    return body[start:body.index("</tr>", start)]


@pytest.mark.parametrize("state", ReportState.values)
def test_review_district_page_says_what_is_true_of_each_state(world, in_state, state):
    in_state(state)
    body = _text(world.client_for(world.director).get(f"/review/{world.round.fiscal_year}/district/4801/"))
    assert REVIEW_DISTRICT[state] in body
    assert str(ReportState(state).label) in body
    for wrong in NEVER_SAYS[state]:
        assert wrong not in body, (state, wrong)


@pytest.mark.parametrize("state", ReportState.values)
def test_review_province_row_says_what_is_true_of_each_state(world, in_state, state):
    in_state(state)
    body = _text(world.client_for(world.director).get(f"/review/{world.round.fiscal_year}/province/48/"))
    row = _row(body, "4801")
    assert REVIEW_PROVINCE_ROW[state] in row
    assert str(ReportState(state).label) in row
    for wrong in NEVER_SAYS[state]:
        assert wrong not in row, (state, wrong)


@pytest.mark.parametrize("state", ReportState.values)
def test_district_home_says_what_is_true_of_each_state(world, in_state, state):
    in_state(state)
    body = _text(world.client_for(world.officer).get("/entry/"))
    assert DISTRICT_HOME[state] in body
    assert str(ReportState(state).label) in body
    for wrong in NEVER_SAYS[state]:
        assert wrong not in body, (state, wrong)


@pytest.mark.parametrize("state", ReportState.values)
def test_department_pages_show_each_state_by_its_own_label(world, in_state, state):
    in_state(state)
    client = world.client_for(world.dept_viewer)
    for path in ("/monitoring/district/4801/", "/monitoring/province/48/"):
        body = _text(client.get(path))
        shown = _row(body, "4801") if "province" in path else body
        # The province board's confirmation column says the confirmation state only (issue 27 §6):
        # before submission "ยังไม่ส่งให้จังหวัด", whatever the entry column shows.
        before_submission = state in (ReportState.NOT_STARTED, ReportState.IN_PROGRESS)
        expected = confirmation_label(state) if "province" in path and before_submission else ReportState(state).label
        assert str(expected) in shown, (path, state)
        for other in set(ReportState.values) - {state}:
            assert f"badge-{other}\">{str(ReportState(other).label)}" not in shown, (path, state, other)
    body = _text(client.get("/review/"))
    start = body.index('data-province="48"')
    row = body[start:body.index("</tr>", start)]
    for counted in (ReportState.SUBMITTED, ReportState.RETURNED, ReportState.CONFIRMED):
        expected = 1 if counted == state else 0
        assert f'data-state="{counted}" class="num">{expected}</td>' in row, (state, counted)


def test_the_confirmation_message_has_no_stray_space_before_laew(world, in_state):
    in_state(ReportState.SUBMITTED)
    client = world.client_for(world.director)
    response = client.post(f"/review/{world.round.fiscal_year}/district/4801/confirm/", follow=True)
    body = _text(response)
    assert "ยืนยันข้อมูลของอำเภอเมืองนครพนมแล้ว" in body
    assert "นครพนม แล้ว" not in body
    from wts.notifications.models import Notification
    titles = list(Notification.objects.filter(user=world.officer).values_list("title", flat=True))
    assert "จังหวัดยืนยันข้อมูลของอำเภอเมืองนครพนมแล้ว" in titles, titles
