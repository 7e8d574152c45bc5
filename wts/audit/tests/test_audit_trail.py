import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from conftest import BANGKOK
from wts.audit.models import AuditEvent, ImmutableAuditError, Source
from wts.review.tests.helpers import DURING_CONFIRM, area, fill, item, reload
from wts.rounds.actions import extend_deadline
from wts.workflow.actions import (
    add_comment,
    close_round,
    confirm_report,
    get_or_create_report,
    reopen_report,
    return_report,
    save_area,
    submit_report,
)

pytestmark = pytest.mark.usefixtures("during_entry")


def test_an_audit_row_cannot_be_changed_or_deleted_through_the_system(world):
    event = AuditEvent.record("report.submitted", actor=world.officer, district=world.np_mueang)
    event.message = "แก้ประวัติ"
    with pytest.raises(ImmutableAuditError):
        event.save()
    with pytest.raises(ImmutableAuditError):
        event.delete()
    with pytest.raises(ImmutableAuditError):
        AuditEvent.objects.filter(pk=event.pk).update(message="แก้ประวัติ")
    with pytest.raises(ImmutableAuditError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).message == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only")
def test_postgresql_itself_refuses_to_change_or_delete_audit_rows(world):
    event = AuditEvent.record("report.submitted", actor=world.officer, district=world.np_mueang)
    for sql in ("UPDATE audit_auditevent SET message = 'x' WHERE id = %s", "DELETE FROM audit_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, message="").exists()


def test_the_audit_log_is_not_editable_in_the_admin(world):
    client = world.client_for(world.dept_admin)
    assert client.get("/admin/audit/auditevent/").status_code in (403, 404)


def test_every_change_and_transition_has_its_row(world, time_machine):
    """One full life of a district: each step leaves exactly the rows it should, with who and source."""
    report = get_or_create_report(world.round, world.np_mueang)
    a1 = area(world)
    save_area(report, a1, {i.pk: 1 for i in a1.items.all()}, acting_user=world.officer, source=Source.IMPORT)
    assert AuditEvent.objects.filter(action="value.changed", source="import").count() == a1.items.count()
    fill(world, world.np_mueang, world.officer, value=2)
    expected_values = sum(a.items.count() for a in world.round.areas.all()) + a1.items.count()
    assert AuditEvent.objects.filter(action="value.changed").count() == expected_values
    submit_report(reload(report), acting_user=world.officer, source=Source.API)
    extend_deadline(world.round, window="confirm", closes_at=dt.datetime(2026, 10, 8, tzinfo=BANGKOK), reason="ขยาย",
                    acting_user=world.dept_admin)
    time_machine.move_to(DURING_CONFIRM, tick=False)
    add_comment(reload(report), item(world), acting_user=world.director, text="ตรวจ")
    return_report(reload(report), acting_user=world.director, reason="แก้", item_ids=[item(world).pk])
    save_area(reload(report), a1, {item(world).pk: 3}, acting_user=world.officer)
    submit_report(reload(report), acting_user=world.officer)
    confirm_report(reload(report), acting_user=world.director)
    reopen_report(reload(report), acting_user=world.dept_admin, reason="ทบทวน", area=a1)
    close_round(world.round, acting_user=world.dept_admin, reason="ครบกำหนด")
    actions = list(AuditEvent.objects.exclude(action="value.changed").exclude(action__startswith="catalog.")
                   .order_by("id").values_list("action", "actor__username", "source"))
    assert actions == [
        ("report.submitted", "district-4801", "api"),
        ("deadline.extended", "dla-admin", "web"),
        ("value.commented", "director-48", "web"),
        ("report.returned", "director-48", "web"),
        ("report.resubmitted", "district-4801", "web"),
        ("report.confirmed", "director-48", "web"),
        ("report.reopened", "dla-admin", "web"),
        ("round.closed", "dla-admin", "web"),
    ]
    last_change = AuditEvent.objects.filter(action="value.changed").order_by("-id").first()
    assert (last_change.old_value, last_change.new_value, last_change.item) == ("2", "3", item(world))


def test_a_refused_transition_leaves_no_row(world):
    report = fill(world, world.np_mueang, world.officer)
    before = AuditEvent.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - any refusal; the point is the count below
        confirm_report(reload(report), acting_user=world.director)
    assert AuditEvent.objects.count() == before
