"""Read models of the review pages: a province's districts, and one district's values beside
the previous round, the province median, the flags, the comments and the changes since a return."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from wts.catalog.models import MissionArea
from wts.lib.thai_sort import thai_sorted
from wts.rounds.deadlines import deadlines_for_districts
from wts.workflow.flags import RoundFlagger
from wts.workflow.models import DistrictReport, ItemValue, ReportState, ReturnRequest, ValueComment


@dataclass
class ItemRow:
    item: object
    value: int | None
    previous: int | None
    province_median: int | None
    flags: list[str]
    comments: list
    marked: bool
    changed: bool
    before_return: int | None
    note: str = ""  # the district's explanation of the value


@dataclass
class AreaSection:
    area: MissionArea
    rows: list[ItemRow] = field(default_factory=list)

    @property
    def flag_count(self):
        return sum(1 for r in self.rows if r.flags)

    @property
    def changed_count(self):
        return sum(1 for r in self.rows if r.changed)


def review_sections(report, flagger: RoundFlagger | None = None, last_return: ReturnRequest | None = None):
    """Every area and item of the report's round with what the reviewer needs beside each value."""
    round_ = report.round
    flagger = flagger or RoundFlagger(round_, [report.district_id])
    areas = list(MissionArea.objects.filter(round=round_).prefetch_related("items").order_by("number"))
    values, notes = {}, {}
    for item_id, value, note in ItemValue.objects.filter(report=report).values_list("item_id", "value", "note"):
        values[item_id] = value
        if note:
            notes[item_id] = note
    previous = flagger.previous().get(report.district_id) or {}
    flags = flagger.flags_for_district(report.district_id)
    comments = defaultdict(list)
    for comment in ValueComment.objects.filter(report=report).select_related("author"):
        comments[comment.item_id].append(comment)
    marked = {i.pk for i in last_return.items.all()} if last_return else set()
    compare = last_return is not None and report.state != ReportState.RETURNED and last_return.resubmitted_at
    province_id = report.district.province_id
    sections = []
    for area in areas:
        section = AreaSection(area=area)
        for item in area.items.all():
            value = values.get(item.pk)
            before = last_return.snapshot_value(item.pk) if last_return else None
            section.rows.append(
                ItemRow(
                    item=item, value=value, previous=previous.get(item.code),
                    province_median=_rounded(flagger.province_median(province_id, item.pk)), flags=flags.get(item.pk, []),
                    comments=comments.get(item.pk, []), marked=item.pk in marked,
                    changed=bool(compare) and before != value, before_return=before, note=notes.get(item.pk, ""),
                )
            )
        sections.append(section)
    return sections


def _rounded(value):
    return None if value is None else int(round(value))


def province_reports(round_, province):
    """The province's districts with their report (or None), deadlines and last return, in a fixed
    number of queries whatever the number of districts."""
    districts = thai_sorted(province.districts.all(), key=lambda d: d.name_th)
    reports = {
        r.district_id: r
        for r in DistrictReport.objects.filter(round=round_, district__province=province)
        .select_related("last_changed_by", "confirmed_by")
        .annotate(return_count=Count("return_requests"))
        .prefetch_related(Prefetch("return_requests", queryset=ReturnRequest.objects.order_by("-created_at", "-id")))
    }
    deadlines = deadlines_for_districts(round_, districts)
    rows = []
    for d in districts:
        report = reports.get(d.pk)
        if report is not None:
            report.round = round_
            report.district = d
        rows.append((d, report, deadlines[d.pk]))
    return rows
