from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wts.accounts.models import DEPARTMENT_ROLES, Role
from wts.audit.models import Source
from wts.review.actions import TransitionRefused, close_round

from .actions import ExtensionRefused, extend_deadline
from .forms import ExtensionForm
from .models import Extension, Round


def _department(user):
    if user.role not in DEPARTMENT_ROLES:
        raise PermissionDenied


def extensions_in_force(round_):
    """Every extension of the round, newest first, each marked whether it still decides a deadline:
    an older extension at the same scope and window is superseded by the newer one."""
    extensions = list(
        Extension.objects.filter(round=round_).select_related("province", "district", "district__province", "created_by")
        .order_by("-created_at", "-id")
    )
    seen = set()
    for ext in extensions:
        key = (ext.window, ext.province_id, ext.district_id)
        ext.in_force = key not in seen
        seen.add(key)
    return extensions


@require_GET
@login_required
def round_list(request):
    _department(request.user)
    rounds = Round.objects.order_by("-fiscal_year").select_related("closed_by")
    return render(request, "rounds/list.html", {"rounds": rounds, "can_manage": request.user.role == Role.DEPARTMENT_ADMIN})


@require_http_methods(["GET", "POST"])
@login_required
def extensions(request, fiscal_year):
    _department(request.user)
    round_ = get_object_or_404(Round, fiscal_year=fiscal_year)
    can_manage = request.user.role == Role.DEPARTMENT_ADMIN
    status = 200
    form = ExtensionForm()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = ExtensionForm(request.POST)
        if form.is_valid():
            province, district = form.target()
            try:
                extend_deadline(
                    round_, window=form.cleaned_data["window"], closes_at=form.cleaned_data["closes_at"],
                    reason=form.cleaned_data["reason"], acting_user=request.user, province=province, district=district,
                    source=Source.WEB,
                )
            except ExtensionRefused as exc:
                form.add_error(None, exc.message)
                status = 400
            else:
                messages.success(request, _("บันทึกการขยายเวลาและแจ้งผู้เกี่ยวข้องแล้ว"))
                return redirect("rounds:extensions", fiscal_year=fiscal_year)
        else:
            status = 400
    return render(request, "rounds/extensions.html", {
        "round": round_, "form": form, "extensions": extensions_in_force(round_), "can_manage": can_manage,
    }, status=status)


@require_POST
@login_required
def close(request, fiscal_year):
    if request.user.role != Role.DEPARTMENT_ADMIN:
        raise PermissionDenied
    round_ = get_object_or_404(Round, fiscal_year=fiscal_year)
    try:
        close_round(round_, acting_user=request.user, source=Source.WEB)
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("ปิด%(round)s แล้ว ข้อมูลในรอบนี้จะไม่เปลี่ยนแปลงอีก") % {"round": round_})
    return redirect("rounds:list")
