"""Saving an area from the page (htmx) is one request: the answer is the saved form, or the next
area's form, in place of the old one; refused and invalid saves come back with what was typed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wts.workflow.models import AreaReport, ItemValue

from .helpers import area, form_data, url

pytestmark = pytest.mark.usefixtures("during_entry")

HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/entry/2569/area/1/"}


def base_version_in(body):
    return int(re.search(r'name="base_version" value="(\d+)"', body).group(1))


def test_a_save_from_the_page_answers_with_the_saved_form_and_no_redirect(world):
    a = area(world)
    n = a.items.count()
    client = world.client_for(world.officer)
    response = client.post(url(world), {**form_data(a, ["๑,๒๕๐"] + ["3"] * (n - 1), 0), "save": ""}, headers=HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith("<title>") and 'id="area-panel"' in body and "<html" not in body
    assert "บันทึกข้อมูลด้านที่ 1 แล้ว" in body and "msg-success" in body
    assert 'value="1250"' in body  # the saved value, as the system holds it
    assert base_version_in(body) == 1
    assert AreaReport.objects.get(report__district=world.np_mueang, area=a).version == 1
    # The next save from the same form builds on the version it was given.
    again = client.post(url(world), {**form_data(a, ["1251"] + ["3"] * (n - 1), base_version_in(body)), "save": ""},
                        headers=HTMX)
    assert again.status_code == 200 and base_version_in(again.content.decode()) == 2


def test_save_and_next_answers_with_the_next_area_and_moves_the_address(world):
    a = area(world)
    client = world.client_for(world.officer)
    response = client.post(url(world), {**form_data(a, ["4", "5"], 0), "next": ""}, headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Push-Url"] == url(world, 2)
    body = response.content.decode()
    assert 'data-area="2"' in body and "บันทึกข้อมูลด้านที่ 1 แล้ว" in body
    assert f'hx-post="{url(world, 2)}"' in body
    assert base_version_in(body) == 0


def test_save_and_next_gives_the_next_area_its_current_version(world):
    """The next form's version comes from the save's own read of every area (under its lock): a
    next area saved twice before is offered at version 2, and saving it from there is accepted."""
    first, second = area(world), area(world, 2)
    client = world.client_for(world.officer)
    for version in (0, 1):
        saved = client.post(url(world, 2), {**form_data(second, [str(7 + version)], version), "save": ""}, headers=HTMX)
        assert saved.status_code == 200
    response = client.post(url(world), {**form_data(first, ["4", "5"], 0), "next": ""}, headers=HTMX)
    body = response.content.decode()
    assert 'data-area="2"' in body and base_version_in(body) == 2
    again = client.post(url(world, 2), {**form_data(second, ["9"], base_version_in(body)), "save": ""}, headers=HTMX)
    assert again.status_code == 200 and base_version_in(again.content.decode()) == 3


def test_save_and_next_on_the_last_area_sends_the_whole_page_home(world):
    last = area(world, 8)
    response = world.client_for(world.officer).post(
        url(world, 8), {**form_data(last, ["1"], 0), "next": ""}, headers={**HTMX, "HX-Current-URL": "http://testserver" + url(world, 8)},
    )
    assert response.status_code == 204 and response["HX-Redirect"] == "/entry/"
    assert ItemValue.objects.filter(report__district=world.np_mueang, item__area=last).count() == 1


def test_a_bad_value_comes_back_in_place_with_what_was_typed_and_marked_unsaved(world):
    a = area(world)
    response = world.client_for(world.officer).post(url(world), {**form_data(a, ["๑๒", "-4"], 0), "save": ""},
                                                    headers=HTMX)
    assert response.status_code == 400
    body = response.content.decode()
    assert "ต้องไม่ติดลบ" in body and 'value="๑๒"' in body and 'value="-4"' in body
    assert "data-dirty" in body  # leaving the page still warns: nothing was saved
    assert ItemValue.objects.count() == 0


def test_a_stale_save_comes_back_in_place_with_the_colleagues_values(world):
    a = area(world)
    client = world.client_for(world.officer)
    client.post(url(world), form_data(a, ["10", "20"], 0), headers=HTMX)
    response = client.post(url(world), {**form_data(a, ["11", "21"], 0), "save": ""}, headers=HTMX)
    assert response.status_code == 409
    body = response.content.decode()
    assert "มีผู้อื่นบันทึกด้านนี้" in body and 'value="11"' in body and "data-dirty" in body
    assert base_version_in(body) == 1  # saving again overrides on purpose


def test_a_save_after_the_deadline_is_refused_in_place(world, time_machine):
    a = area(world)
    time_machine.move_to(world.round.entry_closes_at + (world.round.confirm_opens_at - world.round.entry_closes_at) / 2)
    client = world.client_for(world.officer)
    response = client.post(url(world), {**form_data(a, ["10", "20"], 0), "save": ""}, headers=HTMX)
    assert response.status_code == 403
    assert "พ้นกำหนดบันทึกข้อมูลแล้ว" in response.content.decode()
    assert ItemValue.objects.count() == 0


def test_a_save_in_place_runs_a_fixed_number_of_queries(world):
    """The deadline-day hot path: session, user, district, the area with its items, then under
    the report's lock (the lock's read is the report's only read) its deadlines, area statuses,
    values, the writes and the audit; then the area links and the soft warnings shown after the
    save (issue 15) in one query: the peers' values with their sizes, and the previous round's."""
    a = area(world)
    n = a.items.count()
    client = world.client_for(world.officer)
    client.post(url(world), {**form_data(a, ["1"] * n, 0), "save": ""}, headers=HTMX)  # the report exists now
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(url(world), {**form_data(a, ["2"] * n, 1), "save": ""}, headers=HTMX)
    assert response.status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    assert not any("django_session" in q and not q.startswith("SELECT") for q in sql)  # no session write
    assert sum(1 for q in sql if q.startswith(("INSERT", "UPDATE"))) == 4  # values, audit, area, report
    assert len(sql) <= 16, "\n".join(sql)


def test_a_save_that_changes_nothing_says_so_without_claiming_a_save(world):
    a = area(world)
    client = world.client_for(world.officer)
    client.post(url(world), {**form_data(a, ["4", "5"], 0), "save": ""}, headers=HTMX)
    response = client.post(url(world), {**form_data(a, ["4", "5"], 1), "save": ""}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "ไม่มีค่าที่เปลี่ยนแปลง" in body
    assert "msg-info" in body and "msg-success" not in body
    assert AreaReport.objects.get(report__district=world.np_mueang, area=a).version == 1


def _similar_size_peers(world, values):
    """Districts of the officer's size in its province, each with the given value of item 1.01."""
    from conftest import make_user
    from wts.accounts.models import Role
    from wts.geography.models import District
    from wts.review.tests.helpers import fill

    size = world.np_mueang.pao_count + world.np_mueang.municipality_count + world.np_mueang.sao_count
    for n, value in enumerate(values):
        d = District.objects.create(code=f"48{50 + n}", province=world.np, name_th=f"อำเภอทดสอบ{n}", name_en=f"T{n}",
                                    sao_count=size)
        fill(world, d, make_user(f"district-48{50 + n}", Role.DISTRICT_OFFICER, district=d), values={"1.01": value})


def test_soft_warnings_from_last_round_and_from_peers_keep_the_save_within_the_same_budget(world):
    """The query count must not depend on there being a previous round or peers to compare with."""
    from wts.review.tests.helpers import previous_round

    previous_round(world, 2567, confirmed_values={world.np_mueang: {"1.01": 1}})
    previous_round(world, 2568, confirmed_values={world.np_mueang: {"1.01": 15}})  # the one compared with
    _similar_size_peers(world, [100, 101, 102, 103, 104, 105])
    a = area(world)
    n = a.items.count()
    client = world.client_for(world.officer)
    client.post(url(world), {**form_data(a, ["1"] * n, 0), "save": ""}, headers=HTMX)
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(url(world), {**form_data(a, ["2000"] + ["2"] * (n - 1), 1), "save": ""}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and 'id="soft-warnings"' in body
    assert "15 → 2,000" in body and "สูงกว่าอำเภอขนาดใกล้เคียงมาก" in body
    sql = [q["sql"] for q in ctx.captured_queries]
    assert len(sql) <= 16, "\n".join(sql)


def test_the_area_page_with_soft_warnings_reads_no_more_than_before_them(world):
    """Ten queries, as before issue 15: the area's version comes with the report, the warnings in one query."""
    from wts.review.tests.helpers import previous_round

    previous_round(world, confirmed_values={world.np_mueang: {"1.01": 15}})
    _similar_size_peers(world, [100, 101, 102, 103, 104, 105])
    a = area(world)
    client = world.client_for(world.officer)
    client.post(url(world), {**form_data(a, ["2000", "2"], 0), "save": ""}, headers=HTMX)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url(world))
    body = response.content.decode()
    assert response.status_code == 200 and "รอบก่อน: 15" in body and "15 → 2,000" in body
    assert base_version_in(body) == 1
    sql = [q["sql"] for q in ctx.captured_queries]
    assert len(sql) <= 10, "\n".join(sql)


def test_a_first_save_creates_the_report_and_a_refused_first_save_leaves_none(world, time_machine):
    """The page no longer reads the report before saving: the save finds it under its lock, or
    creates it on the district's first save, and only when the save is allowed."""
    import datetime as dt

    from wts.workflow.models import DistrictReport

    a = area(world)
    client = world.client_for(world.officer)
    for version, raw in enumerate(["1", "3"]):
        response = client.post(url(world), {**form_data(a, [raw, "2"], version), "save": ""}, headers=HTMX)
        assert response.status_code == 200 and base_version_in(response.content.decode()) == version + 1
    assert DistrictReport.objects.filter(district=world.np_mueang).count() == 1
    time_machine.move_to(world.round.entry_closes_at + dt.timedelta(hours=1), tick=False)
    late = world.client_for(world.officer_np2)
    response = late.post(url(world), {**form_data(a, ["7", "8"], 0), "save": ""}, headers=HTMX)
    assert response.status_code == 403 and 'value="7"' in response.content.decode()
    assert not DistrictReport.objects.filter(district=world.np_pla_pak).exists()
