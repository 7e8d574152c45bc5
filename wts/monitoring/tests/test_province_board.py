import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from wts.audit.models import AuditEvent
from wts.geography.models import District
from wts.monitoring.models import Reminder, ReminderKind
from wts.notifications.models import Notification
from wts.workflow.models import ReportState

from .helpers import record, submitted

pytestmark = pytest.mark.django_db


def board(code="48"):
    return reverse("monitoring:province_board", args=[code])


def remind(code="48"):
    return reverse("monitoring:province_remind", args=[code])


def test_director_and_provincial_admin_see_their_districts_by_area(world):
    record(world.round, world.np_mueang, complete=2, partial=1, by=world.officer)
    for user in (world.director, world.provadmin):
        response = world.client_for(user).get(board())
        assert response.status_code == 200
        body = response.content.decode()
        assert "อำเภอเมืองนครพนม" in body and "อำเภอปลาปาก" in body
        assert "ด้าน 8" in body
        assert world.officer.display_name in body  # who changed it last


def test_director_of_another_province_gets_404(world):
    assert world.client_for(world.director_sk).get(board("48")).status_code == 404


def test_department_drills_down_to_any_province(world):
    assert world.client_for(world.dept_viewer).get(board("47")).status_code == 200


def test_district_officer_gets_403(world):
    assert world.client_for(world.officer).get(board("48")).status_code == 403


def test_anonymous_is_sent_to_login():
    assert Client().get(board()).status_code == 302


def test_wrong_methods_are_405(world):
    client = world.client_for(world.director)
    assert client.post(board()).status_code == 405
    assert client.get(remind()).status_code == 405


def test_board_shows_days_to_each_deadline_and_review_state(world, during_entry):
    submitted(world.round, world.np_pla_pak)
    response = world.client_for(world.director).get(board())
    rows = {r.district.code: r for r in response.context["status"].rows}
    assert rows["4801"].entry_days_left == 14  # 1 Sep → 15 Sep
    assert rows["4801"].confirm_days_left == 24
    assert rows["4802"].state == ReportState.SUBMITTED
    assert "ส่งแล้ว รอการยืนยัน" in response.content.decode()


def test_sending_a_reminder_notifies_the_officers_and_shows_on_the_board(world, during_entry, django_capture_on_commit_callbacks):
    world.officer.email = "officer@example.go.th"
    world.officer.save()
    client = world.client_for(world.director)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remind(), {"districts": ["4801"], "message": "กรุณาบันทึกด้านที่ 3 ให้ครบ"})
    assert response.status_code == 302
    reminder = Reminder.objects.get()
    assert (reminder.district, reminder.kind, reminder.sent_by) == (world.np_mueang, ReminderKind.MANUAL, world.director)
    assert list(reminder.recipients.all()) == [world.officer]
    note = Notification.objects.get(user=world.officer)
    assert note.kind == "reminder" and note.body == "กรุณาบันทึกด้านที่ 3 ให้ครบ"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["officer@example.go.th"]
    assert AuditEvent.objects.filter(action="reminder.sent", district=world.np_mueang, actor=world.director).count() == 1
    page = client.get(board())
    row = next(r for r in page.context["status"].rows if r.district == world.np_mueang)
    assert row.last_reminder == reminder
    assert "กรุณาบันทึกด้านที่ 3 ให้ครบ" in page.content.decode()


def test_a_reminder_for_a_district_of_another_province_is_refused_and_nothing_is_sent(world):
    response = world.client_for(world.director).post(remind(), {"districts": ["4701"], "message": "เร่งด่วน"})
    assert response.status_code == 400
    assert "อำเภอที่เลือกส่งข้อมูลแล้ว หรือไม่อยู่ในจังหวัดนี้" in response.content.decode()
    assert "เร่งด่วน" in response.content.decode()  # what the user typed is kept
    assert not Reminder.objects.exists() and not Notification.objects.exists()


def test_a_reminder_without_districts_or_message_explains_in_thai(world):
    response = world.client_for(world.director).post(remind(), {"message": "  "})
    assert response.status_code == 400
    body = response.content.decode()
    assert "กรุณาเลือกอำเภอที่ต้องการแจ้งเตือนอย่างน้อย 1 อำเภอ" in body
    assert "กรุณาระบุข้อความแจ้งเตือน" in body


def test_a_district_that_has_submitted_cannot_be_reminded(world):
    submitted(world.round, world.np_pla_pak)
    client = world.client_for(world.director)
    page = client.get(board()).content.decode()
    assert 'name="districts" value="4801"' in page and 'name="districts" value="4802"' not in page
    response = client.post(remind(), {"districts": ["4802"], "message": "x"})
    assert response.status_code == 400
    assert not Reminder.objects.exists()


def test_viewer_cannot_send_reminders(world):
    response = world.client_for(world.dept_viewer).post(remind(), {"districts": ["4801"], "message": "x"})
    assert response.status_code == 403
    assert not Reminder.objects.exists()


def test_neighbour_director_cannot_send_reminders_to_another_province(world):
    response = world.client_for(world.director_sk).post(remind("48"), {"districts": ["4801"], "message": "x"})
    assert response.status_code == 404


def test_district_detail_shows_areas_and_history(world):
    record(world.round, world.np_mueang, complete=1, by=world.officer)
    AuditEvent.record("value.changed", actor=world.officer, district=world.np_mueang, round=world.round,
                      old_value="", new_value="12")
    client = world.client_for(world.director)
    response = client.get(reverse("monitoring:district_detail", args=["4801"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "แก้ไขค่าปริมาณงาน" in body and world.officer.display_name in body
    assert client.get(reverse("monitoring:district_detail", args=["4701"])).status_code == 404
    assert client.post(reverse("monitoring:district_detail", args=["4801"])).status_code == 405


def test_query_count_does_not_grow_with_districts(world, django_assert_max_num_queries):
    client = world.client_for(world.director)
    client.get(board())
    with django_assert_max_num_queries(30) as small:
        client.get(board())
    for d in range(3, 30):
        district = District.objects.create(code=f"48{d:02d}", province=world.np, name_th=f"อำเภอ{d}", name_en="x")
        record(world.round, district, complete=d % 8, partial=1, by=world.officer)
        Reminder.objects.create(round=world.round, province=world.np, district=district, kind=ReminderKind.MANUAL,
                                window="entry",
                                deadline_at=world.round.entry_closes_at, sent_by=world.director)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(board())
    assert len(response.context["status"].rows) == 29


def test_late_districts_show_how_many_days_late(world, time_machine):
    import datetime as dt

    from wts.lib.thai import BANGKOK

    submitted(world.round, world.np_pla_pak)
    time_machine.move_to(dt.datetime(2026, 9, 17, 9, 0, tzinfo=BANGKOK), tick=False)
    response = world.client_for(world.director).get(board())
    body = response.content.decode()
    assert "เลยกำหนด 2 วัน" in body  # 4801, entry closed 15 Sep
    assert "ดำเนินการแล้ว" in body  # 4802 submitted
    assert response.context["late_count"] == 1


def test_reminding_a_district_without_an_account_warns_the_sender(world):
    world.officer_np2.is_active = False
    world.officer_np2.save()
    response = world.client_for(world.director).post(remind(), {"districts": ["4802"], "message": "x"}, follow=True)
    body = response.content.decode()
    assert "ยังไม่มีบัญชีผู้ใช้ที่ใช้งานได้" in body and "อำเภอปลาปาก" in body
    assert Reminder.objects.get().recipients.count() == 0
