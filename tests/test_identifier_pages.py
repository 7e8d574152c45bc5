"""Round, year, report and area keys in query strings and forms, on the pages that answered 500
(issue 13, findings 5 and 6): every one is read under the one ASCII-only rule (wts/lib/ids.py)."""

import pytest

from wts.workflow.models import DistrictReport

pytestmark = pytest.mark.usefixtures("during_entry")

UNICODE_DIGITS = ["²", "2569²", "١٢", "๒๕๖๙", "𝟐𝟓𝟔𝟗", "9" * 5000, "99999", "9" * 25]


@pytest.mark.parametrize("value", UNICODE_DIGITS)
@pytest.mark.parametrize("path, persona", [
    ("/monitoring/", "dept_viewer"),
    ("/monitoring/province/48/", "director"),
    ("/monitoring/district/4801/", "director"),
    ("/monitoring/report.xlsx", "dept_viewer"),
    ("/monitoring/province/48/report.xlsx", "director"),
])
def test_a_round_in_other_digits_or_too_large_is_404_on_the_boards(world, path, persona, value):
    response = world.client_for(getattr(world, persona)).get(path, {"round": value})
    assert response.status_code == 404


@pytest.mark.parametrize("value", UNICODE_DIGITS)
def test_the_district_timeline_ignores_a_round_that_is_not_a_year(world, value):
    response = world.client_for(world.director).get("/audit/district/4801/", {"round": value})
    assert response.status_code == 200


@pytest.mark.parametrize("value", [v for v in UNICODE_DIGITS if v != "99999"])  # 99999 is a key: no such report, 404
def test_bulk_confirm_ignores_report_keys_that_are_not_identifiers(world, time_machine, value):
    from conftest import CONFIRM_OPENS

    time_machine.move_to(CONFIRM_OPENS.replace(hour=9), tick=False)
    response = world.client_for(world.director).post("/review/2569/province/48/confirm/", {"report": [value]})
    assert response.status_code == 400  # "choose a district first" beside the ticks (issue 15), nothing confirmed
    assert not DistrictReport.objects.exists()


@pytest.mark.parametrize("value", UNICODE_DIGITS + ["25690", "0"])
def test_the_multi_round_export_refuses_a_year_that_is_not_one_with_a_thai_message(world, value):
    response = world.client_for(world.dept_viewer).get("/spreadsheets/rounds/export.xlsx", {"rounds": [value]})
    assert response.status_code == 400
    assert "ปีงบประมาณ" in response.content.decode()


def test_the_multi_round_export_still_takes_a_real_year(world):
    response = world.client_for(world.dept_viewer).get("/spreadsheets/rounds/export.xlsx", {"rounds": ["2569"]})
    assert response.status_code == 200


@pytest.mark.parametrize("field", ["province", "district"])
@pytest.mark.parametrize("value", UNICODE_DIGITS)
def test_the_audit_search_refuses_keys_in_other_digits_with_400(world, field, value):
    response = world.client_for(world.dept_admin).get("/audit/", {field: value})
    assert response.status_code == 400


@pytest.mark.parametrize("value", ["౯๒𝟷௮൷٩", "home2", "²"])
def test_two_factor_verify_treats_next_as_an_address_never_as_a_view_name(world, value):
    response = world.client_for(world.director).get("/accounts/two-factor/verify/", {"next": value})
    assert response.status_code == 302


@pytest.mark.parametrize("year", ["99999", "9" * 30])
@pytest.mark.parametrize("path", ["/entry/{y}/area/1/", "/entry/{y}/district/4801/", "/review/{y}/province/48/",
                                  "/spreadsheets/{y}/district/4801/workbook.xlsx", "/rounds/{y}/extensions/"])
def test_a_year_in_the_path_too_large_for_the_database_is_404(world, path, year):
    persona = {"/entry/{y}/area/1/": "officer"}.get(path, "dept_admin")
    response = world.client_for(getattr(world, persona)).get(path.format(y=year))
    assert response.status_code == 404
