from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wts.accounts.scope import districts_for, get_province_for, provinces_for
from wts.audit.bulk import record_bulk_read
from wts.audit.models import Source
from wts.jobs.runner import start_job
from wts.jobs.vocabulary import JobKind
from wts.lib.downloads import XLSX, attachment
from wts.lib.permissions import can, require
from wts.lib.thai_sort import thai_sorted
from wts.rounds.models import Round

from . import exports, tables
from .actions import set_province_positions
from .forms import AnalysisFilterForm
from .positions import (
    PostsForm,
    PostsUploadForm,
    current_posts,
    position_types_for_posts,
    posts_workbook,
    read_posts,
)
from .quality import round_flags
from .regions import REGIONS, region_key
from .staffing import analyse, default_round, lgo_total
from .stats import SIZE_BAND_LABELS, size_band_bounds

# slug → page title in the tabs; the order is the order of the tabs.
PAGES = {
    "provinces": gettext_lazy("รายจังหวัด"),
    "regions": gettext_lazy("รายภาค"),
    "districts": gettext_lazy("อำเภอเรียงลำดับ"),
    "areas": gettext_lazy("รายด้าน"),
    "per-lgo": gettext_lazy("ต่อ อปท."),
    "flags": gettext_lazy("ค่าที่ควรตรวจสอบ"),
    "wisn": gettext_lazy("ตามประเภทตำแหน่ง (WISN)"),
    "wisn-provinces": gettext_lazy("WISN รายจังหวัด"),
}
EXPORT_TYPES = {"xlsx", "pdf"}


class Analysis:
    """One request's filters, scope and result: what the page and the exports both show."""

    def __init__(self, request, slug):
        if slug not in PAGES:
            raise Http404
        user = request.user
        require(user, "wts.view_staffing_analysis")
        self.slug = slug
        self.nationwide = can(user, "wts.view_national_figures")
        provinces = thai_sorted(provinces_for(user), key=lambda p: p.name_th)
        code = request.GET.get("province", "")
        if code:
            get_province_for(user, code)  # a province outside the scope does not exist for this user
        rounds = list(Round.objects.order_by("-fiscal_year"))
        data = request.GET.copy()
        if not data.get("round"):
            fallback = default_round()
            if fallback is not None:
                data["round"] = str(fallback.fiscal_year)
        self.form = AnalysisFilterForm(
            data, provinces=provinces, rounds=rounds, nationwide=self.nationwide, page=slug
        )
        self.table = None
        self.basis = None
        self.round = None
        self.summary = None
        self.scope_label = ""
        self.lines: list[str] = []
        self.computed_at = timezone.now()
        if not rounds or not self.form.is_valid():
            return
        self.round = self.form.selected_round(None)
        cleaned = self.form.cleaned_data
        if "averaging" in self.form.fields:
            self.form.fields["averaging"].widget.attrs["placeholder"] = _("ตามค่าของรอบ (%(n)s)") % {
                "n": self.round.averaging_rounds}
        districts = districts_for(user)
        scope = [str(_("ทั่วประเทศ")) if self.nationwide else _("จังหวัด%(name)s") % {"name": provinces[0].name_th}]
        region = cleaned.get("region")
        if region:
            districts = districts.filter(province__code__in=[p.code for p in provinces if region_key(p) == region])
            scope = [str(REGIONS[region])]
        if cleaned.get("province"):
            districts = districts.filter(province__code=cleaned["province"])
            scope = [_("จังหวัด%(name)s") % {"name": dict(self.form.fields["province"].choices)[cleaned["province"]]}]
        if cleaned.get("size"):
            low, high = size_band_bounds(cleaned["size"])
            districts = districts.alias(lgo=lgo_total()).filter(lgo__gte=low)
            if high is not None:
                districts = districts.filter(lgo__lte=high)
            scope.append(_("อำเภอขนาด %(band)s") % {"band": SIZE_BAND_LABELS[cleaned["size"]]})
        self.scope_label = " · ".join(str(s) for s in scope)

        # One reverse() for the national table's 878 links; the code is the only part that varies.
        url_pattern = reverse("entry:district_data", args=[self.round.fiscal_year, "CODE"])

        def district_url(district):
            return url_pattern.replace("/CODE/", f"/{district.code}/")

        if slug == "flags":
            ids = set(districts.values_list("pk", flat=True))
            result = round_flags(self.round, district_ids=ids)
            self.table = tables.flags_table(result, district_url)
            self.lines = exports.flags_basis_lines(result, self.scope_label, self.computed_at)
            return
        analysis = analyse(
            self.round, districts, averaging_rounds=cleaned.get("averaging"),
            include_unconfirmed=cleaned.get("include_unconfirmed", False), now=self.computed_at,
        )
        self.basis = analysis.basis
        self.summary = analysis.nation
        self.lines = exports.basis_lines(analysis.basis, self.scope_label)
        if slug == "districts":
            self.table = tables.district_table(analysis, district_url, cleaned.get("ranking") or "shortage")
        elif slug == "areas":
            self.table = tables.area_table(analysis, district_url)
        elif slug == "wisn":
            self.table = tables.wisn_table(analysis, district_url)
        else:
            builder = {
                "provinces": tables.province_table, "regions": tables.region_table, "per-lgo": tables.per_lgo_table,
                "wisn-provinces": tables.wisn_province_table,
            }[slug]
            self.table = builder(analysis)


@require_GET
@login_required
def page(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    # The department starts from the provinces, a province from its own districts.
    slug = slug or ("provinces" if can(request.user, "wts.view_national_figures") else "districts")
    analysis = Analysis(request, slug)
    query = request.GET.urlencode()
    return render(
        request,
        "analytics/page.html",
        {
            "a": analysis, "pages": PAGES.items(), "slug": slug, "query": query,
            "chart": analysis.table.chart if analysis.table else None,
        },
        status=200 if analysis.table is not None or analysis.form.is_valid() else 400,
    )


def _analysis_to_export(request, slug, kind):
    """The analysis to export, and when it has no table, the page saying why (bad filters 400, no data 404)."""
    if kind not in EXPORT_TYPES:
        raise Http404
    analysis = Analysis(request, slug)
    if analysis.table is not None:
        return analysis, None
    return analysis, render(
        request, "analytics/page.html",
        {"a": analysis, "pages": PAGES.items(), "slug": slug, "query": request.GET.urlencode()},
        status=400 if not analysis.form.is_valid() else 404,
    )


@require_GET
@login_required
def export(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    analysis, unexportable = _analysis_to_export(request, slug, kind)
    if unexportable is not None:
        return unexportable
    filename, body, content_type = export_file(analysis, kind)
    record_bulk_read(acting_user=request.user, what=f"{_('วิเคราะห์อัตรากำลัง')} {PAGES[slug]} {analysis.scope_label}",
                     fmt=kind, round=analysis.round, data={"page": slug, "query": request.GET.urlencode()})
    return attachment(body, content_type, filename)


def export_file(analysis, kind) -> tuple[str, bytes, str]:
    """The analysis as a file: the direct download and the background job make the same one."""
    filename = f"wts-{analysis.slug}-{analysis.round.fiscal_year}-{timezone.localtime(analysis.computed_at):%Y%m%d-%H%M}"
    if kind == "xlsx":
        body = exports.table_xlsx(analysis.table, analysis.lines)
        content_type = XLSX
    else:
        unconfirmed = analysis.basis is not None and analysis.basis.include_unconfirmed
        body = exports.table_pdf(analysis.table, analysis.lines, analysis.computed_at, unconfirmed=unconfirmed)
        content_type = "application/pdf"
    return f"{filename}.{kind}", body, content_type


@require_POST
@login_required
def export_job(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """The export made by a worker (the national staffing PDF takes many seconds): the filters are
    checked now, and again by the job with the same scope rules."""
    analysis, unexportable = _analysis_to_export(request, slug, kind)
    if unexportable is not None:
        return unexportable
    job = start_job(
        JobKind.ANALYSIS_EXPORT, owner=request.user,
        title=_("%(page)s %(round)s (%(kind)s)") % {"page": PAGES[slug], "round": analysis.round, "kind": kind.upper()},
        params={"slug": slug, "kind": kind, "query": request.GET.urlencode()},
    )
    return redirect("jobs:detail", pk=job.pk)


def _posts_scope(request, code):
    """The province (outsider → 404), its districts and the position types of the default round."""
    province = get_province_for(request.user, code)
    require(request.user, "wts.edit_district_positions", province)
    round_ = default_round()
    districts = thai_sorted(districts_for(request.user).filter(province=province), key=lambda d: d.name_th)
    return province, districts, position_types_for_posts(round_), round_


@require_GET
@login_required
def positions_index(request: HttpRequest) -> HttpResponse:
    provinces = [p for p in thai_sorted(provinces_for(request.user), key=lambda p: p.name_th)
                 if can(request.user, "wts.edit_district_positions", p)]
    if not provinces:
        require(request.user, "wts.edit_district_positions", None)
    if len(provinces) == 1:
        return redirect("analytics:positions", code=provinces[0].code)
    return render(request, "analytics/positions_index.html", {"provinces": provinces})


@require_http_methods(["GET", "POST"])
@login_required
def positions(request: HttpRequest, code: str) -> HttpResponse:
    """The province's posts per district and position type; one save, one audited action."""
    province, districts, types, round_ = _posts_scope(request, code)
    posts = current_posts(districts)
    rows = []
    bound = request.method == "POST"
    changes = {}
    for d in districts:
        cells = []
        for t in types:
            prefix = f"{d.code}-{t.code}"
            framework, filled = posts.get((d.pk, t.code), (None, None))
            form = PostsForm(request.POST if bound else None, prefix=prefix,
                             initial={"framework": framework, "filled": filled})
            if bound and form.is_valid():
                changes[d, t.code] = (form.cleaned_data["framework"], form.cleaned_data["filled"])
            cells.append((t, form))
        rows.append((d, cells))
    status = 200
    if bound:
        if len(changes) == len(districts) * len(types):
            count = set_province_positions(province, changes, acting_user=request.user, source=Source.WEB)
            messages.success(request, _("บันทึกกรอบและคนครองแล้ว (%(n)s รายการที่เปลี่ยน)") % {"n": count})
            return redirect("analytics:positions", code=province.code)
        messages.error(request, _("ยังไม่ได้บันทึก โปรดแก้ช่องที่มีข้อความสีแดง"))
        status = 400
    return render(request, "analytics/positions.html", {
        "province": province, "types": types, "rows": rows, "round": round_, "upload": PostsUploadForm(),
    }, status=status)


@require_GET
@login_required
def positions_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    province, districts, types, round_ = _posts_scope(request, code)
    record_bulk_read(acting_user=request.user, what=_("กรอบและคนครองตามประเภทตำแหน่ง"), fmt="xlsx",
                     round=round_, province=province)
    return attachment(posts_workbook(districts, types), XLSX, f"positions-{province.code}.xlsx")


@require_POST
@login_required
def positions_import(request: HttpRequest, code: str) -> HttpResponse:
    province, districts, types, round_ = _posts_scope(request, code)
    form = PostsUploadForm(request.POST, request.FILES)
    errors = []
    if form.is_valid():
        upload = read_posts(form.cleaned_data["file"], districts, types)
        errors = upload.errors
        if not errors:
            count = set_province_positions(province, upload.changes, acting_user=request.user, source=Source.IMPORT)
            messages.success(request, _("นำเข้ากรอบและคนครองแล้ว (%(n)s รายการที่เปลี่ยน)") % {"n": count})
            return redirect("analytics:positions", code=province.code)
    posts = current_posts(districts)
    rows = [(d, [(t, PostsForm(prefix=f"{d.code}-{t.code}", initial=dict(zip(
        ("framework", "filled"), posts.get((d.pk, t.code), (None, None)), strict=True)))) for t in types])
        for d in districts]
    return render(request, "analytics/positions.html", {
        "province": province, "types": types, "rows": rows, "round": round_, "upload": form,
        "import_errors": errors,
    }, status=400)
