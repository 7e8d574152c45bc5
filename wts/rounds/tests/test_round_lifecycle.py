import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from conftest import BANGKOK
from wts.audit.models import AuditEvent
from wts.catalog.models import MissionArea, WorkItem
from wts.notifications.models import Notification
from wts.review.tests.helpers import fill, force_state
from wts.rounds.actions import RoundRefused, reopen_round, update_round
from wts.rounds.models import Extension, Round
from wts.workflow.actions import close_round
from wts.workflow.closing import close_summary
from wts.workflow.models import ReportState

pytestmark = pytest.mark.usefixtures("during_entry")

NEW_ROUND = {
    "fiscal_year": "๒๕๗๐", "title": "ปีงบประมาณ 2570",
    "entry_opens_at_0": "01/08/2570", "entry_opens_at_1": "",
    "entry_closes_at_0": "15/09/2570", "entry_closes_at_1": "",
    "confirm_opens_at_0": "16/09/2570", "confirm_opens_at_1": "",
    "confirm_closes_at_0": "25/09/2570", "confirm_closes_at_1": "16:30",
    "productive_hours": "1380", "allowance_factor": "1.000", "averaging_rounds": "3",
    "change_flag_percent": "50", "change_flag_min_units": "10", "outlier_threshold": "3.5", "peer_size_percent": "30",
}


def edit_post(round_, **fields):
    """The edit form as the page shows it for ``round_``, overridden by ``fields``."""
    def date(value):
        local = value.astimezone(BANGKOK)
        return f"{local.day:02d}/{local.month:02d}/{local.year + 543}", f"{local.hour:02d}:{local.minute:02d}"

    data = {key: value for key, value in NEW_ROUND.items() if key != "fiscal_year"} | {"title": round_.title}
    for name in ("entry_opens_at", "entry_closes_at", "confirm_opens_at", "confirm_closes_at"):
        data[f"{name}_0"], data[f"{name}_1"] = date(getattr(round_, name))
    return data | fields


# --- create ---------------------------------------------------------------------------------------

def test_creating_a_round_copies_the_previous_catalog_and_is_audited(world):
    WorkItem.objects.filter(area__round=world.round, code="1.01").update(name="หนังสือราชการ (ปรับปรุง)")
    response = world.client_for(world.dept_admin).post("/rounds/new/", NEW_ROUND)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Round.objects.get(fiscal_year=2570)
    assert created.entry_opens_at == dt.datetime(2027, 8, 1, 8, 30, tzinfo=BANGKOK)
    assert created.entry_closes_at == dt.datetime(2027, 9, 15, 23, 59, tzinfo=BANGKOK)
    assert created.confirm_opens_at == dt.datetime(2027, 9, 16, 0, 0, tzinfo=BANGKOK)
    assert created.confirm_closes_at == dt.datetime(2027, 9, 25, 16, 30, tzinfo=BANGKOK)
    assert MissionArea.objects.filter(round=created).count() == 8
    assert WorkItem.objects.get(area__round=created, code="1.01").name == "หนังสือราชการ (ปรับปรุง)"
    event = AuditEvent.objects.get(action="round.created")
    assert event.actor == world.dept_admin and event.data["catalog_from"] == world.round.fiscal_year
    assert AuditEvent.objects.filter(action="catalog.copied", round=created).exists()


def test_the_first_round_gets_the_default_catalog(world):
    from wts.rounds.actions import create_round

    round_ = create_round(acting_user=world.dept_admin, values={  # earlier than every round with a catalog
        "fiscal_year": 2560, "entry_opens_at": dt.datetime(2017, 8, 1, tzinfo=BANGKOK),
        "entry_closes_at": dt.datetime(2017, 9, 15, tzinfo=BANGKOK),
        "confirm_opens_at": dt.datetime(2017, 9, 16, tzinfo=BANGKOK),
        "confirm_closes_at": dt.datetime(2017, 9, 25, tzinfo=BANGKOK)})
    assert MissionArea.objects.filter(round=round_).count() == 8
    assert AuditEvent.objects.get(action="round.created").data["catalog_from"] is None


def test_the_new_round_form_proposes_the_next_year(world):
    body = world.client_for(world.dept_admin).get("/rounds/new/").content.decode()
    assert 'value="2570"' in body and 'value="15/09/2570"' in body


@pytest.mark.parametrize("fields, field, message", [
    ({"fiscal_year": "2569"}, "fiscal_year", "มีรอบปีงบประมาณ 2569 อยู่แล้ว"),
    ({"fiscal_year": "2027"}, "fiscal_year", "ไม่ใช่ปี ค.ศ."),
    ({"fiscal_year": "๒๕๗"}, "fiscal_year", "ตัวเลข 4 หลัก"),
    ({"fiscal_year": ""}, "fiscal_year", "กรุณาระบุปีงบประมาณ"),
    ({"entry_closes_at_0": "31/07/2570"}, "entry_closes_at", "วันสิ้นสุดต้องอยู่หลังวันเริ่มบันทึก"),
    ({"confirm_opens_at_0": "01/07/2570"}, "confirm_opens_at", "การยืนยันต้องไม่เริ่มก่อนการบันทึก"),
    ({"confirm_closes_at_0": "15/09/2570", "confirm_closes_at_1": "00:00"}, "confirm_closes_at",
     "วันสิ้นสุดต้องอยู่หลังวันเริ่มยืนยัน"),
    ({"confirm_opens_at_0": "10/09/2570", "confirm_closes_at_0": "14/09/2570"}, "confirm_closes_at",
     "การยืนยันต้องไม่สิ้นสุดก่อนการบันทึกข้อมูลสิ้นสุด"),
    ({"entry_opens_at_0": "01/08/2027"}, "entry_opens_at", "ปี 2027 เป็นปี ค.ศ."),
    ({"entry_closes_at_1": "24:00"}, "entry_closes_at", "พิมพ์เวลาเป็น ชช:นน"),
])
def test_a_bad_new_round_says_why_beside_the_field_and_keeps_the_input(world, fields, field, message):
    response = world.client_for(world.dept_admin).post("/rounds/new/", NEW_ROUND | fields)
    assert response.status_code == 400
    assert any(message in str(e) for e in response.context["form"].errors[field]), response.context["form"].errors
    body = response.content.decode()
    assert message in body and 'value="ปีงบประมาณ 2570"' in body
    for key, value in (NEW_ROUND | fields).items():
        if key.endswith("_0") and value:
            assert f'value="{value}"' in body
    assert not Round.objects.filter(fiscal_year=2570).exists()
    assert not AuditEvent.objects.filter(action="round.created").exists()


# --- edit -----------------------------------------------------------------------------------------

def test_editing_the_windows_is_audited_in_buddhist_era_and_notifies(world):
    from .helpers import preview_then_confirm

    preview, response = preview_then_confirm(
        world.client_for(world.dept_admin), f"/rounds/{world.round.fiscal_year}/",
        edit_post(world.round, entry_closes_at_0="18/09/2569", entry_closes_at_1="23:59", productive_hours="1400"))
    assert "round-change-preview" in preview.content.decode()
    assert response.status_code == 302, response.content.decode()[:3000]
    world.round.refresh_from_db()
    assert world.round.entry_closes_at == dt.datetime(2026, 9, 18, 23, 59, tzinfo=BANGKOK)
    event = AuditEvent.objects.get(action="round.updated")
    assert set(event.data) >= {"entry_closes_at", "productive_hours"}
    assert "15 ก.ย. 2569" in event.message and "18 ก.ย. 2569" in event.message
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert {"district-4801", "director-48"} <= notified and "dla-viewer" not in notified


def test_changing_only_a_setting_notifies_nobody(world):
    update_round(world.round, acting_user=world.dept_admin, values={"productive_hours": 1400})
    assert AuditEvent.objects.filter(action="round.updated").exists()
    assert not Notification.objects.exists()


def test_a_bad_edit_says_why_and_changes_nothing(world):
    before = world.round.entry_closes_at
    response = world.client_for(world.dept_admin).post(
        f"/rounds/{world.round.fiscal_year}/", edit_post(world.round, entry_closes_at_0="01/07/2569"))
    assert response.status_code == 400
    assert "วันสิ้นสุดต้องอยู่หลังวันเริ่มบันทึก" in str(response.context["form"].errors["entry_closes_at"])
    assert 'value="01/07/2569"' in response.content.decode()
    world.round.refresh_from_db()
    assert world.round.entry_closes_at == before and not AuditEvent.objects.filter(action="round.updated").exists()


def test_a_closed_round_cannot_be_edited(world):
    close_round(world.round, acting_user=world.dept_admin, reason="ครบกำหนด")
    with pytest.raises(RoundRefused, match="ปิดแล้ว"):
        update_round(world.round, acting_user=world.dept_admin, values={"productive_hours": 1400})
    response = world.client_for(world.dept_admin).post(f"/rounds/{world.round.fiscal_year}/", edit_post(world.round))
    assert response.status_code == 400 and "ปิดแล้ว" in response.content.decode()


def test_only_the_administrator_edits(world):
    path = f"/rounds/{world.round.fiscal_year}/"
    assert world.client_for(world.dept_viewer).get(path).status_code == 200
    assert world.client_for(world.dept_viewer).post(path, edit_post(world.round)).status_code == 403
    assert world.client_for(world.director).get(path).status_code == 403
    with pytest.raises(PermissionDenied):
        update_round(world.round, acting_user=world.dept_viewer, values={"productive_hours": 1})


# --- close and reopen ---------------------------------------------------------------------------

def test_the_close_summary_counts_what_is_still_open_by_province(world):
    force_state(fill(world, world.np_mueang, world.officer), ReportState.SUBMITTED)
    force_state(fill(world, world.sk_mueang, world.officer_sk), ReportState.CONFIRMED)
    summary = close_summary(world.round)
    assert summary.totals == {"not_started": 2, "in_progress": 0, "submitted": 1, "returned": 0, "confirmed": 1}
    assert summary.open_count == 3 and summary.district_count == 4
    by_province = {row.province.code: row.counts for row in summary.provinces}
    assert by_province["48"]["submitted"] == 1 and by_province["47"]["confirmed"] == 1
    page = world.client_for(world.dept_admin).get(f"/rounds/{world.round.fiscal_year}/close/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "open-by-province" in body and "ส่งแล้ว ยังไม่ยืนยัน" in body and "นครพนม" in body


def test_the_close_page_shows_its_form_and_table_once_and_a_plain_title(world):
    body = world.client_for(world.dept_admin).get(f"/rounds/{world.round.fiscal_year}/close/").content.decode()
    assert body.count('id="close-form"') == 1 and body.count('id="open-by-province"') == 1
    title = body.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and "ปิดรอบ" in title

def test_closing_needs_a_reason_is_audited_with_the_counts_and_notifies(world):
    with pytest.raises(RoundRefused, match="ต้องระบุเหตุผล"):
        close_round(world.round, acting_user=world.dept_admin, reason="")
    close_round(world.round, acting_user=world.dept_admin, reason="ครบกำหนดตามหนังสือกรม")
    world.round.refresh_from_db()
    assert world.round.is_closed and world.round.closed_reason == "ครบกำหนดตามหนังสือกรม"
    event = AuditEvent.objects.get(action="round.closed")
    assert event.message == "ครบกำหนดตามหนังสือกรม" and event.data["totals"]["not_started"] == 4
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"director-48", "director-47", "dla-admin"}


def test_closing_a_round_from_the_page(world):
    client = world.client_for(world.dept_admin)
    path = f"/rounds/{world.round.fiscal_year}/close/"
    assert client.get(path).status_code == 200  # the summary first
    assert world.client_for(world.dept_viewer).post(path).status_code == 403
    refused = client.post(path, {"reason": ""})
    assert refused.status_code == 400 and "ต้องระบุเหตุผลของการปิดรอบ" in refused.content.decode()
    assert client.post(path, {"reason": "ครบกำหนด"}).status_code == 302
    world.round.refresh_from_db()
    assert world.round.closed_by == world.dept_admin
    body = client.get("/rounds/").content.decode()
    assert "ปิดรอบแล้ว" in body


def test_reopening_needs_a_reason_restores_the_windows_and_notifies(world):
    ext_closes = dt.datetime(2026, 9, 22, 23, 59, tzinfo=BANGKOK)
    from .helpers import extend

    extend(world, ext_closes)
    close_round(world.round, acting_user=world.dept_admin, reason="ครบกำหนด")
    Notification.objects.all().delete()
    with pytest.raises(RoundRefused, match="ต้องระบุเหตุผล"):
        reopen_round(world.round, acting_user=world.dept_admin, reason=" ")
    reopen_round(world.round, acting_user=world.dept_admin, reason="จังหวัดขอแก้ไข")
    world.round.refresh_from_db()
    assert not world.round.is_closed and world.round.closed_reason == ""
    assert Extension.objects.in_force().get().closes_at == ext_closes
    event = AuditEvent.objects.get(action="round.reopened")
    assert event.message == "จังหวัดขอแก้ไข" and event.data["closed_reason"] == "ครบกำหนด"
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert {"district-4801", "district-4802", "district-4701", "director-48", "director-47"} == notified
    with pytest.raises(RoundRefused, match="ยังไม่ได้ปิด"):
        reopen_round(world.round, acting_user=world.dept_admin, reason="x")


def test_reopening_from_the_page(world):
    close_round(world.round, acting_user=world.dept_admin, reason="ครบกำหนด")
    client = world.client_for(world.dept_admin)
    path = f"/rounds/{world.round.fiscal_year}/reopen/"
    assert "reopen-form" in client.get(f"/rounds/{world.round.fiscal_year}/").content.decode()
    refused = client.post(path, {"reopen-reason": ""})
    assert refused.status_code == 400 and "ต้องระบุเหตุผลของการเปิดรอบอีกครั้ง" in refused.content.decode()
    assert world.client_for(world.dept_viewer).post(path, {"reopen-reason": "x"}).status_code == 403
    assert client.post(path, {"reopen-reason": "ขอแก้ไข"}).status_code == 302
    world.round.refresh_from_db()
    assert not world.round.is_closed


# --- the admin is no back door ------------------------------------------------------------------

def test_the_admin_shows_rounds_and_extensions_read_only(world):
    from .helpers import SEP_22, extend

    ext = extend(world, SEP_22)
    client = world.client_for(world.dept_admin)
    change = f"/admin/rounds/round/{world.round.pk}/change/"
    page = client.get(change)
    assert page.status_code == 200 and f"/rounds/{world.round.fiscal_year}/" in page.content.decode()
    before = world.round.entry_closes_at
    assert client.post(change, {"title": "แก้ในหน้าผู้ดูแล", "entry_closes_at_0": "2026-09-20"}).status_code == 403
    assert client.post("/admin/rounds/round/add/", {"fiscal_year": 2570}).status_code == 403
    assert client.post(f"/admin/rounds/extension/{ext.pk}/change/", {"reason": "x"}).status_code == 403
    assert client.post("/admin/rounds/round/", {"action": "delete_selected",
                                                "_selected_action": [world.round.pk]}).status_code in (200, 302, 403)
    world.round.refresh_from_db()
    assert world.round.entry_closes_at == before and world.round.title != "แก้ในหน้าผู้ดูแล"
    assert Round.objects.filter(pk=world.round.pk).exists() and not Round.objects.filter(fiscal_year=2570).exists()
    assert client.get("/admin/rounds/extension/").status_code == 200


def test_the_round_list_uses_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    from wts.review.tests.helpers import previous_round

    previous_round(world, 2567)
    previous_round(world, 2568)
    client = world.client_for(world.dept_admin)
    with django_assert_max_num_queries(10):
        assert client.get("/rounds/").status_code == 200
    assert world.client_for(world.director).get("/rounds/").status_code == 403
