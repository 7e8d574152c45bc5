import pytest
from django.test import Client

from wts.workflow.actions import return_report, submit_report
from wts.workflow.models import DistrictReport, ReportState, ReturnRequest, ValueComment

from .helpers import DURING_CONFIRM, area, fill, item, previous_round, reload, submitted

pytestmark = pytest.mark.usefixtures("during_entry")


def province_url(world, code="48"):
    return f"/review/{world.round.fiscal_year}/province/{code}/"


def district_url(world, code="4801", suffix=""):
    return f"/review/{world.round.fiscal_year}/district/{code}/{suffix}"


@pytest.fixture
def confirming(world, time_machine):
    report = submitted(world)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    return report


def test_the_director_lands_on_the_province_page(world):
    response = world.client_for(world.director).get("/review/")
    assert response.status_code == 302 and response.url == province_url(world)


def test_the_province_page_lists_the_districts_with_their_state(world, confirming):
    body = world.client_for(world.director).get(province_url(world)).content.decode()
    assert "อำเภอเมืองนครพนม" in body and "อำเภอปลาปาก" in body
    assert "ส่งแล้ว รอการยืนยัน" in body
    assert f'name="report" value="{confirming.pk}"' in body
    assert "อำเภอเมืองสกลนคร" not in body


def test_review_pages_are_scoped(world, confirming):
    assert world.client_for(world.director_sk).get(province_url(world)).status_code == 404
    assert world.client_for(world.director_sk).get(district_url(world)).status_code == 404
    assert world.client_for(world.officer).get(province_url(world)).status_code == 403
    assert world.client_for(world.officer).get(district_url(world)).status_code == 403
    assert world.client_for(world.dept_viewer).get(district_url(world)).status_code == 200
    assert world.client_for(world.provadmin).get(district_url(world)).status_code == 200
    assert world.client_for(world.director).post(province_url(world)).status_code == 405
    assert world.client_for(world.director).get(district_url(world, suffix="confirm/")).status_code == 405
    assert Client().get(district_url(world)).status_code == 302


def test_viewers_see_the_data_without_the_review_buttons(world, confirming):
    body = world.client_for(world.dept_viewer).get(district_url(world)).content.decode()
    assert "confirm-button" not in body and "return-form" not in body


@pytest.mark.parametrize("role", ["dept_admin", "dept_viewer", "provadmin", "officer"])
def test_wrong_roles_cannot_confirm_or_return_through_the_page(world, confirming, role):
    client = world.client_for(getattr(world, role))
    assert client.post(district_url(world, suffix="confirm/")).status_code == 403
    assert client.post(district_url(world, suffix="return/"), {"reason": "x"}).status_code == 403
    assert reload(confirming).state == ReportState.SUBMITTED


def test_a_neighbouring_director_gets_404_on_every_action(world, confirming):
    client = world.client_for(world.director_sk)
    for suffix in ("confirm/", "return/", "comment/", "reopen/"):
        assert client.post(district_url(world, suffix=suffix), {"reason": "x"}).status_code == 404
    assert client.post(province_url(world) + "confirm/", {"report": confirming.pk}).status_code == 404


def test_the_district_page_shows_values_previous_round_median_and_flags(world, time_machine):
    previous_round(world, confirmed_values={world.np_mueang: {"1.01": 4000}})
    fill(world, world.np_pla_pak, world.officer_np2, values={"1.01": 30})
    report = fill(world, world.np_mueang, world.officer, values={"1.01": 9876})
    submit_report(report, acting_user=world.officer)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    body = world.client_for(world.director).get(district_url(world)).content.decode()
    assert "9,876" in body  # this round
    assert "4,000" in body  # previous round
    assert "4,953" in body  # province median of 9,876 and 30
    assert "+147%" in body  # flag against the previous round
    assert "หนังสือราชการรับ-ส่งและดำเนินการ" in body


def test_the_director_confirms_one_district(world, confirming):
    response = world.client_for(world.director).post(district_url(world, suffix="confirm/"))
    assert response.status_code == 302
    assert reload(confirming).state == ReportState.CONFIRMED


def test_return_without_a_reason_is_refused_and_the_marks_are_kept(world, confirming):
    marked = item(world, "3.02")
    response = world.client_for(world.director).post(district_url(world, suffix="return/"),
                                                     {"reason": "", "items": [marked.pk]})
    assert response.status_code == 400
    body = response.content.decode()
    assert "ต้องระบุเหตุผลที่ส่งกลับให้แก้ไข" in body
    assert f'value="{marked.pk}" form="return-form" aria-label="ให้แก้ไขรายการ 3.02" checked' in body
    assert reload(confirming).state == ReportState.SUBMITTED


def test_the_director_returns_with_a_reason_and_marked_items(world, confirming):
    marked = item(world, "3.02")
    response = world.client_for(world.director).post(district_url(world, suffix="return/"),
                                                     {"reason": "ตรวจสอบรายงานการเงินอีกครั้ง", "items": [marked.pk]})
    assert response.status_code == 302
    request = ReturnRequest.objects.get()
    assert (request.reason, list(request.items.all())) == ("ตรวจสอบรายงานการเงินอีกครั้ง", [marked])


def test_after_resubmission_the_director_sees_exactly_what_changed(world, confirming):
    return_report(confirming, acting_user=world.director, reason="แก้ 1.01", item_ids=[item(world).pk])
    from wts.workflow.actions import save_area

    save_area(reload(confirming), area(world), {item(world).pk: 1234}, acting_user=world.officer)
    submit_report(reload(confirming), acting_user=world.officer)
    body = world.client_for(world.director).get(district_url(world)).content.decode()
    assert "ค่าที่เปลี่ยนแปลงตั้งแต่ส่งกลับ" in body
    changes = body.split('id="changes-since-return"')[1].split("</table>")[0]
    assert "1.01" in changes and "1,234" in changes and ">10<" in changes
    assert "1.02" not in changes
    province_body = world.client_for(world.director).get(province_url(world)).content.decode()
    assert "แก้ไขแล้วส่งใหม่" in province_body


def test_bulk_confirmation_from_the_province_page(world, time_machine):
    first = submitted(world)
    second = submitted(world, world.np_pla_pak, world.officer_np2)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    response = world.client_for(world.director).post(province_url(world) + "confirm/", {"report": [first.pk, second.pk]})
    assert response.status_code == 302
    assert set(DistrictReport.objects.values_list("state", flat=True)) == {ReportState.CONFIRMED}


def test_bulk_confirmation_cannot_reach_another_province(world, time_machine):
    other = submitted(world, world.sk_mueang, world.officer_sk)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    response = world.client_for(world.director).post(province_url(world) + "confirm/", {"report": [other.pk]})
    assert response.status_code == 404
    assert reload(other).state == ReportState.SUBMITTED


def test_the_director_comments_on_a_value_and_the_district_sees_it(world, confirming):
    target = item(world, "2.01")
    response = world.client_for(world.director).post(district_url(world, suffix="comment/"),
                                                     {"item": target.pk, "text": "ขอเอกสารประกอบ"})
    assert response.status_code == 302
    assert ValueComment.objects.get().text == "ขอเอกสารประกอบ"
    return_report(confirming, acting_user=world.director, reason="ดูความเห็น")
    body = world.client_for(world.officer).get("/entry/").content.decode()
    assert "ขอเอกสารประกอบ" in body
    area_body = world.client_for(world.officer).get(f"/entry/{world.round.fiscal_year}/area/2/").content.decode()
    assert "ขอเอกสารประกอบ" in area_body


def test_an_empty_comment_is_refused_with_a_thai_message(world, confirming):
    response = world.client_for(world.director).post(district_url(world, suffix="comment/"),
                                                     {"item": item(world).pk, "text": ""})
    assert response.status_code == 400
    assert "กรุณาพิมพ์ความเห็น" in response.content.decode()


def test_the_department_reopens_one_area_from_the_page(world, confirming):
    world.client_for(world.director).post(district_url(world, suffix="confirm/"))
    six = area(world, 6)
    assert world.client_for(world.director).post(district_url(world, suffix="reopen/"),
                                                 {"reason": "x"}).status_code == 403
    response = world.client_for(world.dept_admin).post(district_url(world, suffix="reopen/"),
                                                       {"reason": "ทบทวนด้านบุคคล", "area": six.pk})
    assert response.status_code == 302
    report = reload(confirming)
    assert (report.state, report.open_area) == (ReportState.RETURNED, six)
    body = world.client_for(world.officer).get("/entry/").content.decode()
    assert "กรมเปิดให้แก้ไขข้อมูลอีกครั้ง" in body and "ทบทวนด้านบุคคล" in body


def _more_districts(world, time_machine, first_code, count):
    """Submitted districts added to Nakhon Phanom during the entry window, then back to confirmation."""
    from conftest import DURING_ENTRY, make_user
    from wts.accounts.models import Role
    from wts.geography.models import District

    time_machine.move_to(DURING_ENTRY, tick=False)
    for n in range(count):
        code = str(first_code + n)
        d = District.objects.create(code=code, province=world.np, name_th=f"ทดสอบ{code}", name_en=f"T{code}",
                                    municipality_count=2, sao_count=5 + n)
        officer = make_user(f"district-{code}", Role.DISTRICT_OFFICER, district=d)
        submit_report(fill(world, d, officer, value=5 + n), acting_user=officer)
    time_machine.move_to(DURING_CONFIRM, tick=False)


def test_review_pages_do_not_grow_with_the_number_of_districts(world, time_machine, django_assert_max_num_queries):
    submitted(world)
    _more_districts(world, time_machine, 4860, 2)
    client = world.client_for(world.director)
    with django_assert_max_num_queries(18) as small_province:
        assert client.get(province_url(world)).status_code == 200
    with django_assert_max_num_queries(26) as small_district:
        assert client.get(district_url(world)).status_code == 200
    _more_districts(world, time_machine, 4870, 6)
    with django_assert_max_num_queries(len(small_province.captured_queries)):
        assert client.get(province_url(world)).status_code == 200
    with django_assert_max_num_queries(len(small_district.captured_queries)):
        assert client.get(district_url(world)).status_code == 200


def test_the_department_sees_each_provinces_review_progress(world, time_machine, django_assert_max_num_queries):
    submitted(world)
    submitted(world, world.sk_mueang, world.officer_sk)
    submitted(world, world.sk_kusuman, make_officer(world.sk_kusuman))
    client = world.client_for(world.dept_viewer)
    with django_assert_max_num_queries(10):
        response = client.get("/review/")
    body = response.content.decode()
    row = body.split('data-province="47"')[1].split("</tr>")[0]
    assert [cell.split("<")[0] for cell in row.split('class="num">')[1:]] == ["2", "2", "0", "0"]
    assert world.client_for(world.officer).get("/review/").status_code == 403


def make_officer(district):
    from conftest import make_user
    from wts.accounts.models import Role

    return make_user(f"district-{district.code}", Role.DISTRICT_OFFICER, district=district)


def test_the_district_answers_a_comment_and_the_director_sees_the_answer(world, confirming):
    target = item(world, "2.01")
    world.client_for(world.director).post(district_url(world, suffix="comment/"), {"item": target.pk, "text": "ที่มา?"})
    home = world.client_for(world.officer).get("/entry/").content.decode()
    assert "ตอบความเห็น" in home
    response = world.client_for(world.officer).post(district_url(world, suffix="comment/"),
                                                    {"item": target.pk, "text": "ตามทะเบียนรับเรื่อง"})
    assert response.status_code == 302 and response.url == f"/entry/{world.round.fiscal_year}/area/2/"
    body = world.client_for(world.director).get(district_url(world)).content.decode()
    assert "ตามทะเบียนรับเรื่อง" in body
    assert world.client_for(world.officer_np2).post(district_url(world, suffix="comment/"),
                                                    {"item": target.pk, "text": "x"}).status_code == 404
