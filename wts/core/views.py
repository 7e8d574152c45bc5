from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_GET

from wts.geography.models import District
from wts.lib.permissions import can
from wts.rounds.deadlines import deadlines_ahead
from wts.rounds.models import Round
from wts.workflow.models import ReportState

# Districts this close to their entry deadline are listed as "due soon" on the director's home.
DUE_SOON_DAYS = 3


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on what it must do next."""
    user = request.user
    if can(user, "wts.record_workload"):
        return redirect("entry:district_home")
    round_ = Round.current()
    context = {"round": round_, "now": timezone.now()}
    if round_ is not None:
        if can(user, "wts.follow_own_province"):
            context.update(_province_home(round_, user))
        elif can(user, "wts.view_national_figures"):
            context.update(_department_home(round_))
    return render(request, "core/home.html", context)


def _province_home(round_, user):
    from wts.monitoring.status import province_status

    status = province_status(round_, user.province)
    rows = status.rows
    return {
        "province_status": status,
        "waiting": [r for r in rows if r.state == ReportState.SUBMITTED],
        "late": [r for r in rows if r.is_late],
        "due_soon": [r for r in rows if r.needs_follow_up and r.entry_days_left is not None
                     and 0 <= r.entry_days_left <= DUE_SOON_DAYS],
        "returned": [r for r in rows if r.state == ReportState.RETURNED],
        "confirmed_count": sum(1 for r in rows if r.state == ReportState.CONFIRMED),
        "confirm_days_left": min((r.confirm_days_left for r in rows), default=None),
        "entry_days_left": min((r.entry_days_left for r in rows), default=None),
    }


def _department_home(round_):
    from wts.monitoring.status import national_status

    status = national_status(round_)
    # Only the deadlines someone has now: a superseded or withdrawn extension is no deadline.
    ahead = deadlines_ahead(round_, District.objects.only("pk", "province_id"))
    return {"national": status, "totals": status.totals(), "deadlines_ahead": ahead}


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/500.html", status=500)


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    return redirect(static("wts/favicon.svg"), permanent=True)
