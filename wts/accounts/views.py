from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from wts.accounts.scope import get_province_for, get_visible_user
from wts.audit.bulk import record_bulk_read
from wts.audit.models import AuditEvent, Source
from wts.geography.actions import do_update_province_helpdesk
from wts.geography.helpdesk import national_contact
from wts.geography.models import Province, ProvinceHelpDesk
from wts.lib.downloads import XLSX, attachment
from wts.lib.permissions import can, require
from wts.lib.thai_sort import thai_sorted

from . import actions
from .drafts import LAST_ACTIVITY_KEY, session_expires_in
from .forms import (
    AccountListForm,
    AddOfficerForm,
    DeactivateForm,
    HelpDeskForm,
    PasswordChangeForm,
    ProfileForm,
    TokenForm,
    lockout_minutes,
)
from .models import Role, User
from .otp import has_second_factor, manual_secret, pending_device, qr_svg
from .slips import (
    SlipTokenInvalid,
    account_list_template,
    make_slip_token,
    slips_pdf,
)


@require_GET
@never_cache
def fresh_form_token(request: HttpRequest) -> JsonResponse:
    """A form token for this browser's session now: a page opened before a new login in another
    tab replaces its stale one, so that the officer's next press saves. Not activity."""
    return JsonResponse({"token": get_token(request), "signed_in": request.user.is_authenticated})


@require_POST
@never_cache
def keep_alive(request: HttpRequest) -> JsonResponse:
    """The officer answered the warning before the idle timeout: the session goes on."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    request.session[LAST_ACTIVITY_KEY] = int(timezone.now().timestamp())
    return JsonResponse({"signed_in": True, "expires_in": session_expires_in(request)})


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm

    def form_valid(self, form):
        actions.do_change_password(form.user, form.cleaned_data["new_password1"], acting_user=self.request.user,
                                   source=Source.WEB)
        # This browser stays signed in; every other session of the account has ended.
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())


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
def profile(request: HttpRequest) -> HttpResponse:
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
        "may_use_second_factor": can(user, "wts.use_second_factor"),
        "has_second_factor": has_second_factor(user),
    }
    return render(request, "accounts/profile.html", context, status=status)


@require_GET
@login_required
def manage_home(request: HttpRequest) -> HttpResponse:
    """Accounts nationwide, province by province; the department's viewer sees it read only."""
    if not can(request.user, "wts.view_accounts_nationwide"):
        require(request.user, "wts.manage_accounts")
        return redirect("accounts_province", code=request.user.province.code)
    may_manage = can(request.user, "wts.manage_accounts_nationwide")
    provinces = list(Province.objects.annotate(
        district_count=Count("districts", distinct=True),
        covered_count=Count("districts", filter=Q(districts__users__role=Role.DISTRICT_OFFICER), distinct=True),
        waiting_count=Count("users", filter=Q(users__role=Role.DISTRICT_OFFICER, users__must_change_password=True,
                                              users__is_active=True), distinct=True),
    ))
    provinces = thai_sorted(provinces, key=lambda p: p.name_th)
    for province in provinces:
        province.missing_count = province.district_count - province.covered_count
    department_users = User.objects.filter(role__in=[Role.DEPARTMENT_ADMIN, Role.DEPARTMENT_VIEWER]).order_by("username")
    return render(request, "accounts/manage_home.html",
                  {"provinces": provinces, "department_users": department_users, "may_manage": may_manage})


def _province_context(request, province):
    districts = thai_sorted(province.districts.all(), key=lambda d: d.name_th)
    users = list(
        User.objects.filter(province=province).select_related("district").order_by("role", "username")
    )
    locked = locked_usernames(u.username for u in users)
    officers = {}
    for user in users:
        if user.is_district_officer:
            officers.setdefault(user.district_id, []).append(user)
    rows = [(district, officers.get(district.pk, [])) for district in districts]
    return {
        "province": province,
        "rows": rows,
        "others": [u for u in users if not u.is_district_officer],
        "locked": locked,
        "without_account": sum(1 for _d, accounts in rows if not accounts),
        "manageable": {u.pk for u in users if can(request.user, "wts.manage_user", u)},
    }


def _managed_province(request, code):
    require(request.user, "wts.manage_accounts")
    return get_province_for(request.user, code)


@require_GET
@login_required
def province_accounts(request: HttpRequest, code: str) -> HttpResponse:
    province = _managed_province(request, code)
    context = _province_context(request, province)
    context["list_form"] = AccountListForm(province=province)
    context["add_form"] = AddOfficerForm(province=province)
    return render(request, "accounts/province_accounts.html", context)


@require_POST
@login_required
def province_add_officer(request: HttpRequest, code: str) -> HttpResponse:
    """One more officer for a district: several staff per office, each with its own login."""
    province = _managed_province(request, code)
    form = AddOfficerForm(request.POST, province=province)
    if not form.is_valid():
        context = _province_context(request, province)
        context["list_form"], context["add_form"] = AccountListForm(province=province), form
        return render(request, "accounts/province_accounts.html", context, status=400)
    credential = actions.do_add_district_officer(form.cleaned_data["district"], form.details(),
                                                 acting_user=request.user, source=Source.WEB)
    return _issued(request, title=_("เพิ่มเจ้าหน้าที่ท้องถิ่นอำเภอ จังหวัด%(p)s") % {"p": province.name_th},
                   credentials=[credential], back=reverse("accounts_province", kwargs={"code": code}))


def _issued(request, *, title, credentials, skipped=(), back):
    token = make_slip_token(credentials, acting_user=request.user) if credentials else ""
    response = render(request, "accounts/credentials_issued.html", {
        "title": title, "credentials": credentials, "skipped": skipped, "token": token, "back": back,
    })
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def province_provision(request: HttpRequest, code: str) -> HttpResponse:
    province = _managed_province(request, code)
    result = actions.do_provision_district_accounts(province, acting_user=request.user, source=Source.WEB)
    return _issued(request, title=_("สร้างบัญชีท้องถิ่นอำเภอ จังหวัด%(p)s") % {"p": province.name_th},
                   credentials=result.issued, skipped=result.skipped,
                   back=reverse("accounts_province", kwargs={"code": code}))


@require_POST
@login_required
def province_import(request: HttpRequest, code: str) -> HttpResponse:
    province = _managed_province(request, code)
    form = AccountListForm(request.POST, request.FILES, province=province)
    if not form.is_valid():
        context = _province_context(request, province)
        context["list_form"] = form
        context["add_form"] = AddOfficerForm(province=province)
        return render(request, "accounts/province_accounts.html", context, status=400)
    result = actions.do_provision_district_accounts(
        province, acting_user=request.user, details=form.cleaned_data["details"], source=Source.IMPORT,
    )
    return _issued(request, title=_("สร้างบัญชีจากไฟล์รายชื่อ จังหวัด%(p)s") % {"p": province.name_th},
                   credentials=result.issued, skipped=result.skipped,
                   back=reverse("accounts_province", kwargs={"code": code}))


@require_GET
@login_required
def province_list_template(request: HttpRequest, code: str) -> HttpResponse:
    province = _managed_province(request, code)
    record_bulk_read(acting_user=request.user, what=_("รายชื่อท้องถิ่นอำเภอ"), fmt="xlsx", province=province)
    return attachment(account_list_template(province), XLSX, f"accounts-{province.code}.xlsx")


@never_cache
@require_POST
@login_required
def slips(request: HttpRequest) -> HttpResponse:
    require(request.user, "wts.manage_accounts")
    try:
        credentials = actions.do_print_slips(request.POST.get("token", ""), acting_user=request.user,
                                             source=Source.WEB)
    except SlipTokenInvalid as exc:
        return render(request, "accounts/slip_refused.html", {"reason": exc.message}, status=400)
    if not credentials:
        return render(request, "accounts/slip_refused.html",
                      {"reason": _("รหัสผ่านชุดนี้ถูกเปลี่ยนไปแล้ว ไม่มีใบแจ้งที่ยังใช้ได้")}, status=410)
    return attachment(slips_pdf(credentials, issued_by=request.user), "application/pdf", "credential-slips.pdf")


@require_GET
@login_required
def user_detail(request: HttpRequest, username: str) -> HttpResponse:
    require(request.user, "wts.manage_accounts")
    target = get_visible_user(request.user, username)
    events = (AuditEvent.objects.filter(Q(action__startswith="account.") | Q(action__startswith="api_token."),
                                        subject_user=target)
              .select_related("actor").order_by("-created_at", "-id")[:20])
    locked = locked_usernames([target.username])
    return render(request, "accounts/user_detail.html", {
        "target": target,
        "events": events,
        "locked": bool(locked),
        "locked_set": locked,
        "may_manage": can(request.user, "wts.manage_user", target),
        "has_second_factor": has_second_factor(target),
        "deactivate_form": DeactivateForm(),
    })


def _target(request, username):
    require(request.user, "wts.manage_accounts")
    target = get_visible_user(request.user, username)
    require(request.user, "wts.manage_user", target)
    return target


@require_POST
@login_required
def user_reset_password(request: HttpRequest, username: str) -> HttpResponse:
    target = _target(request, username)
    credential = actions.do_reset_password(target, acting_user=request.user, source=Source.WEB)
    return _issued(request, title=_("ตั้งรหัสผ่านใหม่ให้ %(u)s") % {"u": target.username},
                   credentials=[credential], back=reverse("accounts_user", kwargs={"username": username}))


@require_POST
@login_required
def user_set_active(request: HttpRequest, username: str, active: bool) -> HttpResponse:
    target = _target(request, username)
    form = DeactivateForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if actions.do_set_active(target, active, acting_user=request.user, reason=reason, source=Source.WEB):
        messages.success(request, _("เปิดใช้บัญชีแล้ว") if active else _("ระงับบัญชีแล้ว"))
    return redirect("accounts_user", username=username)


@require_POST
@login_required
def user_unlock(request: HttpRequest, username: str) -> HttpResponse:
    return _act_on_user(request, username, actions.do_unlock, _("ปลดล็อกบัญชี %(u)s แล้ว"))


@require_POST
@login_required
def user_remove_second_factor(request: HttpRequest, username: str) -> HttpResponse:
    return _act_on_user(request, username, actions.do_remove_second_factor,
                        _("ยกเลิกการยืนยันตัวตนสองขั้นตอนของ %(u)s แล้ว"))


def _act_on_user(request, username, action, done_message) -> HttpResponse:
    target = _target(request, username)
    action(target, acting_user=request.user, source=Source.WEB)
    messages.success(request, done_message % {"u": target.username})
    return redirect("accounts_user", username=username)


@require_http_methods(["GET", "POST"])
@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, "wts.use_second_factor")
    if has_second_factor(user):
        return render(request, "accounts/otp_setup.html", {"enabled": True, "form": TokenForm()})
    if request.method == "POST" and "start" in request.POST:
        actions.do_start_second_factor(user, acting_user=user, source=Source.WEB)
        return redirect("otp_setup")
    # A GET only shows the device being set up; creating one is the POST above.
    device = pending_device(user)
    if device is None:
        status = 400 if request.method == "POST" else 200
        return render(request, "accounts/otp_setup.html", {"enabled": False, "started": False}, status=status)
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
                  {"enabled": False, "started": True, "form": form, "qr": qr_svg(device),
                   "secret": manual_secret(device)},
                  status=status)


@require_POST
@login_required
def otp_disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can(user, "wts.use_second_factor") or not has_second_factor(user):
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
def otp_verify(request: HttpRequest) -> HttpResponse:
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
            actions.do_record_second_factor_check(user, passed=True, source=Source.WEB)
            return HttpResponseRedirect(next_url)
        elif form.is_valid():
            form.add_error("token", _("รหัสไม่ถูกต้อง"))
            actions.do_record_second_factor_check(user, passed=False, source=Source.WEB)
        status = 400
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def province_helpdesk(request: HttpRequest, code: str) -> HttpResponse:
    """The province's help-desk contact, shown to its users on the login, home and error pages."""
    require(request.user, "wts.manage_accounts")
    province = get_province_for(request.user, code)
    require(request.user, "wts.edit_province_helpdesk", province)
    desk = ProvinceHelpDesk.objects.filter(province=province).first() or ProvinceHelpDesk(province=province)
    status = 200
    if request.method == "POST":
        form = HelpDeskForm(request.POST, instance=desk)
        if form.is_valid():
            changed = do_update_province_helpdesk(province, form.cleaned_data, acting_user=request.user,
                                                  source=Source.WEB)
            messages.success(request, _("บันทึกช่องทางติดต่อแล้ว") if changed else _("ไม่มีข้อมูลที่เปลี่ยนแปลง"))
            return redirect("accounts_province", code=province.code)
        status = 400
    else:
        form = HelpDeskForm(instance=desk)
    return render(request, "accounts/helpdesk_edit.html", {"province": province, "form": form}, status=status)


@require_GET
def helpdesk_list(request: HttpRequest) -> HttpResponse:
    """Public: every province's help desk, for a user who cannot log in and must find whom to call."""
    desks = thai_sorted(ProvinceHelpDesk.objects.select_related("province"), key=lambda d: d.province.name_th)
    return render(request, "accounts/helpdesk_list.html", {"desks": desks, "national": national_contact()})


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout page (AXES_LOCKOUT_CALLABLE): how long to wait, and whom to call to be
    unlocked sooner (the desk of the account's province; the national one for an unknown name)."""
    from axes.helpers import get_client_username

    from wts.geography.helpdesk import contact_for_province

    username = get_client_username(request, credentials) or ""
    province_id = User.objects.filter(username=username).values_list("province_id", flat=True).first()
    return render(request, "accounts/locked_out.html", {
        "minutes": lockout_minutes(), "failure_limit": settings.AXES_FAILURE_LIMIT,
        "contact": contact_for_province(province_id),
    }, status=settings.AXES_HTTP_RESPONSE_CODE)
