"""Reads of a round's form that every save makes, compiled once (wts/lib/prepared.py)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from wts.lib.prepared import PreparedRead
from wts.rounds.models import Round

from .models import MissionArea, WorkItem

_items_of_area = PreparedRead(lambda fiscal_year, number: WorkItem.objects.filter(
    area__round__fiscal_year=fiscal_year, area__number=number).select_related("area__round"))
_round_of_year = PreparedRead(lambda fiscal_year: Round.objects.filter(fiscal_year=fiscal_year))
_area_links = PreparedRead(lambda round_id: MissionArea.objects.filter(round_id=round_id).order_by("number")
                           .values_list("number", "name"))


def round_of_year(fiscal_year: int) -> Round:
    """The round of a fiscal year, or 404."""
    found = _round_of_year.first(fiscal_year)
    if found is None:
        raise Http404("no round of this fiscal year")
    return found


def area_with_items(fiscal_year: int, number: int) -> tuple[Round, MissionArea, list[WorkItem]]:
    """The round, the area and its work items (in the form's order), in one query when the area
    has items; 404 for a round or area that does not exist."""
    items = _items_of_area.objects(fiscal_year, number)
    if items:
        area = items[0].area
        return area.round, area, items
    round_ = round_of_year(fiscal_year)
    return round_, get_object_or_404(MissionArea, round=round_, number=number), []


def area_links(round_) -> list[tuple[int, str]]:
    """(number, name) of every area of the round, in order: the links between areas."""
    return _area_links.rows(round_.pk)
