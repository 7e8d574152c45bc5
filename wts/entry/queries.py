"""Read models of district entry shared by pages: one district's areas with their status."""

from dataclasses import dataclass

from django.db.models import Count

from wts.catalog.models import MissionArea

from .models import AreaReport, AreaStatus, DistrictReport, ItemValue


@dataclass
class AreaRow:
    area: MissionArea
    status: str
    status_label: str
    filled: int
    total: int
    updated_at: object
    updated_by: object


def area_rows(round_, report: DistrictReport | None, *, with_items=False) -> list[AreaRow]:
    """Every area of the round with its status for this report, in two queries (three with the
    items themselves; pages that only show counts should not build 37 items to count them)."""
    areas = MissionArea.objects.filter(round=round_).order_by("number")
    if with_items:
        areas = list(areas.prefetch_related("items"))
        for area in areas:
            area.item_count = len(area.items.all())
    else:
        areas = list(areas.annotate(item_count=Count("items")))
    by_area = {}
    if report is not None and report.pk:
        by_area = {
            ar.area_id: ar for ar in AreaReport.objects.filter(report=report).select_related("updated_by")
        }
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


def values_of(report: DistrictReport | None, area=None) -> dict[int, int | None]:
    if report is None or not report.pk:
        return {}
    qs = ItemValue.objects.filter(report=report)
    if area is not None:
        qs = qs.filter(item__area=area)
    return dict(qs.values_list("item_id", "value"))
