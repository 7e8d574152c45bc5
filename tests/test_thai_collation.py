"""Issue 15: one Thai collation everywhere. PyICU has no wheel, so the project's own sort is used;
it must give ICU's Thai order (lists produced once with ICU 72, tests/data/icu_th_sort.cpp) for
all 76 provinces and 878 districts, and every list a person reads uses it."""

import random
import re
from pathlib import Path

import pytest

from wts.geography.models import District, Province
from wts.lib.thai_sort import thai_sorted

DATA = Path(__file__).parent / "data"


def _icu_order(name):
    return (DATA / name).read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("name, count", [("icu_th_provinces.txt", 76), ("icu_th_districts.txt", 878)])
def test_the_projects_thai_sort_matches_icu_on_every_province_and_district(name, count):
    expected = _icu_order(name)
    assert len(expected) == count
    shuffled = expected[:]
    random.Random(15).shuffle(shuffled)
    assert thai_sorted(shuffled) == expected


def _option_labels(body, select_name):
    select = re.search(rf'<select name="{select_name}"[^>]*>(.*?)</select>', body, re.S).group(1)
    return [label for value, label in re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', select)]


@pytest.fixture
def chiang_mai(world):
    """Names whose code-point order differs from Thai order: เชียงใหม่ sorts with ช, not after ห."""
    Province.objects.create(code="50", name_th="เชียงใหม่", name_en="Chiang Mai")
    Province.objects.create(code="43", name_th="หนองคาย", name_en="Nong Khai")


def test_the_audit_search_dropdown_lists_provinces_in_thai_order(world, chiang_mai):
    body = world.client_for(world.dept_admin).get("/audit/").content.decode()
    labels = _option_labels(body, "province")
    assert labels[1:] == thai_sorted(labels[1:]) and labels.index("เชียงใหม่") < labels.index("หนองคาย")


def test_the_extension_form_lists_provinces_and_districts_in_thai_order(world, chiang_mai):
    body = world.client_for(world.dept_admin).get(f"/rounds/{world.round.fiscal_year}/extensions/").content.decode()
    labels = _option_labels(body, "province")
    assert labels[1:] == thai_sorted(labels[1:])
    groups = re.findall(r'<optgroup label="([^"]+)"', body)
    assert groups == thai_sorted(groups)


def test_the_province_review_page_lists_districts_in_thai_order(world):
    District.objects.create(code="4899", province=world.np, name_th="เรณูนคร", name_en="Renu Nakhon")
    body = world.client_for(world.director).get(f"/review/{world.round.fiscal_year}/province/48/").content.decode()
    codes = re.findall(r'<tr data-district="(\d+)"', body)
    names = [District.objects.get(code=c).name_th for c in codes]
    assert names == thai_sorted(names)
