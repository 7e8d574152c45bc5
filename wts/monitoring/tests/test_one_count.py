"""One count of districts by state per province (wts/workflow/progress.py): the national board, the
department's status report, the weekly digest, the round's close page and the review index report
the same numbers for the same world, and "in progress" means one thing everywhere: something
recorded, not yet sent to the province."""

import datetime as dt
import re

import pytest

from wts.geography.models import District
from wts.jobs.models import JobSchedule
from wts.jobs.scheduler import tick
from wts.lib.thai import BANGKOK
from wts.monitoring.status import national_status
from wts.notifications.models import Notification
from wts.workflow.closing import close_summary
from wts.workflow.models import ReportState
from wts.workflow.progress import district_counts

from .helpers import confirmed, record, submitted

pytestmark = pytest.mark.django_db

FIELDS = ["total", "not_started", "in_progress", "submitted", "returned", "confirmed"]

# The world: every place a district can stand, and the cases on which the board and the digest
# used to disagree: every area recorded but not sent (the board said "all areas", not "in
# progress"), and a returned district (the board counted it in progress while it had an area open).
EXPECTED = {
    "48": {"total": 3, "not_started": 1, "in_progress": 1, "submitted": 0, "returned": 1, "confirmed": 0},
    "47": {"total": 3, "not_started": 1, "in_progress": 0, "submitted": 1, "returned": 0, "confirmed": 1},
}


@pytest.fixture
def counted_world(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 9, 7, 9, 0, tzinfo=BANGKOK), tick=False)  # a Monday
    tha_uthen = District.objects.create(code="4803", province=world.np, name_th="ท่าอุเทน", name_en="Tha Uthen")
    District.objects.create(code="4703", province=world.sk, name_th="ส่องดาว", name_en="Song Dao")
    record(world.round, world.np_mueang, complete=8)  # every area recorded, not sent: in progress
    record(world.round, world.np_pla_pak, complete=8, state=ReportState.RETURNED)
    record(world.round, tha_uthen, complete=0, partial=0)  # a report row with nothing in it: not started
    submitted(world.round, world.sk_mueang)
    confirmed(world.round, world.sk_kusuman)
    return world


def _numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def test_every_consumer_reports_the_same_numbers_for_the_same_world(counted_world, django_capture_on_commit_callbacks):
    world = counted_world
    by_code = {world.np.pk: "48", world.sk.pk: "47"}

    # The one count.
    counts = {by_code[pk]: {f: getattr(c, f) for f in FIELDS} for pk, c in district_counts(world.round).items()}
    assert counts == EXPECTED

    # The national board and the department's status report and letters (they read national_status).
    board = {r.province.code: {f: getattr(r, f) for f in FIELDS} for r in national_status(world.round).rows}
    assert board == EXPECTED
    assert national_status(world.round).totals()["in_progress"] == 1

    # The round's close page and its audit row.
    summary = close_summary(world.round)
    close = {code: {"total": sum(c.values()), **{f: c[f] for f in FIELDS[1:]}}
             for code, c in summary.as_data()["by_province"].items()}
    assert close == EXPECTED
    assert summary.totals == {f: EXPECTED["48"][f] + EXPECTED["47"][f] for f in FIELDS[1:]}
    page = world.client_for(world.dept_admin).get(f"/rounds/{world.round.fiscal_year}/close/").content.decode()
    table = page.split('id="open-by-province"')[1].split("</table>")[0]
    for name, code in (("นครพนม", "48"), ("สกลนคร", "47")):
        cells = _numbers(table.split(f"<td>{name}</td>")[1].split("</tr>")[0])
        assert cells == [EXPECTED[code][f] for f in FIELDS[1:]]

    # The review index.
    review = world.client_for(world.dept_viewer).get("/review/").content.decode()
    for code in ("48", "47"):
        row = review.split(f'data-province="{code}"')[1].split("</tr>")[0]
        cells = [int(c.split("<")[0]) for c in row.split('class="num">')[1:]]
        assert cells == [EXPECTED[code][f] for f in ("total", "submitted", "returned", "confirmed")]

    # The weekly digest to each province's director.
    JobSchedule.objects.create(reminders_enabled=False, digest_enabled=True, digest_weekday=0,
                               reminder_time=dt.time(8, 0))
    with django_capture_on_commit_callbacks(execute=True):
        assert tick() == ["digest"]
    for director, code in ((world.director, "48"), (world.director_sk, "47")):
        body = Notification.objects.get(user=director, kind="digest").body
        e = EXPECTED[code]
        assert _numbers(body)[-6:] == [e["total"], e["submitted"], e["confirmed"], e["returned"], e["in_progress"],
                                       e["not_started"]]
