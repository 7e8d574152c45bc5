"""Background jobs as people see them: a job's progress, "my downloads", and for the department
the list of recent jobs with retry and the schedule of automatic reminders."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wts.audit.bulk import record_bulk_read
from wts.lib.downloads import attachment
from wts.lib.permissions import can, require

from .actions import JobNotRetryable, retry_job, update_job_schedule
from .forms import JobScheduleForm
from .models import GeneratedFile, Job, JobSchedule
from .scope import get_own_job
from .vocabulary import DOWNLOAD_KINDS, JobState

RECENT = 100


@require_GET
@login_required
def downloads(request: HttpRequest) -> HttpResponse:
    jobs = (
        Job.objects.filter(owner=request.user, kind__in=DOWNLOAD_KINDS)
        .select_related("file").defer("file__content")[:50]
    )
    return render(request, "jobs/downloads.html", {"jobs": jobs, "now": timezone.now()})


@require_GET
@login_required
def detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    job = get_own_job(request.user, pk)
    return render(request, "jobs/detail.html", {"job": job, "now": timezone.now()})


@require_GET
@login_required
def progress(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The progress bar alone, polled by htmx while the job runs."""
    job = get_own_job(request.user, pk)
    return render(request, "jobs/_progress.html", {"job": job, "now": timezone.now()})


@require_GET
@login_required
def download(request: HttpRequest, pk: uuid.UUID) -> HttpResponseBase:
    job = get_own_job(request.user, pk)  # someone else's job is a 404, whatever its file
    file = GeneratedFile.objects.filter(job_id=pk, owner=request.user, expires_at__gt=timezone.now()).first()
    if file is None:
        raise Http404
    record_bulk_read(acting_user=request.user, what=job.title, fmt=file.filename.rpartition(".")[2] or "file",
                     data={"job": str(job.pk), "kind": job.kind})
    return attachment(bytes(file.content), file.content_type, file.filename)


@require_GET
@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "wts.view_jobs")
    jobs = Job.objects.select_related("owner").order_by("-created_at")
    state = request.GET.get("state", "")
    if state in JobState.values:
        jobs = jobs.filter(state=state)
    counts = dict(Job.objects.values_list("state").annotate(n=Count("pk")).order_by())
    states = [(value, label, counts.get(value, 0)) for value, label in JobState.choices]
    return render(request, "jobs/list.html", {
        "jobs": jobs[:RECENT], "state": state, "states": states,
        "can_manage": can(request.user, "wts.manage_jobs"), "now": timezone.now(),
    })


@require_POST
@login_required
def retry(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    require(request.user, "wts.manage_jobs")
    job = get_object_or_404(Job, pk=pk)
    try:
        retry_job(job, acting_user=request.user)
    except JobNotRetryable as exc:
        return HttpResponse(exc.message, status=409, content_type="text/plain; charset=utf-8")
    messages.success(request, _("สั่งให้ทำงาน “%(title)s” ใหม่แล้ว") % {"title": job.title})
    return redirect("jobs:list")


@require_http_methods(["GET", "POST"])
@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    """The reminders' schedule: the department's administrator changes it; its viewer reads it."""
    require(request.user, "wts.view_jobs")
    may_manage = can(request.user, "wts.manage_jobs")
    if request.method == "POST":
        require(request.user, "wts.manage_jobs")
    current = JobSchedule.current()
    form = JobScheduleForm(request.POST or None, instance=current)
    if not may_manage:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "jobs/schedule.html", {"form": form, "may_manage": may_manage}, status=400)
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        if changes:
            update_job_schedule(current, changes, acting_user=request.user)
        messages.success(request, _("บันทึกกำหนดการแล้ว"))
        return redirect("jobs:schedule")
    return render(request, "jobs/schedule.html", {"form": form, "may_manage": may_manage})
