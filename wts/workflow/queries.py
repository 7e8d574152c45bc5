"""Read models the pages of both sides share: a district's areas with their status, its values,
its last return, the review notes on an area, and everything the district's own page shows."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Prefetch
from django.utils import timezone

from wts.catalog.models import MissionArea, WorkItem
from wts.lib.prepared import PreparedRead
from wts.lib.thai import days_left
from wts.rounds.deadlines import deadlines_for
from wts.rounds.models import Round

from . import rules
from .flags import RoundFlagger
from .models import (
    AreaReport,
    AreaStatus,
    DistrictReport,
    ItemValue,
    ReportState,
    ReturnRequest,
    ValueComment,
)


def area_count(round_) -> int:
    return MissionArea.objects.filter(round=round_).count()


@dataclass
class AreaRow:
    area: MissionArea
    status: str
    status_label: str
    filled: int
    total: int
    updated_at: object
    updated_by: object


# Read on every officer home page: compiled once (wts/lib/prepared.py).
_areas_with_item_count = PreparedRead(lambda round_id: MissionArea.objects.filter(round_id=round_id)
                                      .order_by("number").annotate(item_count=Count("items")))
_items_of_round = PreparedRead(lambda round_id: WorkItem.objects.filter(area__round_id=round_id)
                               .order_by("area__number", "order", "code"))
_area_reports_with_editor = PreparedRead(lambda report_id: AreaReport.objects.filter(report_id=report_id)
                                         .select_related("updated_by"))
_report_of_district = PreparedRead(lambda round_id, district_id: DistrictReport.objects.filter(
    round_id=round_id, district_id=district_id))
_other_rounds_of_district = PreparedRead(lambda district_id, round_id: Round.objects.filter(
    reports__district_id=district_id).exclude(pk=round_id))


def area_rows(round_, report: DistrictReport | None, *, with_items=False) -> list[AreaRow]:
    """Every area of the round with its status for this report, in two queries (three with the
    items themselves; pages that only show counts should not build 37 items to count them)."""
    if with_items:
        areas = _areas_with_item_count.objects(round_.pk)
        items_of = {area.pk: [] for area in areas}
        for item in _items_of_round.objects(round_.pk):
            items_of[item.area_id].append(item)
        for area in areas:
            area.round_items = items_of[area.pk]  # in the form's order
    else:
        areas = _areas_with_item_count.objects(round_.pk)
    by_area = {}
    if report is not None and report.pk:
        by_area = {ar.area_id: ar for ar in _area_reports_with_editor.objects(report.pk)}
    rows = []
    for area in areas:
        ar = by_area.get(area.pk)
        status = ar.status if ar else AreaStatus.NOT_STARTED
        rows.append(
            AreaRow(
                area=area, status=status, status_label=AreaStatus(status).label,
                filled=ar.filled_count if ar else 0, total=area.item_count,
                updated_at=ar.updated_at if ar else None, updated_by=ar.updated_by if ar else None,
            )
        )
    return rows


_values_of_report = PreparedRead(lambda report_id: ItemValue.objects.filter(report_id=report_id)
                                 .values_list("item_id", "value"))


def values_of(report: DistrictReport | None, area=None) -> dict[int, int | None]:
    if report is None or not report.pk:
        return {}
    if area is None:
        return dict(_values_of_report.rows(report.pk))
    qs = ItemValue.objects.filter(report=report)
    if area is not None:
        qs = qs.filter(item__area=area)
    return dict(qs.values_list("item_id", "value"))


@dataclass
class ValueHint:
    """Beside one value on the officer's form: last round's value, the flags the director will see
    (soft warnings: the value is saved all the same) and the officer's explanation."""

    previous: int | None
    flags: list[str]
    note: str


_values_and_notes = PreparedRead(lambda report_id, area_id: ItemValue.objects.filter(
    report_id=report_id, item__area_id=area_id).values_list("item_id", "value", "note"))


def values_and_notes_of(report, area) -> tuple[dict[int, int | None], dict[int, str]]:
    """The area's values and the officer's explanations, in one query."""
    values, notes = {}, {}
    if report is not None and report.pk:
        for item_id, value, note in _values_and_notes.rows(report.pk, area.pk):
            values[item_id] = value
            if note:
                notes[item_id] = note
    return values, notes


def value_hints(round_, district, report, items, *, values=None, notes=None) -> dict[int, ValueHint]:
    """{item_id: ValueHint} for the given items of one district's report (which may be unsaved);
    `values` ({item_id: value}) and `notes` ({item_id: text}) when the caller has read or saved
    them already: the flags then cost one query, for last round's values."""
    items = list(items)
    saved = report is not None and report.pk
    in_hand = {item: values.get(item.pk) for item in items} if values is not None and saved else None
    # The district's values (unless in hand) and last round's; the peers' medians come from the cache.
    flagger = RoundFlagger(round_, districts=[district], with_provinces=False, values_in_hand=in_hand)
    previous = flagger.previous().get(district.pk, {})
    flags = flagger.flags_for_district(district.pk) if saved else {}
    if notes is None and saved:
        notes = dict(ItemValue.objects.filter(report=report, item__in=items).exclude(note="")
                     .values_list("item_id", "note"))
    notes = notes or {}
    return {item.pk: ValueHint(previous=previous.get(item.code), flags=flags.get(item.pk, []),
                               note=notes.get(item.pk, "")) for item in items}


def latest_return(report) -> ReturnRequest | None:
    if report is None or not report.pk:
        return None
    return (
        ReturnRequest.objects.filter(report=report)
        .select_related("created_by", "area")
        .prefetch_related(Prefetch("items", queryset=WorkItem.objects.select_related("area")))
        .first()
    )


def review_notes(report, area):
    """Items the province marked to fix (while returned) and comments on this area's values."""
    if report is None or not report.pk or report.state in (ReportState.NOT_STARTED, ReportState.IN_PROGRESS):
        return set(), []
    marked = set()
    if report.state == ReportState.RETURNED:
        last = ReturnRequest.objects.filter(report=report).first()
        if last is not None:
            marked = set(last.items.filter(area=area).values_list("pk", flat=True))
    comments = list(ValueComment.objects.filter(report=report, item__area=area).select_related("author", "item"))
    return marked, comments


class DueKind:
    """What a district must do now, one per report state (the words are in entry/_due.html)."""

    RECORD = "record"  # not started, in progress: record and submit by the entry deadline
    RESUBMIT = "resubmit"  # returned: fix and submit again by the confirmation deadline
    WAITING = "waiting"  # submitted: the province holds it, nothing is due from the district
    DONE = "done"  # confirmed: nothing is due
    CLOSED = "closed"  # the round is closed: nothing can change


@dataclass(frozen=True)
class Due:
    kind: str
    deadline: datetime | None = None
    days_left: int | None = None
    extended: bool = False
    extension_reason: str = ""


def due_for(report, deadlines, now) -> Due:
    """The one deadline in effect for this district's report, or that nothing is due."""
    state = report.state if report is not None else ReportState.NOT_STARTED
    if report is not None and report.round.is_closed:
        return Due(DueKind.CLOSED)
    if state == ReportState.SUBMITTED:
        return Due(DueKind.WAITING)
    if state == ReportState.CONFIRMED:
        return Due(DueKind.DONE)
    if state == ReportState.RETURNED:
        return Due(DueKind.RESUBMIT, deadlines.confirm_closes_at, days_left(deadlines.confirm_closes_at, now),
                   deadlines.confirm_extended,
                   deadlines.confirm_extension.reason if deadlines.confirm_extended else "")
    return Due(DueKind.RECORD, deadlines.entry_closes_at, days_left(deadlines.entry_closes_at, now),
               deadlines.entry_extended, deadlines.entry_extension.reason if deadlines.entry_extended else "")


def review_status_for_district(report, rows, deadlines, now):
    """What the review adds to the district's own page: the submit button or why not, and, when
    returned, the reason, the marked items and the director's comments."""
    context = {"can_submit": False, "submit_refusal": None, "last_return": None, "marked_items": [],
               "review_comments": []}
    if report.pk is None:
        return context
    if report.state in (ReportState.IN_PROGRESS, ReportState.RETURNED):
        refusal = rules.submit_refusal(report, area_total=len(rows), now=now, deadlines=deadlines)
        context["can_submit"] = refusal is None
        context["submit_refusal"] = refusal
    if report.state == ReportState.RETURNED:
        last_return = latest_return(report)
        context["last_return"] = last_return
        if last_return is not None:
            context["marked_items"] = sorted(last_return.items.all(), key=lambda i: (i.area.number, i.order, i.code))
    if report.state not in (ReportState.NOT_STARTED, ReportState.IN_PROGRESS):
        # Comments come with the province's review, which starts at submission.
        context["review_comments"] = list(
            report.comments.select_related("author", "item").order_by("-created_at")[:20]
        )
    return context


def district_overview(district, *, now=None) -> dict:
    """Everything the district's own page shows: the open round, its report, the 8 areas, the
    deadlines and days left, why it cannot record now, the submit button or why not, the return,
    the review's comments and the earlier rounds. The officer's home page and the error path of
    its reply to a comment both render this, so the officer never sees another role's page."""
    now = now or timezone.now()
    round_ = Round.current()
    context = {"district": district, "round": round_}
    if round_ is not None:
        report = _report_of_district.first(round_.pk, district.pk)
        if report is not None:
            report.round, report.district = round_, district
        rows = area_rows(round_, report)
        deadlines = deadlines_for(round_, district)
        probe = report or DistrictReport(round=round_, district=district)
        probe.round, probe.district = round_, district
        context.update(
            report=report,
            rows=rows,
            complete=sum(1 for r in rows if r.status == AreaStatus.COMPLETE),
            total_areas=len(rows),
            deadlines=deadlines,
            entry_days_left=days_left(deadlines.entry_closes_at, now),
            confirm_days_left=days_left(deadlines.confirm_closes_at, now),
            refusal=rules.edit_refusal(probe, now=now, deadlines=deadlines),
            due=due_for(probe, deadlines, now),
            **review_status_for_district(probe, rows, deadlines, now),
        )
    context["past_rounds"] = (_other_rounds_of_district.objects(district.pk, round_.pk) if round_ is not None
                              else Round.objects.filter(reports__district=district))
    return context
