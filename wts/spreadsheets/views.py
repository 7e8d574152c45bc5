import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wts.accounts.scope import districts_for, get_district_for, get_province_for, provinces_for
from wts.audit.bulk import record_bulk_read
from wts.audit.vocabulary import AuditAction
from wts.catalog.models import MissionArea
from wts.jobs.runner import start_job
from wts.jobs.vocabulary import JobKind
from wts.lib.downloads import XLSX, attachment
from wts.lib.permissions import can, require
from wts.lib.thai_sort import thai_sorted
from wts.rounds.models import Round
from wts.workflow.models import DistrictReport
from wts.workflow.rules import edit_refusal

from . import exports
from .actions import ImportRefused, apply_import, discard_import, record_dry_run, record_export
from .forms import MultiRoundExportForm, WorkbookUploadForm
from .models import ImportState, WorkbookImport
from .workbook import WorkbookRefused, build_district_workbook, file_name_for, read_plan

FORMATS = {"csv", "xlsx"}


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """What this user can download, upload and export."""
    user = request.user
    rounds = list(Round.objects.filter(areas__isnull=False).distinct().order_by("-fiscal_year"))
    context = {"rounds": rounds, "current": Round.current()}
    if can(user, "wts.record_workload"):
        context["district"] = user.district
        if context["current"] is not None:
            probe = (
                DistrictReport.objects.filter(round=context["current"], district_id=user.district_id)
                .select_related("open_area").first()
                or DistrictReport(district_id=user.district_id)
            )
            probe.round, probe.district = context["current"], user.district
            context["upload_refusal"] = edit_refusal(probe)
        context["imports"] = (
            WorkbookImport.objects.filter(district_id=user.district_id).select_related("round", "uploaded_by")[:10]
        )
    elif can(user, "wts.export_province_figures"):
        context["provinces"] = thai_sorted(provinces_for(user), key=lambda p: p.name_th)
        context["national"] = can(user, "wts.export_national_figures")
        if can(user, "wts.follow_own_province"):
            context["districts"] = thai_sorted(districts_for(user), key=lambda d: d.name_th)
        context["multi_form"] = MultiRoundExportForm()
    return render(request, "spreadsheets/index.html", context)


def _round_with_form(fiscal_year):
    round_ = get_object_or_404(Round, fiscal_year=fiscal_year)
    if not MissionArea.objects.filter(round=round_).exists():
        raise Http404
    return round_


@require_GET
@login_required
def download_workbook(request: HttpRequest, fiscal_year: int, code: str) -> HttpResponse:
    """The district's form with its current values, for anyone whose scope holds the district."""
    district = get_district_for(request.user, code)
    round_ = _round_with_form(fiscal_year)
    record_bulk_read(acting_user=request.user, what=_("แบบบันทึกของอำเภอ"), fmt="xlsx", round=round_, district=district,
                     action=AuditAction.SPREADSHEET_EXPORTED)
    return attachment(build_district_workbook(round_, district), XLSX, file_name_for(round_, district))


@require_http_methods(["GET", "POST"])
@login_required
def upload(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    """Upload a filled workbook: a dry run listing every change and problem, nothing written yet."""
    require(request.user, "wts.record_workload")
    round_ = _round_with_form(fiscal_year)
    district = get_district_for(request.user, request.user.district.code)
    plan = upload_record = None
    status = 200
    if request.method == "POST":
        form = WorkbookUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                plan = read_plan(form.data_bytes, round_, district)
            except WorkbookRefused as exc:
                form.add_error("file", exc.message)
                status = 400
            else:
                upload_record = record_dry_run(
                    plan, file_name=form.cleaned_data["file"].name, data=form.data_bytes, acting_user=request.user
                )
        else:
            status = 400
    else:
        form = WorkbookUploadForm()
    return render(
        request, "spreadsheets/upload.html",
        {"round": round_, "district": district, "form": form, "plan": plan, "upload": upload_record},
        status=status,
    )


def _own_upload(request, pk) -> WorkbookImport:
    require(request.user, "wts.record_workload")
    return get_object_or_404(
        WorkbookImport.objects.select_related("round", "district"), pk=pk, district_id=request.user.district_id
    )


@require_POST
@login_required
def apply(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    upload_record = _own_upload(request, pk)
    try:
        changed = apply_import(upload_record, acting_user=request.user)
    except ImportRefused as exc:
        messages.error(request, exc.message)
        return redirect("spreadsheets:upload", fiscal_year=upload_record.round.fiscal_year)
    messages.success(request, _("นำเข้าข้อมูลจากไฟล์แล้ว เปลี่ยนแปลง %(n)s ค่า") % {"n": changed})
    return redirect("entry:district_home")


@require_POST
@login_required
def discard(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    upload_record = _own_upload(request, pk)
    if upload_record.state == ImportState.CHECKED:
        discard_import(upload_record, acting_user=request.user)
        messages.info(request, _("ยกเลิกการนำเข้าไฟล์แล้ว ไม่มีข้อมูลใดเปลี่ยนแปลง"))
    return redirect("spreadsheets:index")


def _export_scope(request, province_code):
    """Districts to export: a province (province and department roles, in scope) or the nation."""
    user = request.user
    require(user, "wts.export_province_figures")
    if province_code is None:
        require(user, "wts.export_national_figures")
        return districts_for(user), None
    province = get_province_for(user, province_code)
    return districts_for(user).filter(province=province), province


def _respond(fmt, name, sheets):
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_chunks(sheets[0][1]), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    return FileResponse(exports.xlsx_file(sheets), as_attachment=True, filename=f"{name}.xlsx", content_type=XLSX)


@require_GET
@login_required
def export_round(request: HttpRequest, fiscal_year: int, fmt: str, province_code: str | None = None) -> HttpResponseBase:
    """One round: a row per district, its state and every item's value (CSV or XLSX)."""
    if fmt not in FORMATS:
        raise Http404
    districts, province = _export_scope(request, province_code)
    round_ = _round_with_form(fiscal_year)
    sheets = [(_("ปริมาณงาน"), exports.round_rows(round_, districts))]
    if fmt == "xlsx":
        sheets.append((_("รายการงาน"), exports.item_legend_rows(round_)))
    label = province.code if province else "national"
    record_export(acting_user=request.user, label=f"{round_} {province or _('ทั้งประเทศ')}", rounds=[round_], fmt=fmt,
                  province=province)
    return _respond(fmt, f"wts-{round_.fiscal_year}-{label}", sheets)


@require_GET
@login_required
def export_rounds(request: HttpRequest, fmt: str, province_code: str | None = None) -> HttpResponseBase:
    """Many rounds for the analysis: a row per district × item × round."""
    if fmt not in FORMATS:
        raise Http404
    districts, province = _export_scope(request, province_code)
    form = MultiRoundExportForm(request.GET)
    if not form.is_valid():
        return render(request, "spreadsheets/export_error.html", {"form": form}, status=400)
    rounds = list(form.cleaned_data["rounds"])
    years = sorted(r.fiscal_year for r in rounds)
    label = province.code if province else "national"
    record_export(acting_user=request.user, label=f"{_('หลายรอบ')} {province or _('ทั้งประเทศ')}", rounds=rounds,
                  fmt=fmt, province=province)
    name = f"wts-{years[0]}-{years[-1]}-{label}" if len(years) > 1 else f"wts-{years[0]}-{label}"
    return _respond(fmt, name, [(_("ปริมาณงานหลายรอบ"), exports.multi_round_rows(rounds, districts))])


@require_POST
@login_required
def export_round_job(request: HttpRequest, fiscal_year: int, fmt: str) -> HttpResponse:
    """The national export of a round as a background job: the page shows its progress, the file
    waits on "my downloads"."""
    if fmt not in FORMATS:
        raise Http404
    _export_scope(request, None)
    round_ = _round_with_form(fiscal_year)
    with transaction.atomic():
        record_export(acting_user=request.user, label=f"{round_} {_('ทั้งประเทศ')}", rounds=[round_], fmt=fmt)
        job = start_job(
            JobKind.ROUND_EXPORT, owner=request.user,
            title=_("ส่งออกข้อมูล%(round)s ทั้งประเทศ (%(fmt)s)") % {"round": round_, "fmt": fmt.upper()},
            params={"fiscal_year": round_.fiscal_year, "fmt": fmt},
        )
    return redirect("jobs:detail", pk=job.pk)


@require_POST
@login_required
def export_rounds_job(request: HttpRequest, fmt: str) -> HttpResponse:
    """Many rounds of the whole country as a background job (the largest export)."""
    if fmt not in FORMATS:
        raise Http404
    _export_scope(request, None)
    form = MultiRoundExportForm(request.POST)
    if not form.is_valid():
        return render(request, "spreadsheets/export_error.html", {"form": form}, status=400)
    rounds = sorted(form.cleaned_data["rounds"], key=lambda r: r.fiscal_year)
    years = [r.fiscal_year for r in rounds]
    with transaction.atomic():
        record_export(acting_user=request.user, label=f"{_('หลายรอบ')} {_('ทั้งประเทศ')}", rounds=rounds, fmt=fmt)
        job = start_job(
            JobKind.ROUNDS_EXPORT, owner=request.user,
            title=_("ส่งออกข้อมูลปีงบประมาณ %(years)s ทั้งประเทศ (%(fmt)s)")
            % {"years": ", ".join(str(y) for y in years), "fmt": fmt.upper()},
            params={"fiscal_years": years, "fmt": fmt},
        )
    return redirect("jobs:detail", pk=job.pk)
