import pytest
from django.test import Client
from django.urls import reverse

from wts.geography.models import District, Province

from .helpers import record, submitted

pytestmark = pytest.mark.django_db
URL = reverse("monitoring:national_board")


def test_department_admin_and_viewer_see_every_province(world):
    record(world.round, world.np_mueang, partial=2)
    for user in (world.dept_admin, world.dept_viewer):
        response = world.client_for(user).get(URL)
        assert response.status_code == 200
        body = response.content.decode()
        assert "นครพนม" in body and "สกลนคร" in body
        assert "อยู่ระหว่างการบันทึก" in body


def test_province_and_district_roles_get_403(world):
    for user in (world.director, world.provadmin, world.officer):
        assert world.client_for(user).get(URL).status_code == 403


def test_anonymous_is_sent_to_login():
    response = Client().get(URL)
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_post_is_405(world):
    assert world.client_for(world.dept_admin).post(URL).status_code == 405


def test_filter_by_class_and_search(world):
    record(world.round, world.np_mueang, partial=1)
    client = world.client_for(world.dept_admin)
    rows = client.get(URL, {"status": "in_progress"}).context["rows"]
    assert [r.province.code for r in rows] == ["48"]
    rows = client.get(URL, {"status": "not_started"}).context["rows"]
    assert [r.province.code for r in rows] == ["47"]
    rows = client.get(URL, {"q": "สกล"}).context["rows"]
    assert [r.province.code for r in rows] == ["47"]


def test_sort_by_progress_puts_the_furthest_first_and_lagging_last(world):
    submitted(world.round, world.sk_mueang)
    submitted(world.round, world.sk_kusuman)
    client = world.client_for(world.dept_admin)
    assert [r.province.code for r in client.get(URL, {"sort": "progress"}).context["rows"]] == ["47", "48"]
    assert [r.province.code for r in client.get(URL, {"sort": "lagging"}).context["rows"]] == ["48", "47"]
    assert [r.province.code for r in client.get(URL, {"sort": "nonsense"}).context["rows"]] == ["48", "47"]


def test_unknown_round_is_404_and_bad_round_is_404(world):
    client = world.client_for(world.dept_admin)
    assert client.get(URL, {"round": "2400"}).status_code == 404
    assert client.get(URL, {"round": "abc"}).status_code == 404


def test_board_links_each_province_to_its_board(world):
    body = world.client_for(world.dept_admin).get(URL).content.decode()
    assert reverse("monitoring:province_board", args=["48"]) in body


def test_the_chart_data_is_embedded_as_json_not_script(world):
    submitted(world.round, world.np_mueang)
    response = world.client_for(world.dept_admin).get(URL)
    body = response.content.decode()
    assert '<script id="progress-data" type="application/json">' in body
    chart = response.context["chart"]
    assert [d["key"] for d in chart["datasets"]] == ["recorded", "submitted", "confirmed"]
    assert chart["datasets"][1]["data"][-1] == 1
    assert chart["datasets"][0]["data"][-1] == 8


def test_query_count_does_not_grow_with_provinces_and_districts(world, django_assert_max_num_queries):
    client = world.client_for(world.dept_admin)
    client.get(URL)  # warm the session and the content types
    with django_assert_max_num_queries(16) as small:
        client.get(URL)
    for p in range(10, 40):
        province = Province.objects.create(code=str(p), name_th=f"จังหวัด{p}", name_en=f"P{p}")
        for d in range(1, 6):
            district = District.objects.create(code=f"{p}{d:02d}", province=province, name_th=f"อำเภอ{p}{d}", name_en="x")
            record(world.round, district, complete=d % 3, partial=1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert len(response.context["rows"]) == 32


REMIND = reverse("monitoring:national_remind")


def test_department_admin_reminds_late_provinces_and_the_board_shows_when(world, django_capture_on_commit_callbacks):
    from wts.audit.models import AuditEvent
    from wts.monitoring.models import Reminder
    from wts.notifications.models import Notification

    world.director.email = "director48@example.go.th"
    world.director.save()
    client = world.client_for(world.dept_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REMIND, {"provinces": ["48"], "message": "โปรดเร่งรัดอำเภอในจังหวัด"})
    assert response.status_code == 302
    reminder = Reminder.objects.get()
    assert (reminder.province, reminder.district, reminder.sent_by) == (world.np, None, world.dept_admin)
    assert set(reminder.recipients.all()) == {world.director, world.provadmin}
    assert Notification.objects.filter(user=world.director, body="โปรดเร่งรัดอำเภอในจังหวัด").exists()
    assert not Notification.objects.filter(user=world.director_sk).exists()
    from django.core import mail

    assert [m.to for m in mail.outbox] == [["director48@example.go.th"]]
    assert AuditEvent.objects.filter(action="reminder.sent", province=world.np, district=None).count() == 1
    row = next(r for r in client.get(URL).context["rows"] if r.province == world.np)
    assert row.last_reminder == reminder


def test_a_complete_province_cannot_be_reminded_and_the_input_is_kept(world):
    from wts.monitoring.models import Reminder

    submitted(world.round, world.np_mueang)
    submitted(world.round, world.np_pla_pak)
    response = world.client_for(world.dept_admin).post(REMIND, {"provinces": ["48"], "message": "ข้อความทดสอบ"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "จังหวัดที่เลือกบันทึกข้อมูลครบแล้ว" in body and "ข้อความทดสอบ" in body
    assert not Reminder.objects.exists()


def test_only_the_department_admin_reminds_provinces(world):
    for user in (world.dept_viewer, world.director, world.officer):
        assert world.client_for(user).post(REMIND, {"provinces": ["48"], "message": "x"}).status_code == 403
    assert world.client_for(world.dept_admin).get(REMIND).status_code == 405
    body = world.client_for(world.dept_viewer).get(URL).content.decode()
    assert 'name="provinces"' not in body
