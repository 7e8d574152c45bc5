"""Which round a board or a document is about, read from the request."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from wts.lib.ids import parse_year
from wts.rounds.models import Round


def round_from_request(request):
    """The round asked for (?round=2569), else the current one, else the latest."""
    year = request.GET.get("round", "")
    if year:
        fiscal_year = parse_year(year)
        if fiscal_year is None:
            raise Http404
        return get_object_or_404(Round, fiscal_year=fiscal_year)
    return Round.current() or Round.objects.order_by("-fiscal_year").first()
