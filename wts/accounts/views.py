from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from wts.accounts.scope import get_province_for
from wts.audit.models import AuditEvent, Source
from wts.geography.models import Province

from . import actions
from .forms import AccountListForm, DeactivateForm, PasswordChangeForm, ProfileForm, TokenForm
from .models import Role, User
from .otp import has_second_factor, manual_secret, may_use_second_factor, pending_device, qr_svg
from .permissions import get_visible_user, may_manage, require_manager
from .slips import (
    SlipTokenInvalid,
    account_list_template,
    credentials_from_token,
    make_slip_token,
    slips_pdf,
)


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            user = form.user
            if user.must_change_password:
                user.must_change_password = False
                user.save(update_fields=["must_change_password"])
            AuditEvent.record("account.password_changed", actor=user, subject_user=user)
        return response


def locked_usernames(usernames) -> set[str]:
    """Which of these accounts are locked out right now by too many failed logins."""
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    return set(
        AccessAttempt.objects.filter(
            username__in=list(usernames), failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since,
        ).values_list("username", flat=True)
    )


@require_http_methods(["GET", "POST"])
@login_required
def profile(request):
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=User.objects.get(pk=user.pk))
        if form.is_valid():
            changed = actions.do_update_profile(user, form.cleaned_data, acting_user=user, source=Source.WEB)
            messages.success(request, _("บันทึกข้อมูลส่วนตัวแล้ว") if changed else _("ไม่มีข้อมูลที่เปลี่ยนแปลง"))
            return redirect("accounts_profile")
        status = 400
    else:
        form, status = ProfileForm(instance=user), 200
    context = {
        "form": form,
        "may_use_second_factor": may_use_second_factor(user),
        "has_second_factor": has_second_factor(user),
    }
    return render(request, "accounts/profile.html", context, status=status)


@require_GET
@login_required
def manage_home(request):
    require_manager(request.user)
    if request.user.role == Role.PROVINCIAL_ADMIN:
        return redirect("accounts_province", code=request.user.province.code)
    provinces = list(Province.objects.annotate(
        district_count=Count("districts", distinct=True),
        covered_count=Count("districts", filter=Q(districts__users__role=Role.DISTRICT_OFFICER), distinct=True),
        waiting_count=Count("users", filter=Q(users__role=Role.DISTRICT_OFFICER, users__must_change_password=True,
                                              users__is_active=True), distinct=True),
    ).order_by("code"))
    for province in provinces:
        province.missing_count = province.district_count - province.covered_count
    department_users = User.objects.filter(role__in=[Role.DEPARTMENT_ADMIN, Role.DEPARTMENT_VIEWER]).order_by("username")
    return render(request, "accounts/manage_home.html", {"provinces": provinces, "department_users": department_users})


def _province_context(request, province):
    districts = list(province.districts.order_by("code"))
    users = list(
        User.objects.filter(province=province).select_related("district").order_by("role", "username")
    )
    locked = locked_usernames(u.username for u in users)
    officers = {}
    for user in users:
        if user.role == Role.DISTRICT_OFFICER:
            officers.setdefault(user.district_id, []).append(user)
    rows = [(district, officers.get(district.pk, [])) for district in districts]
    return {
        "province": province,
        "rows": rows,
        "others": [u for u in users if u.role != Role.DISTRICT_OFFICER],
        "locked": locked,
        "without_account": sum(1 for _d, accounts in rows if not accounts),
        "manageable": {u.pk for u in users if may_manage(request.user, u)},
    }


def _managed_province(request, code):
    require_manager(request.user)
    return get_province_for(request.user, code)


@require_GET
@login_required
def province_accounts(request, code):
    province = _managed_province(request, code)
    context = _province_context(request, province)
    context["list_form"] = AccountListForm(province=province)
    return render(request, "accounts/province_accounts.html", context)


def _issued(request, *, title, credentials, skipped=(), back):
    token = make_slip_token(credentials, acting_user=request.user) if credentials else ""
    response = render(request, "accounts/credentials_issued.html", {
        "title": title, "credentials": credentials, "skipped": skipped, "token": token, "back": back,
    })
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def province_provision(request, code):
    province = _managed_province(request, code)
    result = actions.do_provision_district_accounts(province, acting_user=request.user, source=Source.WEB)
    return _issued(request, title=_("สร้างบัญชีท้องถิ่นอำเภอ จังหวัด%(p)s") % {"p": province.name_th},
                   credentials=result.issued, skipped=result.skipped,
                   back=reverse("accounts_province", kwargs={"code": code}))


@require_POST
@login_required
def province_import(request, code):
    province = _managed_province(request, code)
    form = AccountListForm(request.POST, request.FILES, province=province)
    if not form.is_valid():
        context = _province_context(request, province)
        context["list_form"] = form
        return render(request, "accounts/province_accounts.html", context, status=400)
    result = actions.do_provision_district_accounts(
        province, acting_user=request.user, details=form.cleaned_data["details"], source=Source.IMPORT,
    )
    return _issued(request, title=_("สร้างบัญชีจากไฟล์รายชื่อ จังหวัด%(p)s") % {"p": province.name_th},
                   credentials=result.issued, skipped=result.skipped,
                   back=reverse("accounts_province", kwargs={"code": code}))


@require_GET
@login_required
def province_list_template(request, code):
    province = _managed_province(request, code)
    response = HttpResponse(
        account_list_template(province),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="accounts-{province.code}.xlsx"'
    return response


@never_cache
@require_POST
@login_required
def slips(request):
    require_manager(request.user)
    try:
        credentials = credentials_from_token(request.POST.get("token", ""), acting_user=request.user)
    except SlipTokenInvalid as exc:
        return render(request, "accounts/slip_refused.html", {"reason": str(exc)}, status=400)
    if not credentials:
        return render(request, "accounts/slip_refused.html",
                      {"reason": _("รหัสผ่านชุดนี้ถูกเปลี่ยนไปแล้ว ไม่มีใบแจ้งที่ยังใช้ได้")}, status=410)
    AuditEvent.record("account.slips_printed", actor=request.user, source=Source.WEB,
                      province=request.user.province, data={"usernames": [c.username for c in credentials]})
    response = HttpResponse(slips_pdf(credentials, issued_by=request.user), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="credential-slips.pdf"'
    return response


@require_GET
@login_required
def user_detail(request, username):
    require_manager(request.user)
    target = get_visible_user(request.user, username)
    events = (AuditEvent.objects.filter(subject_user=target, action__startswith="account.")
              .select_related("actor").order_by("-created_at", "-id")[:20])
    locked = locked_usernames([target.username])
    return render(request, "accounts/user_detail.html", {
        "target": target,
        "events": events,
        "locked": bool(locked),
        "locked_set": locked,
        "may_manage": may_manage(request.user, target),
        "has_second_factor": has_second_factor(target),
        "deactivate_form": DeactivateForm(),
    })


def _target(request, username):
    require_manager(request.user)
    target = get_visible_user(request.user, username)
    if not may_manage(request.user, target):
        raise PermissionDenied
    return target


@require_POST
@login_required
def user_reset_password(request, username):
    target = _target(request, username)
    credential = actions.do_reset_password(target, acting_user=request.user, source=Source.WEB)
    return _issued(request, title=_("ตั้งรหัสผ่านใหม่ให้ %(u)s") % {"u": target.username},
                   credentials=[credential], back=reverse("accounts_user", kwargs={"username": username}))


@require_POST
@login_required
def user_set_active(request, username, active):
    target = _target(request, username)
    form = DeactivateForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if actions.do_set_active(target, active, acting_user=request.user, reason=reason, source=Source.WEB):
        messages.success(request, _("เปิดใช้บัญชีแล้ว") if active else _("ระงับบัญชีแล้ว"))
    return redirect("accounts_user", username=username)


@require_POST
@login_required
def user_unlock(request, username):
    target = _target(request, username)
    actions.do_unlock(target, acting_user=request.user, source=Source.WEB)
    messages.success(request, _("ปลดล็อกบัญชี %(u)s แล้ว") % {"u": target.username})
    return redirect("accounts_user", username=username)


@require_POST
@login_required
def user_remove_second_factor(request, username):
    target = _target(request, username)
    actions.do_remove_second_factor(target, acting_user=request.user, source=Source.WEB)
    messages.success(request, _("ยกเลิกการยืนยันตัวตนสองขั้นตอนของ %(u)s แล้ว") % {"u": target.username})
    return redirect("accounts_user", username=username)


@require_http_methods(["GET", "POST"])
@login_required
def otp_setup(request):
    user = request.user
    if not may_use_second_factor(user):
        raise PermissionDenied
    if has_second_factor(user):
        return render(request, "accounts/otp_setup.html", {"enabled": True, "form": TokenForm()})
    device = pending_device(user)
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and device.verify_token(form.cleaned_data["token"]):
            actions.do_enable_second_factor(device, acting_user=user, source=Source.WEB)
            otp_login(request, device)
            messages.success(request, _("เปิดใช้การยืนยันตัวตนสองขั้นตอนแล้ว"))
            return redirect("accounts_profile")
        if form.is_valid():
            form.add_error("token", _("รหัสไม่ถูกต้อง ตรวจสอบเวลาในโทรศัพท์แล้วลองรหัสล่าสุด"))
        status = 400
    return render(request, "accounts/otp_setup.html",
                  {"enabled": False, "form": form, "qr": qr_svg(device), "secret": manual_secret(device)},
                  status=status)


@require_POST
@login_required
def otp_disable(request):
    user = request.user
    if not may_use_second_factor(user) or not has_second_factor(user):
        raise PermissionDenied
    form = TokenForm(request.POST)
    device = user.totpdevice_set.filter(confirmed=True).first()
    if form.is_valid() and device.verify_token(form.cleaned_data["token"]):
        actions.do_remove_second_factor(user, acting_user=user, source=Source.WEB)
        messages.success(request, _("ปิดการยืนยันตัวตนสองขั้นตอนแล้ว"))
        return redirect("accounts_profile")
    if form.is_valid():
        form.add_error("token", _("รหัสไม่ถูกต้อง"))
    return render(request, "accounts/otp_setup.html", {"enabled": True, "form": form}, status=400)


@require_http_methods(["GET", "POST"])
@login_required
def otp_verify(request):
    user = request.user
    next_url = request.POST.get("next") or request.GET.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = reverse("home")
    if user.is_verified() or not has_second_factor(user):
        return HttpResponseRedirect(next_url)  # a URL, never a view name to reverse
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        device = user.totpdevice_set.filter(confirmed=True).first()
        allowed, _detail = device.verify_is_allowed()
        if not allowed:
            form.add_error(None, _("ใส่รหัสผิด โปรดรอสักครู่แล้วลองใหม่ด้วยรหัสล่าสุด"))
        elif form.is_valid() and device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            AuditEvent.record("account.otp_verified", actor=user, subject_user=user, province=user.province)
            return HttpResponseRedirect(next_url)
        elif form.is_valid():
            form.add_error("token", _("รหัสไม่ถูกต้อง"))
            AuditEvent.record("account.otp_failed", subject_user=user, province=user.province)
        status = 400
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url}, status=status)
