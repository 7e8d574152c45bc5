"""A conflict is resolved per field, never by reverting (issue 23 §2): a save that meets a
newer version writes only what the officer changed; an item both changed, differently, is the
officer's explicit choice; a later save never writes back a value the officer did not type."""

import pytest

from conftest import make_user
from wts.accounts.models import Role
from wts.catalog.models import MissionArea
from wts.workflow.actions import get_or_create_report, save_area
from wts.workflow.models import ItemValue

from .tabs import Tab

pytestmark = pytest.mark.usefixtures("during_entry")


@pytest.fixture
def area3(world):
    """Area 3 of district-4801 saved once: 3.01 is 111, the others 10."""
    area = MissionArea.objects.prefetch_related("items").get(round=world.round, number=3)
    values = {item.pk: 111 if item.code == "3.01" else 10 for item in area.items.all()}
    save_area(get_or_create_report(world.round, world.np_mueang), area, values, acting_user=world.officer)
    return area


def stored(world, code):
    return ItemValue.objects.get(report__district=world.np_mueang, item__code=code, item__area__number=3).value


def tabs(world):
    colleague = make_user("district-4801-b", Role.DISTRICT_OFFICER, district=world.np_mueang,
                          first_name="สมศรี", last_name="ใจดี")
    return Tab(world, world.client_for(world.officer), 3).open(), Tab(world, world.client_for(colleague), 3).open()


def test_a_tab_opened_earlier_that_changed_another_item_keeps_the_colleagues_value(world, area3):
    a, b = tabs(world)
    assert a.type("3.01", 4).save().status == 200
    b.type("3.04", 9).save()
    assert b.status == 200
    assert stored(world, "3.01") == 4 and stored(world, "3.04") == 9
    assert b.box("3.01") == "4"  # what is stored now, not the 111 the tab opened with
    assert b.body.count('role="alert"') == b.body.count('role="alert" hidden') == 1  # only the unused network note
    assert "ระบบยังไม่ได้บันทึก" not in b.body
    assert "มีผู้อื่นบันทึกด้านนี้หลังจากที่ท่านเปิดหน้านี้" in b.body
    assert "ผู้อื่นแก้ไขช่องนี้หลังจากที่ท่านเปิดหน้า" in b.body and "111 → <strong>4</strong>" in b.body
    for _press in range(3):
        b.save()
        assert stored(world, "3.01") == 4 and stored(world, "3.04") == 9


def test_an_item_both_changed_is_refused_with_what_each_typed_and_the_officers_choice_decides(world, area3):
    a, b = tabs(world)
    a.type("3.01", 4).save()
    b.type("3.01", 7).type("3.04", 9).save()
    assert b.status == 409
    assert stored(world, "3.01") == 4 and stored(world, "3.04") == 10  # nothing written
    body = b.body
    assert body.count("มีผู้อื่นบันทึกด้านนี้หลังจากที่ท่านเปิดหน้านี้") == 1
    assert "ค่าที่กรอกบันทึกไว้แล้ว" not in body  # no contradicting banner
    assert "ระบบยังไม่ได้บันทึก: 1 ช่องที่ท่านแก้ไข ผู้อื่นก็แก้ไขเป็นค่าอื่นด้วย" in body
    conflict = body.split('data-conflict="', 1)[1].split("</fieldset>", 1)[0]
    assert "ท่านกรอก: <strong>7</strong>" in conflict and "ในระบบขณะนี้: <strong>4</strong>" in conflict
    assert "เมื่อท่านเปิดหน้านี้: 111" in conflict and "บันทึกโดย" in conflict
    assert b.box("3.01") == "7" and b.box("3.04") == "9"  # typed, kept
    # pressing save again without choosing never writes 3.01
    for _press in range(2):
        b.save()
        assert b.status == 400 and "โปรดเลือกว่าจะใช้ค่าที่ท่านกรอก หรือค่าที่อยู่ในระบบขณะนี้" in b.body
        assert stored(world, "3.01") == 4
    b.choose("3.01", "theirs").save()
    assert b.status == 200
    assert stored(world, "3.01") == 4 and stored(world, "3.04") == 9


def test_choosing_ones_own_value_is_an_explicit_decision(world, area3):
    a, b = tabs(world)
    a.type("3.01", 4).save()
    b.type("3.01", 7).save()
    b.choose("3.01", "mine").save()
    assert b.status == 200 and stored(world, "3.01") == 7


def test_after_a_conflict_a_save_never_writes_back_an_untouched_value(world, area3):
    a, b = tabs(world)
    a.type("3.01", 4).save()
    b.type("3.01", 7).save()  # refused: conflict on 3.01
    assert b.box("3.02") == "10"
    a.type("3.02", 55).save()  # a third change meanwhile
    b.choose("3.01", "mine").save()  # stale again, but 3.02 was not typed by B
    assert stored(world, "3.02") == 55
    assert stored(world, "3.01") == 7


def test_a_page_without_the_fields_as_opened_is_refused_as_a_whole_as_before(world, area3):
    """The API and old pages send no copy of the values as opened: every value counts as typed."""
    a, b = tabs(world)
    a.type("3.01", 4).save()
    b.fields = {k: v for k, v in b.fields.items() if not k.startswith("orig_")}
    b.type("3.04", 9).save()
    assert b.status == 409 and stored(world, "3.04") == 10
