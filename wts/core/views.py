from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from wts.accounts.models import Role


@login_required
def home(request):
    """Each role lands on what it must do next."""
    user = request.user
    if user.role == Role.DISTRICT_OFFICER:
        return redirect("entry:district_home")
    return render(request, "core/home.html", {})


def forbidden(request, exception=None):
    return render(request, "core/403.html", status=403)


def not_found(request, exception=None):
    return render(request, "core/404.html", status=404)


def server_error(request):
    return render(request, "core/500.html", status=500)
