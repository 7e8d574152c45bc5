from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from .actions import mark_all_notifications_read, mark_notification_read
from .models import Notification

PAGE_SIZE = 30


@require_GET
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=request.user).order_by("-created_at", "-id")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@require_GET
@login_required
def bell(request: HttpRequest) -> HttpResponse:
    """The header bell as an htmx partial, so the count refreshes without reloading the page."""
    return render(request, "notifications/_bell.html", {"counted": True})


@require_POST
@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go where it points."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    mark_notification_read(notification, acting_user=request.user)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("notifications:list")


@require_POST
@login_required
def mark_all_read(request: HttpRequest) -> HttpResponse:
    mark_all_notifications_read(acting_user=request.user)
    return redirect("notifications:list")
