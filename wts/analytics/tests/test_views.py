import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import make_user
from wts.accounts.models import Role
from wts.geography.models import District
from wts.workflow.models import ReportState

from .helpers import make_round, record, set_minutes

PAGES = ["provinces", "regions", "districts", "areas", "per-lgo", "flags"]


@pytest.fixture
def data(world):
    previous = make_round(2568)
    for r in (previous, world.round):
        set_minutes(r, {"1.01": 30, "2.01": 120})
    record(previous, world.np_mueang, {"1.01": 2760})
    record(world.round, world.np_mueang, {"1.01": 2760})  # 1 FTE in both rounds
    record(world.round, world.np_pla_pak, {"1.01": 27600}, state=ReportState.SUBMITTED)  # 10 FTE, not confirmed
    record(world.round, world.sk_mueang, {"2.01": 1380})  # 2 FTE
    return world


def get(world, user, path):
    return world.client_for(user).get(path)


@pytest.mark.parametrize("slug", PAGES)
def test_every_page_answers_for_the_department(data, slug):
    for user in (data.dept_admin, data.dept_viewer):
        response = get(data, user, f"/analytics/{slug}/")
        assert response.status_code == 200, slug
        body = response.content.decode()
        assert "คำนวณเมื่อ" in body


def test_department_sees_the_national_fte_table_with_what_it_was_computed_from(data):
    body = get(data, data.dept_viewer, "/analytics/").content.decode()
    assert "นครพนม" in body and "สกลนคร" in body
    assert "เฉพาะข้อมูลที่ยืนยันแล้ว (3 รายงาน)" in body
    assert "เฉลี่ยปริมาณงาน 3 รอบ (ปีงบประมาณ 2569, 2568) มีข้อมูลเพียง 2 รอบ" in body
    assert "ชั่วโมงทำงานที่เกิดผล 1,380 ชั่วโมงต่อคนต่อปี" in body and "(CAF) 1.000" in body
    assert ">3.00<" in body  # national FTE: Mueang Nakhon Phanom 1 + Mueang Sakon Nakhon 2


def test_including_unconfirmed_data_is_clearly_marked(data):
    body = get(data, data.dept_viewer, "/analytics/districts/?include_unconfirmed=on").content.decode()
    assert "ผลนี้รวมข้อมูลที่ยังไม่ได้รับการยืนยัน" in body
    assert "รวมข้อมูลที่ยังไม่ยืนยัน: 1 จาก 4 รายงาน" in body
    assert "an-row-unconfirmed" in body and "10.00" in body
    confirmed_only = get(data, data.dept_viewer, "/analytics/districts/").content.decode()
    assert "ผลนี้รวมข้อมูลที่ยังไม่ได้รับการยืนยัน" not in confirmed_only
    assert "10.00" not in confirmed_only


def test_director_sees_only_the_own_province(data):
    body = get(data, data.director, "/analytics/districts/").content.decode()
    assert "เมืองนครพนม" in body
    assert "เมืองสกลนคร" not in body
    assert "จังหวัดนครพนม" in body
    assert get(data, data.provadmin, "/analytics/provinces/").status_code == 200


def test_director_of_another_province_gets_404(data):
    assert get(data, data.director_sk, "/analytics/districts/?province=48").status_code == 404
    assert get(data, data.director_sk, "/analytics/districts.xlsx?province=48").status_code == 404
    assert get(data, data.director_sk, "/analytics/districts/?province=47").status_code == 200


def test_district_officer_gets_403(data):
    assert get(data, data.officer, "/analytics/").status_code == 403
    assert get(data, data.officer, "/analytics/flags.pdf").status_code == 403


def test_anonymous_is_sent_to_login(data):
    from django.test import Client

    response = Client().get("/analytics/districts/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_wrong_method_gets_405(data):
    client = data.client_for(data.dept_admin)
    assert client.post("/analytics/").status_code == 405
    assert client.post("/analytics/provinces.xlsx").status_code == 405


def test_unknown_page_or_export_type_is_404(data):
    assert get(data, data.dept_admin, "/analytics/nonsense/").status_code == 404
    assert get(data, data.dept_admin, "/analytics/provinces.docx").status_code == 404


def test_bad_filters_get_a_thai_message_and_keep_what_was_typed(data):
    response = get(data, data.dept_admin, "/analytics/?averaging=สาม&size=huge&round=2400")
    assert response.status_code == 400
    body = response.content.decode()
    assert "กรุณากรอกจำนวนเต็ม" in body and "ไม่มีขนาดนี้" in body and "ไม่มีรอบนี้" in body
    assert 'value="สาม"' in body
    too_many = get(data, data.dept_admin, "/analytics/?averaging=11")
    assert too_many.status_code == 400 and "ไม่เกิน 10 รอบ" in too_many.content.decode()


def test_filters_by_region_province_and_size(data):
    client = data.client_for(data.dept_admin)
    body = client.get("/analytics/districts/?province=47").content.decode()
    assert "เมืองสกลนคร" in body and "เมืองนครพนม" not in body
    body = client.get("/analytics/districts/?region=south").content.decode()
    assert "เมืองสกลนคร" not in body and "ภาคใต้" in body
    District.objects.filter(pk=data.np_mueang.pk).update(sao_count=30)
    body = client.get("/analytics/districts/?size=xl").content.decode()
    assert "เมืองนครพนม" in body and "เมืองสกลนคร" not in body


def test_averaging_and_round_can_be_chosen(data):
    body = get(data, data.dept_admin, "/analytics/?round=2568&averaging=1").content.decode()
    assert "เฉลี่ยปริมาณงาน 1 รอบ (ปีงบประมาณ 2568)" in body
    assert ">1.00<" in body


def test_flags_page_lists_values_to_check_with_a_link_to_the_district(data):
    record(data.round, data.np_mueang, {"1.01": 9000})  # was 2,760 in 2568
    body = get(data, data.director, "/analytics/flags/").content.decode()
    assert "+226%" in body and "2,760" in body
    assert "/entry/2569/district/4801/" in body


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("slug", PAGES)
def test_queries_do_not_grow_with_the_number_of_districts(data, slug, django_assert_max_num_queries):
    client = data.client_for(data.dept_admin)
    path = f"/analytics/{slug}/?include_unconfirmed=on"
    few = _queries(client, path)
    for i in range(10, 30):
        d = District.objects.create(code=f"48{i}", province=data.np, name_th=f"อำเภอ{i}", name_en=f"D{i}", sao_count=i)
        record(data.round, d, {"1.01": 100 * i, "2.01": i})
    with django_assert_max_num_queries(few):
        client.get(path)
    with django_assert_max_num_queries(20):
        client.get(path)


def test_before_any_round_the_page_says_so_and_an_export_is_404(db, client):
    client.force_login(make_user("dla-admin", Role.DEPARTMENT_ADMIN))
    response = client.get("/analytics/")
    assert response.status_code == 200
    assert "ยังไม่มีรอบการรายงาน" in response.content.decode()
    assert client.get("/analytics/provinces.xlsx").status_code == 404


def test_a_round_nobody_has_confirmed_yet_shows_districts_without_data(world):
    body = get(world, world.dept_admin, "/analytics/districts/").content.decode()
    assert "ไม่มีข้อมูลที่นับได้" in body
    assert "เฉพาะข้อมูลที่ยืนยันแล้ว (0 รายงาน)" in body


def test_ranking_is_chosen_on_the_districts_page_only(data):
    client = data.client_for(data.dept_admin)
    body = client.get("/analytics/districts/?ranking=fte").content.decode()
    assert "อำเภอเรียงตามอัตรากำลังที่ต้องการ" in body
    assert 'name="ranking"' not in client.get("/analytics/provinces/").content.decode()
    bad = client.get("/analytics/districts/?ranking=random")
    assert bad.status_code == 400 and "ไม่มีการเรียงลำดับแบบนี้" in bad.content.decode()


def test_averaging_accepts_thai_digits(data):
    body = get(data, data.dept_admin, "/analytics/?averaging=๑").content.decode()
    assert "เฉลี่ยปริมาณงาน 1 รอบ" in body
