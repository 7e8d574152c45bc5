from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wts.accounts.scope import get_visible_user
from wts.lib.permissions import can, require

from . import guide
from .actions import TokenRefused, create_token, revoke_token
from .forms import TokenCreateForm
from .models import ApiToken


@require_http_methods(["GET", "POST"])
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens: create one (shown once) or revoke one."""
    created = None
    status = 200
    if request.method == "POST":
        form = TokenCreateForm(request.POST)
        if form.is_valid():
            try:
                token, plaintext = create_token(
                    acting_user=request.user, name=form.cleaned_data["name"], valid_days=form.cleaned_data["valid_days"]
                )
            except TokenRefused as exc:
                form.add_error(None, exc.message)
                status = 400
            else:
                created = {"token": token, "plaintext": plaintext}
                form = TokenCreateForm()
        else:
            status = 400
    else:
        form = TokenCreateForm()
    rows = ApiToken.objects.filter(user=request.user)
    return render(request, "api/tokens.html", {"form": form, "tokens": rows, "created": created}, status=status)


@require_POST
@login_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_token(token, acting_user=request.user)
    messages.success(request, _("ยกเลิกรหัสเชื่อมต่อ “%(name)s” แล้ว โปรแกรมที่ใช้รหัสเชื่อมต่อนี้จะเข้าถึงระบบไม่ได้อีก") % {"name": token.name})
    return redirect("api:tokens")


@require_GET
@login_required
def user_tokens(request: HttpRequest, username: str) -> HttpResponse:
    """An administrator looks at another account's tokens (same reach as its account pages)."""
    require(request.user, "wts.manage_accounts")
    target = get_visible_user(request.user, username)
    template = "api/_user_tokens.html" if request.headers.get("HX-Request") == "true" else "api/user_tokens.html"
    return render(request, template, {
        "target": target, "tokens": ApiToken.objects.filter(user=target),
        "may_revoke": can(request.user, "wts.revoke_tokens_of", target),
    })


@require_POST
@login_required
def user_token_revoke(request: HttpRequest, username: str, pk: int) -> HttpResponse:
    require(request.user, "wts.manage_accounts")
    target = get_visible_user(request.user, username)
    token = get_object_or_404(ApiToken, pk=pk, user=target)
    revoke_token(token, acting_user=request.user)
    messages.success(request, _("ยกเลิกรหัสเชื่อมต่อ “%(name)s” ของ %(u)s แล้ว") % {"name": token.name, "u": target.username})
    return redirect("accounts_user", username=target.username)


def _operations():
    """Every operation of the OpenAPI document, in its order, with the Thai line of guide.py."""
    from .v1 import api

    prefix = reverse("api:v1_index").rstrip("/")
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            short = path.removeprefix(prefix)
            yield {
                "method": method.upper(), "path": path,
                "description_th": guide.thai_description(method.upper(), short),
                "summary_en": operation.get("summary", ""),
                "errors": sorted(int(status) for status in operation.get("responses", {}) if int(status) >= 400),
            }


@require_GET
def api_index(request: HttpRequest) -> JsonResponse:
    """``/api/v1/``: what the API offers, as JSON (a program that starts at the root finds its way)."""
    return JsonResponse({
        "name": "WTS API", "version": "1",
        "description_th": _("API ของระบบติดตามข้อมูลปริมาณงานของท้องถิ่นอำเภอ"),
        "description_en": "Workload Tracking System API",
        "documentation": request.build_absolute_uri(reverse("api:v1:openapi-view")),
        "openapi": request.build_absolute_uri(reverse("api:v1:openapi-json")),
        "authentication": {
            "header": "Authorization: Bearer wts_...",
            "tokens": request.build_absolute_uri(reverse("api:tokens")),
            "description_th": _("สร้างรหัสเชื่อมต่อระบบของท่านที่หน้า “รหัสเชื่อมต่อระบบ” แล้วส่งในส่วนหัว Authorization "
                                "รหัสใช้บทบาทและขอบเขตของเจ้าของรหัส"),
            "description_en": "Create a personal token on the tokens page and send it in the Authorization header; "
                              "it acts with its owner's role and scope.",
        },
        "endpoints": list(_operations()),
        "errors": [
            {"status": e.status, "code": e.code, "description_th": str(e.description_th), "description_en": e.description_en}
            for e in guide.ERROR_CODES
        ],
    }, json_dumps_params={"ensure_ascii": False, "indent": 2})
