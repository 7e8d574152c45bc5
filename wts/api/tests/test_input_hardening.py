"""The API's answers to hostile input (issue 13, findings 5, 6, 7 and 11): never a 500, never a
boolean stored as a count, never a save without the version it was based on."""

import pytest

from wts.catalog.models import MissionArea
from wts.workflow.models import DistrictReport, ItemValue

from .helpers import ApiClient, assert_error

pytestmark = pytest.mark.usefixtures("during_entry")
AREA1 = "/rounds/2569/districts/4801/areas/1/values"
REPORT = "/rounds/2569/districts/4801/values"


def first_codes(world, number=1, n=2):
    return list(MissionArea.objects.get(round=world.round, number=number).items.order_by("order")
                .values_list("code", flat=True))[:n]


def raw_put(api, path, text):
    return api.client.put(f"/api/v1{path}", text, content_type="application/json", **api._headers())


@pytest.mark.parametrize("path, payload", [
    (AREA1, {"base_version": 0}),
    (REPORT, {"base_versions": {"1": 0}}),
], ids=["one area", "whole report"])
def test_json_booleans_are_refused_as_counts_with_a_thai_message_per_item(world, path, payload):
    a, b = first_codes(world)
    api = ApiClient(world.officer)
    error = assert_error(api.put(path, {"values": {a: True, b: False}, **payload}), 422, "invalid_values")
    assert set(error["fields"]) == {a, b}
    assert all("ตัวเลข" in messages[0] for messages in error["fields"].values())
    assert not ItemValue.objects.exists()


def test_a_boolean_base_version_is_refused_not_read_as_one(world):
    a, _b = first_codes(world)
    api = ApiClient(world.officer)
    api.put(AREA1, {"values": {a: 1}})
    error = assert_error(api.put(AREA1, {"values": {a: 2}, "base_version": True}), 422, "invalid_request")
    assert any("true/false" in m for messages in error["fields"].values() for m in messages)
    error = assert_error(api.put(REPORT, {"values": {a: 2}, "base_versions": {"1": True}}), 422, "invalid_request")
    assert ItemValue.objects.get().value == 1


def test_a_save_of_one_area_without_its_base_version_is_428_and_nothing_is_written(world):
    a, _b = first_codes(world)
    api = ApiClient(world.officer)
    error = assert_error(api.put(AREA1, {"values": {a: 5}}, read_versions=False), 428, "base_version_required")
    assert "เลขรุ่น" in error["message_th"] and "base_version" in error["fields"]
    assert not DistrictReport.objects.exists()


def test_a_report_save_without_the_version_of_every_area_sent_is_428(world):
    (a,), (b,) = first_codes(world, 1, 1), first_codes(world, 2, 1)
    api = ApiClient(world.officer)
    error = assert_error(api.put(REPORT, {"values": {a: 5, b: 6}, "base_versions": {"1": 0}}, read_versions=False),
                         428, "base_version_required")
    assert list(error["fields"]) == ["base_versions.2"]
    assert_error(api.put(REPORT, {"values": {a: 5}}, read_versions=False), 428, "base_version_required")
    assert not ItemValue.objects.exists()


def test_with_its_version_the_same_save_goes_through(world):
    a, _b = first_codes(world)
    response = ApiClient(world.officer).put(AREA1, {"values": {a: 5}, "base_version": 0}, read_versions=False)
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("key", ["²", "١", "๑", "1²", "9" * 5000, "-1", "", "\u200b"])  # NUL: tests/test_nul_input.py
def test_base_versions_keys_in_other_scripts_are_unknown_areas_not_500(world, key):
    a, _b = first_codes(world)
    error = assert_error(ApiClient(world.officer).put(REPORT, {"values": {a: 1}, "base_versions": {"1": 0, key: 0}}),
                         422, "unknown_area")
    assert f"base_versions.{key}" in error["fields"]


@pytest.mark.parametrize("path", [AREA1, REPORT], ids=["one area", "whole report"])
def test_a_number_longer_than_pythons_digit_limit_is_refused_not_500(world, path):
    a, _b = first_codes(world)
    api = ApiClient(world.officer)
    huge = "9" * 5000
    as_number = raw_put(api, path, '{"values": {"' + a + '": ' + huge + '}, "base_version": 0, "base_versions": {"1": 0}}')
    assert_error(as_number, 400)
    error = assert_error(api.put(path, {"values": {a: "9" * 5000}}), 422, "invalid_values")
    assert "ไม่เกิน" in error["fields"][a][0]
    assert not ItemValue.objects.exists()


def test_a_body_over_the_size_limit_is_413_with_a_thai_message(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    a, _b = first_codes(world)
    api = ApiClient(world.officer)
    error = assert_error(api.put(AREA1, {"values": {a: "1" * 20_000}, "base_version": 0}), 413, "request_too_large")
    assert "ขนาดใหญ่เกินกำหนด" in error["message_th"]


@pytest.mark.parametrize("year", ["99999", "9" * 30, "0"])
def test_a_year_too_large_for_the_database_is_404(world, year):
    api = ApiClient(world.officer)
    assert_error(api.get(f"/rounds/{year}"), 404)
    assert_error(api.get(f"/rounds/{year}/districts/4801/report"), 404)
    assert_error(api.put(f"/rounds/{year}/districts/4801/areas/1/values", {"values": {}, "base_version": 0}), 404)
