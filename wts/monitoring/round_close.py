"""The round's close page: what is still open (the workflow's one count, wts/workflow/progress.py),
then the close with a reason (wts/workflow/closing.py). It is served at /rounds/<year>/close/ by
wts/urls.py: the rounds app sits below the workflow and cannot import the count."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wts.lib.permissions import require
from wts.rounds.forms import ReasonForm
from wts.rounds.views import act_with_reason, round_or_404
from wts.workflow.actions import close_round
from wts.workflow.closing import close_summary


@require_http_methods(["GET", "POST"])
@login_required
def close(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    """What is still open in the round, then the close with a reason."""
    require(request.user, "wts.manage_rounds")
    round_ = round_or_404(fiscal_year)
    form = ReasonForm(request.POST or None, required_message=_("ต้องระบุเหตุผลของการปิดรอบ"))
    if request.method == "POST":
        done = act_with_reason(request, form, close_round, round_,
                               _("ปิด%(round)s แล้ว ข้อมูลในรอบนี้จะไม่เปลี่ยนแปลงอีก"))
        if done is not None:
            return done
    return render(request, "monitoring/round_close.html", {
        "round": round_, "form": form, "summary": close_summary(round_),
    }, status=400 if request.method == "POST" else 200)
