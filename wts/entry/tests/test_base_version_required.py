"""A save from the page must say which version of the area it edited (issue 13, finding 11):
without it, it could silently overwrite a colleague's save."""

import re

import pytest

from wts.workflow.models import DistrictReport, ItemValue

from .helpers import area, form_data, url

pytestmark = pytest.mark.usefixtures("during_entry")
HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/entry/2569/area/1/"}


def stored(world):
    return list(ItemValue.objects.filter(report__district=world.np_mueang, item__area__number=1)
                .order_by("item__order").values_list("value", flat=True))


@pytest.mark.parametrize("version", [None, "", "abc", "²", "١", "-1", "9" * 5000], ids=repr)
def test_a_save_without_a_readable_base_version_is_400_keeps_what_was_typed_and_saves_nothing(world, version):
    a = area(world)
    world.client_for(world.officer).post(url(world), form_data(a, ["10"], 0))
    data = form_data(a, ["๑๒๓", "45"])
    if version is not None:
        data["base_version"] = version
    response = world.client_for(world.officer).post(url(world), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "ระบบไม่ทราบว่าค่าที่ท่านกรอกแก้ไขจากข้อมูลฉบับใด" in body
    assert 'value="๑๒๓"' in body and 'value="45"' in body  # what was typed is still in the fields
    assert "ค่าล่าสุดในระบบ" in body  # and what is stored now is shown beside it
    assert stored(world)[0] == 10


def test_the_refused_page_carries_the_current_version_so_saving_again_is_a_decision(world):
    a = area(world)
    client = world.client_for(world.officer)
    client.post(url(world), form_data(a, ["10"], 0))
    response = client.post(url(world), form_data(a, ["11"]), headers=HTMX)
    assert response.status_code == 400
    version = re.search(r'name="base_version" value="(\d+)"', response.content.decode())
    assert version and version.group(1) == "1"
    assert client.post(url(world), form_data(a, ["11"], version.group(1))).status_code == 302
    assert stored(world)[0] == 11


def test_a_first_save_without_a_version_creates_no_report(world):
    a = area(world)
    response = world.client_for(world.officer).post(url(world), form_data(a, ["7"]))
    assert response.status_code == 400
    assert not DistrictReport.objects.exists()
