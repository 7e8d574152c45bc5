"""wts/lib/bulk.py: the hand-built UPDATE and INSERT store exactly what the ORM would."""

import pytest
from django.utils import timezone

from wts.audit.models import AuditEvent, Source
from wts.audit.vocabulary import AuditAction
from wts.lib import bulk

pytestmark = pytest.mark.django_db


def _events(world, count, **extra):
    return [AuditEvent(action=AuditAction.VALUE_CHANGED, actor=world.officer, source=Source.API, round=world.round,
                       district=world.np_mueang, province=world.np, old_value=str(n), new_value=f"{n + 1} ค่าใหม่",
                       data={"n": n, "ไทย": [1, 2]}, **extra) for n in range(count)]


FIELDS = ("action", "actor_id", "source", "round_id", "district_id", "province_id", "area_id", "item_id",
          "subject_user_id", "old_value", "new_value", "message", "data")


def test_inserted_rows_hold_what_bulk_create_stores(world):
    before = timezone.now()
    assert bulk.insert_rows(AuditEvent, _events(world, 3)) == 3
    AuditEvent.objects.bulk_create(_events(world, 3, message="orm"))
    ours = list(AuditEvent.objects.filter(message="", source=Source.API).order_by("pk").values(*FIELDS, "created_at"))
    orms = list(AuditEvent.objects.filter(message="orm").order_by("pk").values(*FIELDS, "created_at"))
    assert len(ours) == len(orms) == 3
    for mine, theirs in zip(ours, orms, strict=True):
        assert mine["created_at"] >= before  # auto_now_add, as an aware datetime read back
        for name in FIELDS:
            if name != "message":
                assert mine[name] == theirs[name], name
    assert ours[2]["data"] == {"n": 2, "ไทย": [1, 2]}


def test_many_rows_are_inserted_in_batches_under_the_parameter_limit(world, monkeypatch):
    monkeypatch.setattr(bulk, "INSERT_PARAMETERS", 50)  # a few rows a statement
    assert bulk.insert_rows(AuditEvent, _events(world, 23)) == 23
    inserted = AuditEvent.objects.filter(action=AuditAction.VALUE_CHANGED, source=Source.API)
    assert sorted(int(v) for v in inserted.values_list("old_value", flat=True)) == list(range(23))


def test_only_new_rows_are_inserted(world):
    event = _events(world, 1)[0]
    event.save()
    with pytest.raises(ValueError):
        bulk.insert_rows(AuditEvent, [event])


def test_updated_fields_hold_what_save_with_update_fields_stores(world):
    from wts.workflow.models import DistrictReport, ReportState

    ours = DistrictReport.objects.create(round=world.round, district=world.np_mueang)
    orms = DistrictReport.objects.create(round=world.round, district=world.np_pla_pak)
    now = timezone.now()
    for report in (ours, orms):
        report.areas_started, report.areas_complete, report.state = 3, 1, ReportState.IN_PROGRESS
        report.last_changed_at, report.last_changed_by = now, world.officer
    fields = ["areas_started", "areas_complete", "last_changed_at", "last_changed_by", "state"]
    bulk.update_fields(ours, fields)
    orms.save(update_fields=fields)
    read = DistrictReport.objects.filter(pk__in=[ours.pk, orms.pk]).values("pk", *[f"{f}_id" if f == "last_changed_by"
                                                                                  else f for f in fields])
    mine, theirs = sorted(read, key=lambda r: r["pk"] != ours.pk)
    assert {k: v for k, v in mine.items() if k != "pk"} == {k: v for k, v in theirs.items() if k != "pk"}
    assert mine["last_changed_at"] == now and mine["areas_started"] == 3
    with pytest.raises(ValueError):
        bulk.update_fields(DistrictReport(round=world.round, district=world.sk_mueang), fields)
