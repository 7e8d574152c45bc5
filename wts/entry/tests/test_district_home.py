import pytest

from .helpers import area, form_data, url

pytestmark = pytest.mark.usefixtures("during_entry")


def test_home_shows_round_deadline_days_left_and_progress(world):
    response = world.client_for(world.officer).get("/entry/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "ปีงบประมาณ 2569" in body
    assert "15 ก.ย. 2569" in body
    assert "เหลืออีก 14 วัน" in body
    assert "0/8" in body
    for number in range(1, 9):
        assert url(world, number) in body


def test_progress_counts_complete_areas(world):
    a = area(world)
    client = world.client_for(world.officer)
    client.post(url(world), form_data(a, ["1"] * a.items.count(), 0))
    body = client.get("/entry/").content.decode()
    assert "1/8" in body
    assert "ครบแล้ว" in body
    assert "ท้องถิ่นอำเภอ" in body or "district-4801" in body


def test_the_district_data_page_is_scoped(world):
    path = f"/entry/{world.round.fiscal_year}/district/4801/"
    assert world.client_for(world.officer).get(path).status_code == 200
    assert world.client_for(world.director).get(path).status_code == 200
    assert world.client_for(world.dept_viewer).get(path).status_code == 200
    assert world.client_for(world.officer_np2).get(path).status_code == 404
    assert world.client_for(world.director_sk).get(path).status_code == 404
    assert world.client_for(world.provadmin_sk).get(path).status_code == 404


def test_home_and_area_pages_use_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = world.client_for(world.officer)
    a = area(world)
    client.post(url(world), form_data(a, ["1"] * a.items.count(), 0))
    # session, user, district, round, report, areas, items, area reports, extensions, announcements,
    # earlier rounds, and the session save (savepoint, update, release)
    with django_assert_max_num_queries(14):
        assert client.get("/entry/").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(url(world)).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.post(url(world), form_data(a, ["2"] * a.items.count(), 1)).status_code == 302
