import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wts.audit.models import Source
from wts.geography.models import District
from wts.lib.permissions import can, require

from .actions import (
    RoundRefused,
    create_round,
    extend_deadline,
    preview_extension,
    preview_round_change,
    preview_withdrawal,
    reopen_round,
    update_round,
    withdraw_extension,
)
from .deadlines import extensions_with_status
from .forms import ExtensionForm, NewRoundForm, ReasonForm, RoundForm, next_round_initial
from .models import Extension, Round

WITHDRAW_REASON = gettext_lazy("ต้องระบุเหตุผลของการยกเลิกการขยายเวลา")


def _refusal_to_form(form, exc):
    """A refusal from an action goes beside the field it is about, or above the form."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _model_errors_to_form(form, exc: ValidationError):
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def round_or_404(fiscal_year):
    return get_object_or_404(Round.objects.select_related("closed_by"), fiscal_year=fiscal_year)


@require_GET
@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "wts.view_rounds")
    rounds = Round.objects.order_by("-fiscal_year").select_related("closed_by")
    return render(request, "rounds/list.html", {"rounds": rounds, "can_manage": can(request.user, "wts.manage_rounds")})


@require_http_methods(["GET", "POST"])
@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "wts.manage_rounds")
    form = NewRoundForm(initial=next_round_initial())
    status = 200
    if request.method == "POST":
        form = NewRoundForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                round_ = create_round(acting_user=request.user, values=form.values(), source=Source.WEB)
            except ValidationError as exc:
                _model_errors_to_form(form, exc)
            else:
                messages.success(request, _("สร้าง%(round)s แล้ว พร้อมแบบฟอร์มจากรอบก่อนหน้า") % {"round": round_})
                return redirect("rounds:detail", fiscal_year=round_.fiscal_year)
    return render(request, "rounds/new.html", {"form": form}, status=status)


def _round_fingerprint(form, round_) -> str:
    """What the preview of a round change showed, and the windows stored when it was shown: a
    confirmation of other values, or after someone else's change, shows a fresh preview instead."""
    keys = sorted(key for key in form.data if key not in ("csrfmiddlewaretoken", "confirm", "previewed", "reason",
                                                           "confirm_shortening"))
    text = "\n".join(f"{key}={form.data.get(key, '')}" for key in keys)
    text += "\n" + "\n".join(getattr(round_, name).isoformat() for name in RoundForm.window_fields)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@require_http_methods(["GET", "POST"])
@login_required
def round_detail(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    """The round's windows and settings. A change of the windows first shows its effect on the
    deadlines in effect (POST without ``confirm``), then is saved (POST with ``confirm``); a
    change of the settings alone is saved at once."""
    require(request.user, "wts.view_rounds")
    round_ = round_or_404(fiscal_year)
    can_manage = can(request.user, "wts.manage_rounds")
    form = RoundForm(instance=round_)
    status = 200
    preview = None
    if request.method == "POST":
        require(request.user, "wts.manage_rounds")
        form = RoundForm(request.POST, instance=Round.objects.get(pk=round_.pk))
        status = 400
        if form.is_valid():
            try:
                preview = preview_round_change(round_, values=form.values(), acting_user=request.user)
                confirmed = "confirm" in request.POST and request.POST.get("previewed") == _round_fingerprint(
                    form, round_)
                if preview is None or confirmed:
                    changed = update_round(
                        round_, acting_user=request.user, values=form.values(), source=Source.WEB,
                        reason=form.cleaned_data["reason"], confirm_shortening=form.cleaned_data["confirm_shortening"])
                    if changed:
                        messages.success(request, _("บันทึกการแก้ไขรอบแล้ว"))
                    else:
                        messages.info(request, _("ไม่มีการเปลี่ยนแปลง"))
                    return redirect("rounds:detail", fiscal_year=fiscal_year)
                status = 200
            except RoundRefused as exc:
                _refusal_to_form(form, exc)
            except ValidationError as exc:
                _model_errors_to_form(form, exc)
    return render(request, "rounds/detail.html", {
        "round": round_, "form": form, "can_manage": can_manage, "preview": preview,
        "previewed": _round_fingerprint(form, round_) if preview else "",
        "reopen_form": ReasonForm(required_message=_("ต้องระบุเหตุผลของการเปิดรอบอีกครั้ง"), prefix="reopen"),
    }, status=status)


def _fingerprint(form) -> str:
    """What the preview showed: confirming values changed since then shows a fresh preview instead."""
    keys = ["window", "scope", "province", "district", "closes_at_0", "closes_at_1", "also_confirm",
            "confirm_closes_at_0", "confirm_closes_at_1", "reason"]
    text = "\n".join(f"{key}={form.data.get(key, '')}" for key in keys)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@require_http_methods(["GET", "POST"])
@login_required
def extensions(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    """The round's extensions with their status; the administrator previews an extension's effect
    (POST without ``confirm``) and then saves it (POST with ``confirm``)."""
    require(request.user, "wts.view_rounds")
    round_ = round_or_404(fiscal_year)
    status = 200
    preview = None
    form = ExtensionForm()
    if request.method == "POST":
        require(request.user, "wts.manage_rounds")
        form = ExtensionForm(request.POST)
        status = 400
        if form.is_valid():
            arguments = form.action_arguments()
            try:
                if "confirm" in request.POST and request.POST.get("previewed") == _fingerprint(form):
                    extend_deadline(round_, reason=form.cleaned_data["reason"], acting_user=request.user,
                                    source=Source.WEB, **arguments)
                    messages.success(request, _("บันทึกการขยายเวลาและแจ้งผู้เกี่ยวข้องแล้ว"))
                    return redirect("rounds:extensions", fiscal_year=fiscal_year)
                preview = preview_extension(round_, acting_user=request.user, **arguments)
                status = 200
            except RoundRefused as exc:
                _refusal_to_form(form, exc)
    return render(request, "rounds/extensions.html", {
        "round": round_, "form": form, "preview": preview,
        "previewed": _fingerprint(form) if preview else "",
        "extensions": extensions_with_status(round_, District.objects.only("pk", "province_id")),
        "can_manage": can(request.user, "wts.manage_rounds"),
    }, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def withdraw(request: HttpRequest, fiscal_year: int, extension_id: int) -> HttpResponse:
    """The effect of withdrawing an extension, then the withdrawal with a reason."""
    require(request.user, "wts.manage_rounds")
    round_ = round_or_404(fiscal_year)
    extension = get_object_or_404(
        Extension.objects.select_related("province", "district", "district__province", "created_by"),
        pk=extension_id, round=round_,
    )
    form = ReasonForm(request.POST or None, required_message=WITHDRAW_REASON)
    status = 200
    refusal = None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                withdraw_extension(extension, reason=form.cleaned_data["reason"], acting_user=request.user,
                                   source=Source.WEB)
            except RoundRefused as exc:
                _refusal_to_form(form, exc)
            else:
                messages.success(request, _("ยกเลิกการขยายเวลาและแจ้งผู้เกี่ยวข้องแล้ว"))
                return redirect("rounds:extensions", fiscal_year=fiscal_year)
    try:
        effect = preview_withdrawal(extension, acting_user=request.user)
    except RoundRefused as exc:
        effect, refusal = None, exc.message
        status = 400 if request.method == "POST" else 409
    return render(request, "rounds/withdraw.html", {
        "round": round_, "extension": extension, "form": form, "effect": effect, "refusal": refusal,
    }, status=status)


def act_with_reason(request, form, action, round_, done_message) -> HttpResponse | None:
    """A valid reason runs the round's action and goes back to the round; a refusal lands on the
    form. None means the form is to be shown again."""
    if not form.is_valid():
        return None
    try:
        action(round_, acting_user=request.user, reason=form.cleaned_data["reason"], source=Source.WEB)
    except RoundRefused as exc:
        _refusal_to_form(form, exc)
        return None
    messages.success(request, done_message % {"round": round_})
    return redirect("rounds:detail", fiscal_year=round_.fiscal_year)


@require_POST
@login_required
def reopen(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    require(request.user, "wts.manage_rounds")
    round_ = round_or_404(fiscal_year)
    reopen_form = ReasonForm(request.POST, required_message=_("ต้องระบุเหตุผลของการเปิดรอบอีกครั้ง"), prefix="reopen")
    done = act_with_reason(request, reopen_form, reopen_round, round_, _("เปิด%(round)s อีกครั้งแล้ว"))
    if done is not None:
        return done
    return render(request, "rounds/detail.html", {
        "round": round_, "form": RoundForm(instance=round_), "can_manage": True, "reopen_form": reopen_form,
    }, status=400)
