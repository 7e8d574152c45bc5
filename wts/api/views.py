from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wts.accounts.scope import get_visible_user
from wts.lib.permissions import can, require

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
