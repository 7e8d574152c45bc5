"""Guard rails: a page's number of queries must not follow the number of districts.

Each page is measured on a small country, then again after a province of 24 districts (with
reports in every round) is added; the count must not change. Pages of province users are also
compared between a director of a 2-district province and one of a 24-district province.
A page that loops over districts with a query each fails here long before it fails in production.
To guard a new page, add a line to PAGES.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from demo.tests.national import build_country, grow_country
from wts.accounts.models import Role, User
from wts.catalog.models import WorkItem
from wts.rounds.models import Round
from wts.workflow.models import EDITABLE_STATES, AreaReport, DistrictReport

pytestmark = pytest.mark.django_db

# (name, persona, path template, most queries allowed); {year} is the open round, {district} a
# district of the persona's province (its own for an officer), {province} the persona's province.
PAGES = [
    ("officer home", "officer", "/entry/", 20),
    ("area form", "officer", "/entry/{year}/area/3/", 20),
    ("own district data", "officer", "/entry/{year}/district/{district}/", 20),
    ("director home", "director", "/", 20),
    ("director: district data", "director", "/entry/{year}/district/{district}/", 20),
    ("director: province review", "director", "/review/{year}/province/{province}/", 30),
    ("director: province board", "director", "/monitoring/province/{province}/", 30),
    ("director: district review", "director", "/review/{year}/district/{district}/", 30),
    ("department home", "department", "/", 20),
    ("department: district data", "department", "/entry/{year}/district/{district}/", 20),
    ("department: national board", "department", "/monitoring/", 30),
    ("department: province board", "department", "/monitoring/province/{province}/", 30),
    ("department: national report xlsx", "department", "/monitoring/report.xlsx", 30),
    ("department: national export csv", "department", "/spreadsheets/{year}/export.csv", 30),
    ("department: analytics", "department", "/analytics/", 30),
]
SMALL_PROVINCE = "48"  # 2 districts
MEDIUM_PROVINCE = "47"  # 6 districts
BIG_PROVINCE = "30"  # 24 districts, added by grow_country


def persona(kind, province_code=MEDIUM_PROVINCE) -> User:
    if kind == "officer":
        round_ = Round.current()
        locked = DistrictReport.objects.filter(round=round_).exclude(state__in=EDITABLE_STATES).values("district")
        return (User.objects.select_related("district__province")
                .filter(role=Role.DISTRICT_OFFICER, district__province__code=province_code)
                .exclude(district__in=locked).order_by("username").first())
    if kind == "director":
        return User.objects.select_related("province").get(username=f"director-{province_code}")
    return User.objects.get(username="dla-viewer")


def path_for(template, user, province_code=MEDIUM_PROVINCE) -> str:
    district = user.district.code if user.district_id else f"{province_code}01"
    return template.format(year=Round.current().fiscal_year, district=district, province=province_code)


def queries_of(user, path, method="get", data=None) -> tuple[int, int]:
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(path, data) if data is not None else getattr(client, method)(path)
        if response.streaming:
            b"".join(response.streaming_content)  # a streamed export queries while it is read
    return response.status_code, len(ctx.captured_queries)


def measure(province_code=MEDIUM_PROVINCE) -> dict:
    results = {}
    for name, kind, template, _limit in PAGES:
        user = persona(kind, province_code)
        results[name] = queries_of(user, path_for(template, user, province_code))
    return results


def test_no_page_runs_more_queries_when_the_country_grows():
    build_country(rounds=3)
    before = measure()
    grow_country()
    after = measure()
    for name, _kind, _template, limit in PAGES:
        assert before[name][0] == 200, f"{name}: HTTP {before[name][0]}"
        assert after[name][1] <= limit, f"{name}: {after[name][1]} queries, at most {limit} allowed"
    grown = {name: (before[name][1], after[name][1]) for name in before if before[name][1] != after[name][1]}
    assert not grown, f"queries grew with the number of districts (before, after): {grown}"


def test_directors_of_a_small_and_a_big_province_run_the_same_queries():
    build_country(rounds=2)
    grow_country()
    small, big = measure(SMALL_PROVINCE), measure(BIG_PROVINCE)
    director_pages = [name for name, kind, _t, _l in PAGES if kind == "director"]
    differ = {name: (small[name][1], big[name][1]) for name in director_pages if small[name][1] != big[name][1]}
    assert not differ, f"queries follow the province's size (2 districts, 24 districts): {differ}"


def test_saving_an_area_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    build_country(rounds=2)
    officer = persona("officer")
    round_ = Round.current()
    items = list(WorkItem.objects.filter(area__round=round_, area__number=2).order_by("order"))
    client = Client()
    client.force_login(officer)
    path = f"/entry/{round_.fiscal_year}/area/2/"

    def save(value):
        ar = AreaReport.objects.filter(report__district=officer.district, report__round=round_, area__number=2).first()
        data = {f"item_{item.pk}": str(value) for item in items}
        data["base_version"] = ar.version if ar else 0
        return client.post(path, data)

    assert save(11).status_code == 302
    with CaptureQueriesContext(connection) as small:
        assert save(12).status_code == 302
    grow_country()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert save(13).status_code == 302
    with django_assert_max_num_queries(25):
        assert save(14).status_code == 302
