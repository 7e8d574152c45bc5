import datetime as dt
from collections import Counter

import pytest
from django.core.management import call_command

from wts.accounts.models import User
from wts.audit.models import AuditEvent
from wts.audit.vocabulary import AuditAction
from wts.geography.models import Province
from wts.rounds.models import Round
from wts.workflow.models import DistrictReport, ItemValue, ReportState


@pytest.mark.django_db
def test_demo_looks_like_the_letters_attachment_and_loads_twice_without_duplicates():
    call_command("load_geography", stdout=None)
    call_command("load_demo", "--quiet-logins", stdout=None)
    today = dt.date.today()
    open_round = Round.current()
    assert open_round is not None
    assert open_round.entry_opens_at.date() <= today <= open_round.entry_closes_at.date()
    past = Round.objects.exclude(pk=open_round.pk)
    assert past.count() == 3
    for r in past:
        assert r.reports.count() == 878
        assert set(r.reports.values_list("state", flat=True)) == {ReportState.CONFIRMED}

    classes = Counter()
    for province in Province.objects.all():
        reports = DistrictReport.objects.filter(round=open_round, district__province=province)
        total = province.districts.count()
        if reports.filter(areas_complete=8).count() == total:
            classes["complete"] += 1
        elif reports.filter(areas_started__gt=0).exists():
            classes["in_progress"] += 1
            if province.code == "48":
                classes["np_in_progress"] = 1
        else:
            classes["not_started"] += 1
    assert classes == Counter(complete=2, in_progress=34, not_started=40, np_in_progress=1)

    for username in ["dla-admin", "dla-viewer", "provadmin-48", "director-48", "district-4801", "district-9613", "director-96", "provadmin-50"]:
        assert User.objects.get(username=username).check_password("thai-demo-2564")
    counts = (User.objects.count(), Round.objects.count(), ItemValue.objects.count())
    call_command("load_demo", "--quiet-logins", stdout=None)
    assert (User.objects.count(), Round.objects.count(), ItemValue.objects.count()) == counts


@pytest.mark.django_db
def test_a_demo_district_that_submitted_has_a_history(client):
    """Issue 15: the history page of a district that had submitted was empty (the demo wrote no audit rows)."""
    call_command("load_geography", stdout=None)
    call_command("load_demo", "--quiet-logins", stdout=None)
    report = DistrictReport.objects.filter(round=Round.current(), state=ReportState.SUBMITTED).select_related(
        "district").first()
    events = AuditEvent.objects.filter(district=report.district, round=report.round)
    assert events.filter(action=AuditAction.REPORT_SUBMITTED).count() == 1
    assert events.filter(action=AuditAction.VALUE_CHANGED).count() == report.values.count()
    client.force_login(User.objects.get(username="dla-admin"))
    body = client.get(f"/audit/district/{report.district.code}/").content.decode()
    assert "ยังไม่มีการดำเนินการ" not in body and "ส่งข้อมูลให้จังหวัดยืนยัน" in body
