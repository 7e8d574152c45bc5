from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.utils import timezone

from wts.accounts.models import Role, User
from wts.audit.models import AuditEvent
from wts.catalog.models import WorkItem
from wts.geography.models import District
from wts.rounds.models import Round
from wts.workflow.models import (
    EDITABLE_STATES,
    AreaReport,
    AreaStatus,
    DistrictReport,
    ItemValue,
    ReportState,
    ReturnRequest,
)

from .national import BIG_PROVINCE, SMALL_COUNTRY, build_country, grow_country

pytestmark = pytest.mark.django_db


def test_every_district_of_a_closed_round_is_confirmed_with_every_item():
    build_country(rounds=3)
    districts = District.objects.count()
    past = Round.objects.filter(closed_at__isnull=False)
    assert past.count() == 2
    for round_ in past:
        reports = DistrictReport.objects.filter(round=round_)
        assert reports.count() == districts
        assert set(reports.values_list("state", flat=True)) == {ReportState.CONFIRMED}
        items = WorkItem.objects.filter(area__round=round_).count()
        assert ItemValue.objects.filter(report__round=round_, value__isnull=False).count() == districts * items
        assert not reports.filter(Q(confirmed_by__isnull=True) | Q(confirmed_at__lte=round_.entry_opens_at)).exists()


def test_the_open_round_is_the_eve_of_its_deadline_with_districts_at_every_stage():
    build_country([*SMALL_COUNTRY, BIG_PROVINCE], rounds=1)
    round_ = Round.current()
    now = timezone.now()
    assert round_.entry_opens_at < now < round_.entry_closes_at
    assert round_.entry_closes_at - now < timezone.timedelta(days=2)
    states = Counter(DistrictReport.objects.filter(round=round_).values_list("state", flat=True))
    assert states[ReportState.IN_PROGRESS] > 0
    assert states[ReportState.SUBMITTED] + states[ReportState.CONFIRMED] > 0
    assert sum(states.values()) < District.objects.count(), "some districts have not opened the form yet"
    in_future = Q(last_changed_at__gt=now) | Q(submitted_at__gt=now) | Q(confirmed_at__gt=now)
    assert not DistrictReport.objects.filter(in_future, round=round_).exists()
    assert not AuditEvent.objects.filter(round=round_, created_at__gt=now).exists()


def test_progress_counters_agree_with_the_rows_they_summarise():
    build_country(rounds=2)
    for report in DistrictReport.objects.annotate(
        started=Count("area_reports", filter=~Q(area_reports__status=AreaStatus.NOT_STARTED)),
        complete=Count("area_reports", filter=Q(area_reports__status=AreaStatus.COMPLETE)),
    ):
        assert (report.areas_started, report.areas_complete) == (report.started, report.complete)
    for area_report in AreaReport.objects.select_related("report"):
        filled = ItemValue.objects.filter(report=area_report.report, item__area=area_report.area_id).count()
        assert area_report.filled_count == filled


def test_history_leaves_the_audit_and_review_rows_of_the_workflow():
    build_country(rounds=3)
    events = Counter(AuditEvent.objects.values_list("action", flat=True))
    assert events["value.changed"] >= ItemValue.objects.count()
    assert events["report.submitted"] == DistrictReport.objects.filter(submitted_at__isnull=False).count()
    assert events["report.resubmitted"] == ReturnRequest.objects.filter(resubmitted_at__isnull=False).count()
    assert events["report.confirmed"] == DistrictReport.objects.filter(state=ReportState.CONFIRMED).count()
    assert events["report.returned"] == ReturnRequest.objects.count() > 0
    returned = ReturnRequest.objects.select_related("report__round").prefetch_related("items").first()
    assert returned.reason and returned.items.all() and returned.snapshot
    for round_ in Round.objects.filter(closed_at__isnull=False):
        stamps = AuditEvent.objects.filter(round=round_).exclude(action="catalog.default_loaded")
        assert not stamps.filter(created_at__gt=round_.closed_at).exists(), "history is dated inside its round"
        assert not stamps.filter(created_at__lt=round_.entry_opens_at).exists()


def test_a_second_run_creates_nothing():
    build_country(rounds=2)
    counts = (User.objects.count(), DistrictReport.objects.count(), AuditEvent.objects.count())
    summary = call_command_summary("--skip-geography", "--rounds", "2")
    assert "rounds created: none" in summary
    assert (User.objects.count(), DistrictReport.objects.count(), AuditEvent.objects.count()) == counts


def test_the_command_refuses_zero_rounds():
    with pytest.raises(CommandError):
        call_command("generate_national_data", "--skip-geography", "--rounds", "0")


def test_a_grown_country_gets_reports_in_every_round():
    build_country(rounds=2)
    added = grow_country()
    for round_ in Round.objects.filter(closed_at__isnull=False):
        assert DistrictReport.objects.filter(round=round_, district__in=added).count() == len(added)
    assert User.objects.filter(role=Role.DISTRICT_OFFICER, district__in=added).count() == len(added)


def test_an_officer_of_the_generated_data_can_save_on_deadline_eve(client):
    build_country(rounds=2)
    round_ = Round.current()
    locked = DistrictReport.objects.filter(round=round_).exclude(state__in=EDITABLE_STATES).values("district")
    officer = User.objects.filter(role=Role.DISTRICT_OFFICER).exclude(district__in=locked).first()
    client.force_login(officer)
    items = WorkItem.objects.filter(area__round=round_, area__number=1).order_by("order")
    area_report = AreaReport.objects.filter(report__district=officer.district, report__round=round_,
                                            area__number=1).first()
    data = {f"item_{item.pk}": "๑,๒๓๔" for item in items}
    data["base_version"] = area_report.version if area_report else 0
    response = client.post(f"/entry/{round_.fiscal_year}/area/1/", data)
    assert response.status_code == 302
    assert set(ItemValue.objects.filter(report__district=officer.district, report__round=round_,
                                        item__in=items).values_list("value", flat=True)) == {1234}


def call_command_summary(*args) -> str:
    import io

    out = io.StringIO()
    call_command("generate_national_data", *args, stdout=out)
    return out.getvalue()
