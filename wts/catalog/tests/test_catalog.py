import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from wts.catalog.actions import copy_catalog, load_default_catalog
from wts.catalog.default_catalog import DEFAULT_CATALOG
from wts.catalog.models import MissionArea, WorkItem
from wts.rounds.models import Round


def next_round(world):
    r = world.round
    return Round.objects.create(
        fiscal_year=r.fiscal_year + 1, entry_opens_at=r.entry_opens_at + dt.timedelta(days=365),
        entry_closes_at=r.entry_closes_at + dt.timedelta(days=365),
        confirm_opens_at=r.confirm_opens_at + dt.timedelta(days=365),
        confirm_closes_at=r.confirm_closes_at + dt.timedelta(days=365),
    )


def test_default_catalog_has_8_ordered_areas_with_4_to_6_items_each(world):
    areas = list(MissionArea.objects.filter(round=world.round).order_by("number"))
    assert [a.number for a in areas] == list(range(1, 9))
    assert areas[0].name == "บริหารงานทั่วไปและการประสานงาน"
    for area in areas:
        items = list(area.items.all())
        assert 4 <= len(items) <= 6
        assert all(i.unit and i.standard_minutes > 0 and i.max_value > 0 for i in items)
    assert len(DEFAULT_CATALOG) == 8


def test_copying_a_catalog_then_editing_the_copy_leaves_the_earlier_round_alone(world):
    new = next_round(world)
    copy_catalog(world.round, new, acting_user=world.dept_admin)
    assert WorkItem.objects.filter(area__round=new).count() == WorkItem.objects.filter(area__round=world.round).count()
    copied = WorkItem.objects.get(area__round=new, code="1.01")
    copied.name = "หนังสือราชการ (นิยามใหม่)"
    copied.save()
    MissionArea.objects.filter(round=new, number=8).update(name="ด้านใหม่")
    assert WorkItem.objects.get(area__round=world.round, code="1.01").name == "หนังสือราชการรับ-ส่งและดำเนินการ"
    assert MissionArea.objects.get(round=world.round, number=8).name.startswith("มาตรฐานการบริหารงาน")


def test_copy_refuses_a_round_that_already_has_a_form(world):
    with pytest.raises(ValidationError):
        copy_catalog(world.round, world.round, acting_user=world.dept_admin)
    with pytest.raises(ValidationError):
        load_default_catalog(world.round)


def test_department_admin_creates_a_round_with_the_previous_form(world):
    client = world.client_for(world.dept_admin)
    response = client.post(
        "/rounds/new/",
        {
            "fiscal_year": "2570", "title": "ปีงบประมาณ 2570",
            "entry_opens_at_0": "01/08/2570", "entry_opens_at_1": "08:30",
            "entry_closes_at_0": "15/09/2570", "entry_closes_at_1": "23:59",
            "confirm_opens_at_0": "16/09/2570", "confirm_opens_at_1": "00:00",
            "confirm_closes_at_0": "25/09/2570", "confirm_closes_at_1": "23:59",
            "productive_hours": "1380", "allowance_factor": "1.000", "averaging_rounds": "3",
            "change_flag_percent": "50", "change_flag_min_units": "10", "outlier_threshold": "3.5", "peer_size_percent": "30",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Round.objects.get(fiscal_year=2570)
    assert created.entry_closes_at.astimezone(dt.UTC).hour == 16  # 23:59 Bangkok is stored as 16:59 UTC
    assert MissionArea.objects.filter(round=created).count() == 8
