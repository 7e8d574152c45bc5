"""The department's national list of values that look wrong.

The rules (a large change from the previous round; a robust outlier, median and MAD, among
districts of similar size) live once, in ``wts.workflow.flags``, so a director reviewing a report
and the department reading this list see the same flags. This module loads the round once and
lists the flags of every district in the viewer's scope, with what the list needs around them;
peers stay national whatever the scope.
"""

from dataclasses import dataclass

from wts.catalog.models import WorkItem
from wts.geography.models import District
from wts.rounds.models import Round
from wts.workflow.flags import RoundFlagger, previous_round
from wts.workflow.models import DistrictReport


@dataclass
class Flag:
    report_id: int
    report_state: str
    district: District
    item: WorkItem
    value: int
    messages: list[str]


@dataclass
class RoundFlags:
    round: Round
    previous_round: Round | None
    flags: list[Flag]
    values_checked: int


def round_flags(round_: Round, *, district_ids=None) -> RoundFlags:
    """Flags of the round's recorded values; ``district_ids`` (a set) limits what is listed, never
    the peers. A fixed number of queries whatever the number of districts."""
    flagger = RoundFlagger(round_)
    wanted = set(flagger.values) if district_ids is None else set(flagger.values) & set(district_ids)
    items = {i.pk: i for i in WorkItem.objects.filter(area__round=round_).select_related("area")}
    reports = (
        DistrictReport.objects.filter(round=round_, district_id__in=list(wanted))
        .select_related("district__province")
        .order_by("district__province__code", "district__code")
    )
    flags = []
    checked = 0
    for report in reports:
        values = flagger.values.get(report.district_id, {})
        checked += len(values)
        by_item = flagger.flags_for_district(report.district_id)
        for item_id in sorted(by_item, key=lambda pk: (items[pk].area.number, items[pk].order, items[pk].code)):
            flags.append(Flag(
                report_id=report.pk, report_state=report.state, district=report.district, item=items[item_id],
                value=values[item_id], messages=by_item[item_id],
            ))
    return RoundFlags(round=round_, previous_round=previous_round(round_), flags=flags, values_checked=checked)
