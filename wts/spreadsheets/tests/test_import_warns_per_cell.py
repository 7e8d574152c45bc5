"""A workbook made before another officer's save warns per cell, not only per file (issue 23 §2):
each value it would replace that was saved after the download says so, with who and when."""

import datetime as dt

import pytest

from conftest import DURING_ENTRY, make_user
from wts.accounts.models import Role
from wts.catalog.models import MissionArea
from wts.workflow.actions import get_or_create_report, save_area

from .helpers import download, dry_run, fill


@pytest.fixture
def entry_clock(time_machine):
    time_machine.move_to(DURING_ENTRY, tick=False)
    return time_machine


def test_each_cell_saved_after_the_download_is_named_in_the_dry_run(world, entry_clock):
    client = world.client_for(world.officer)
    area1 = MissionArea.objects.get(round=world.round, number=1)
    items = list(area1.items.order_by("order"))
    report = get_or_create_report(world.round, world.np_mueang)
    save_area(report, area1, {items[0].pk: 10, items[2].pk: 30}, acting_user=world.officer)
    content = fill(download(client, world), {items[0].code: 1, items[2].code: 5})
    entry_clock.move_to(DURING_ENTRY + dt.timedelta(minutes=10), tick=False)
    colleague = make_user("district-4801-b", Role.DISTRICT_OFFICER, district=world.np_mueang,
                          first_name="สมศรี", last_name="ใจดี")
    save_area(report, area1, {items[0].pk: 50}, acting_user=colleague)

    response = dry_run(client, world, content)
    body = response.content.decode()
    plan = response.context["plan"]
    warned = {row.item.code: row.warning for row in plan.rows if row.item is not None and row.warning}
    assert set(warned) == {items[0].code}  # 3rd item was saved before the download: no warning
    assert "ค่านี้ในระบบ (50) บันทึกหลังจากดาวน์โหลดไฟล์ เมื่อ 1 ก.ย. 2569 เวลา 10:10 น." in warned[items[0].code]
    assert colleague.display_name in warned[items[0].code]
    assert body.count("data-cell-warning") == 1
    assert "ด้านที่ 1 มีการแก้ไขในระบบหลังจากดาวน์โหลดไฟล์" in body  # the file's warning stays
