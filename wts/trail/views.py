from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wts.accounts.scope import get_district_for
from wts.audit.models import AuditEvent
from wts.lib.ids import parse_year
from wts.lib.permissions import require
from wts.rounds.models import Round

from .forms import AuditSearchForm

PAGE_SIZE = 50


def _events():
    return AuditEvent.objects.select_related(
        "actor", "round", "district", "district__province", "province", "area", "item", "subject_user"
    )


@require_GET
@login_required
def district_timeline(request: HttpRequest, code: str) -> HttpResponse:
    """A district's history, readable by the district, its director and the department."""
    district = get_district_for(request.user, code)
    rounds = list(Round.objects.order_by("-fiscal_year"))
    selected = None
    fiscal_year = request.GET.get("round", "")
    events = _events().filter(district=district)
    year = parse_year(fiscal_year)
    if year is not None:
        selected = next((r for r in rounds if r.fiscal_year == year), None)
        if selected is not None:
            events = events.filter(round=selected)
    page = Paginator(events.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "trail/timeline.html", {
        "district": district, "rounds": rounds, "selected": selected, "page": page,
        "query": f"round={selected.fiscal_year}" if selected else "",
    })


@require_GET
@login_required
def search(request: HttpRequest) -> HttpResponse:
    """The whole log, for the department: by district, user, action, channel and date."""
    require(request.user, "wts.search_audit")
    form = AuditSearchForm(request.GET or None)
    events = _events()
    status = 200
    if form.is_bound:
        if form.is_valid():
            events = form.filter(events)
        else:
            events, status = events.none(), 400
    page = Paginator(events.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "trail/search.html", {"form": form, "page": page, "query": query.urlencode()},
                  status=status)
