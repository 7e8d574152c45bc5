from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wts.accounts.scope import get_district_for, get_province_for, provinces_for
from wts.audit.models import Source
from wts.catalog.models import WorkItem
from wts.lib.ids import parse_id
from wts.lib.permissions import can, require
from wts.lib.thai import days_left
from wts.lib.thai_sort import thai_sorted
from wts.rounds.deadlines import deadlines_for
from wts.rounds.models import Round
from wts.workflow import actions, rules
from wts.workflow.flags import RoundFlagger
from wts.workflow.models import DistrictReport, ItemValue, ReportState, ValueComment
from wts.workflow.progress import DistrictCounts, district_counts
from wts.workflow.queries import district_overview, latest_return
from wts.workflow.rules import TransitionRefused

from .forms import BulkConfirmForm, CommentForm, ReopenForm, ReturnForm
from .queries import province_reports, review_sections

PENDING_STATES = (ReportState.SUBMITTED, ReportState.RETURNED)


@dataclass(frozen=True)
class Explanation:
    """A district's word on one value: typed beside it at entry, or a comment written later."""

    author: object
    created_at: object
    text: str


def _round(fiscal_year) -> Round:
    return get_object_or_404(Round, fiscal_year=fiscal_year)


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Directors and provincial staff land on their province; the department picks a province."""
    require(request.user, "wts.read_reviews")
    round_ = Round.current()
    if round_ is None:
        return render(request, "review/index.html", {"round": None, "provinces": []})
    if request.user.province_id:
        return redirect("review:province", fiscal_year=round_.fiscal_year, code=request.user.province.code)
    counts = district_counts(round_)
    provinces = [(p, counts.get(p.pk, DistrictCounts())) for p in provinces_for(request.user)]
    provinces = thai_sorted(provinces, key=lambda pc: pc[0].name_th)
    return render(request, "review/index.html", {"round": round_, "provinces": provinces})


def _cannot_tick_reason(report, refusal) -> str:
    """Why the director finds no checkbox on a district's row, in a few words."""
    if report is None or report.state in (ReportState.NOT_STARTED, ReportState.IN_PROGRESS):
        return _("ยังไม่ได้ส่งข้อมูล")
    if report.state == ReportState.RETURNED:
        return _("ส่งกลับแล้ว รออำเภอแก้ไขและส่งใหม่")
    if report.state == ReportState.CONFIRMED:
        return ""
    return refusal or ""


def _province_table(round_, province_obj, user):
    """The rows of the province page and, for districts waiting for a decision, their flags and the
    district's own explanations (the note typed beside a value at entry, then its officers' comments)."""
    rows = province_reports(round_, province_obj)
    # Flags matter where a decision is pending: districts waiting for confirmation or being fixed.
    pending = {report.pk: d for d, report, _dl in rows if report is not None and report.state in PENDING_STATES}
    flagger = RoundFlagger(round_, districts=list(pending.values())) if pending else None
    items = {}
    explanations = defaultdict(lambda: defaultdict(list))
    if pending:
        items = {i.pk: i for i in WorkItem.objects.filter(area__round=round_).select_related("area")}
        for v in ItemValue.objects.filter(report_id__in=pending).exclude(note="").select_related("updated_by"):
            explanations[v.report_id][v.item_id].append(Explanation(v.updated_by, v.updated_at, v.note))
        for c in (ValueComment.objects.filter(report_id__in=pending, author__district_id=F("report__district_id"))
                  .select_related("author")):
            explanations[c.report_id][c.item_id].append(Explanation(c.author, c.created_at, c.text))
    now = timezone.now()
    is_director = can(user, "wts.confirm_province_districts")
    table = []
    for district, report, deadlines in rows:
        flags = []
        if flagger is not None and report is not None and report.pk in pending:
            by_item = flagger.flags_for_district(district.pk)
            flags = sorted(
                ({"item": items.get(item_id), "reasons": reasons, "explanations": explanations[report.pk].get(item_id, [])}
                 for item_id, reasons in by_item.items() if reasons and item_id in items),
                key=lambda f: (f["item"].area.number, f["item"].order, f["item"].code),
            )
        refusal = rules.review_refusal(report, now=now, deadlines=deadlines) if is_director and report else None
        confirmable = is_director and report is not None and refusal is None
        last_return = report.return_requests.all()[0] if report is not None and report.return_count else None
        table.append({
            "district": district, "report": report, "deadlines": deadlines, "flags": flags, "flag_count": len(flags),
            "confirmable": confirmable,
            "cannot_tick": "" if confirmable or not is_director else _cannot_tick_reason(report, refusal),
            "resubmitted": bool(last_return and last_return.resubmitted_at and report.state == ReportState.SUBMITTED),
            "entry_days_left": days_left(deadlines.entry_closes_at, now),
            "confirm_days_left": days_left(deadlines.confirm_closes_at, now),
        })
    return table, is_director


def _bulk_confirm_form(table, data=None):
    return BulkConfirmForm(
        data,
        confirmable=[row["report"].pk for row in table if row["confirmable"]],
        flag_counts={row["report"].pk: row["flag_count"] for row in table if row["confirmable"] and row["flag_count"]},
    )


def _render_province(request, round_, province_obj, table, is_director, form=None, status=200):
    reports = [row["report"] for row in table if row["report"] is not None]
    counts = {state: sum(1 for r in reports if r.state == state) for state in ReportState.values}
    counts[ReportState.NOT_STARTED] += len(table) - len(reports)
    selected = set(form.cleaned_data.get("report", []) if form is not None and hasattr(form, "cleaned_data") else [])
    if form is not None and not selected:
        selected = {i for i in map(parse_id, form.data.getlist("report")) if i is not None}
    return render(request, "review/province.html", {
        "round": round_, "province": province_obj, "table": table, "counts": counts, "is_director": is_director,
        "any_confirmable": any(r["confirmable"] for r in table),
        "flagged_confirmable": [r for r in table if r["confirmable"] and r["flag_count"]],
        "flagged_rows": [r for r in table if r["flag_count"]],
        "form": form or _bulk_confirm_form(table), "selected": selected,
        "state_labels": dict(ReportState.choices),
    }, status=status)


@require_GET
@login_required
def province(request: HttpRequest, fiscal_year: int, code: str) -> HttpResponse:
    require(request.user, "wts.read_reviews")
    province_obj = get_province_for(request.user, code)
    round_ = _round(fiscal_year)
    table, is_director = _province_table(round_, province_obj, request.user)
    return _render_province(request, round_, province_obj, table, is_director)


@require_POST
@login_required
def confirm_many(request: HttpRequest, fiscal_year: int, code: str) -> HttpResponse:
    province_obj = get_province_for(request.user, code)
    round_ = _round(fiscal_year)
    require(request.user, "wts.confirm_province_districts")
    ids = [i for i in map(parse_id, request.POST.getlist("report")) if i is not None]
    reports = list(
        DistrictReport.objects.filter(pk__in=ids, round=round_, district__province=province_obj)
        .select_related("round", "district")
    )
    if len(reports) != len(set(ids)):
        raise Http404
    table, is_director = _province_table(round_, province_obj, request.user)
    form = _bulk_confirm_form(table, request.POST)
    if not form.is_valid():
        return _render_province(request, round_, province_obj, table, is_director, form=form, status=400)
    back = redirect("review:province", fiscal_year=fiscal_year, code=code)
    try:
        actions.confirm_reports(reports, acting_user=request.user, source=Source.WEB,
                                acknowledged_flags=form.acknowledged_flags())
    except TransitionRefused as exc:
        messages.error(request, _("ยังไม่ได้ยืนยันอำเภอใดเลย: %(reason)s") % {"reason": exc.message})
    else:
        messages.success(request, _("ยืนยันข้อมูลแล้ว %(n)s อำเภอ") % {"n": len(reports)})
    return back


def _district_report(request, fiscal_year, code):
    district = get_district_for(request.user, code)
    round_ = _round(fiscal_year)
    report = (
        DistrictReport.objects.select_related("round", "district", "district__province", "confirmed_by", "open_area",
                                              "last_changed_by")
        .filter(round=round_, district=district).first()
    )
    if report is None:
        report = DistrictReport(round=round_, district=district)
    return round_, district, report


def _render_district(request, round_, district, report, *, return_form=None, reopen_form=None, comment_form=None,
                     status=200):
    user = request.user
    now = timezone.now()
    deadlines = deadlines_for(round_, district)
    last_return = latest_return(report)
    sections = review_sections(report, RoundFlagger(round_, districts=[district]), last_return) if report.pk else []
    can_review = can(user, "wts.review_report", report)
    review_refusal = rules.review_refusal(report, now=now, deadlines=deadlines) if can_review else None
    can_reopen = can(user, "wts.reopen_report", report) and report.pk and rules.reopen_refusal(report) is None
    changed = [row for s in sections for row in s.rows if row.changed]
    context = {
        "round": round_, "district": district, "report": report, "deadlines": deadlines, "sections": sections,
        "last_return": last_return, "changed": changed,
        "can_review": can_review, "review_refusal": review_refusal,
        "can_comment": report.pk and can(user, "wts.comment_on_report", report) and rules.comment_refusal(report) is None,
        "can_reopen": can_reopen,
        "return_form": return_form or ReturnForm(round_=round_),
        "reopen_form": reopen_form or ReopenForm(round_=round_),
        "comment_form": comment_form,
        "flag_total": sum(s.flag_count for s in sections),
        "confirm_days_left": days_left(deadlines.confirm_closes_at, now),
    }
    return render(request, "review/district.html", context, status=status)


@require_GET
@login_required
def district(request: HttpRequest, fiscal_year: int, code: str) -> HttpResponse:
    require(request.user, "wts.read_reviews")
    round_, district_obj, report = _district_report(request, fiscal_year, code)
    return _render_district(request, round_, district_obj, report)


def _refused(request, round_, district_obj, report, message, **forms):
    messages.error(request, message)
    return _render_district(request, round_, district_obj, report, status=403, **forms)


def _transition_with_form(request, fiscal_year, code, *, rule, form_class, form_name, act):
    """Fetch the report in scope, ask the rule, validate the form, then act(report, cleaned_data).

    Returns (district, None) when done, or (district, the district's page again with the form
    kept: 400 for a bad form, 403 for a refusal).
    """
    round_, district_obj, report = _district_report(request, fiscal_year, code)
    require(request.user, rule, report)
    form = form_class(request.POST, round_=round_)
    if not form.is_valid():
        return district_obj, _render_district(request, round_, district_obj, report, status=400, **{form_name: form})
    try:
        act(report, form.cleaned_data)
    except TransitionRefused as exc:
        return district_obj, _refused(request, round_, district_obj, report, exc.message, **{form_name: form})
    return district_obj, None


@require_POST
@login_required
def confirm(request: HttpRequest, fiscal_year: int, code: str) -> HttpResponse:
    round_, district_obj, report = _district_report(request, fiscal_year, code)
    require(request.user, "wts.review_report", report)
    try:
        actions.confirm_report(report, acting_user=request.user, source=Source.WEB)
    except TransitionRefused as exc:
        return _refused(request, round_, district_obj, report, exc.message)
    messages.success(request, _("ยืนยันข้อมูลของ%(d)sแล้ว") % {"d": district_obj.display_name})
    return redirect("review:province", fiscal_year=fiscal_year, code=district_obj.province.code)


@require_POST
@login_required
def return_(request: HttpRequest, fiscal_year: int, code: str) -> HttpResponse:
    district_obj, failed = _transition_with_form(
        request, fiscal_year, code, rule="wts.review_report", form_class=ReturnForm, form_name="return_form",
        act=lambda report, data: actions.return_report(
            report, acting_user=request.user, reason=data["reason"],
            item_ids=[i.pk for i in data["items"]], source=Source.WEB,
        ),
    )
    if failed is not None:
        return failed
    messages.success(request, _("ส่งข้อมูลของ%(d)s กลับให้แก้ไขแล้ว") % {"d": district_obj.display_name})
    return redirect("review:province", fiscal_year=fiscal_year, code=district_obj.province.code)


@require_POST
@login_required
def reopen(request: HttpRequest, fiscal_year: int, code: str) -> HttpResponse:
    district_obj, failed = _transition_with_form(
        request, fiscal_year, code, rule="wts.reopen_report", form_class=ReopenForm, form_name="reopen_form",
        act=lambda report, data: actions.reopen_report(
            report, acting_user=request.user, reason=data["reason"], area=data["area"], source=Source.WEB,
        ),
    )
    if failed is not None:
        return failed
    messages.success(request, _("เปิดให้%(d)s แก้ไขข้อมูลอีกครั้งแล้ว") % {"d": district_obj.display_name})
    return redirect("review:district", fiscal_year=fiscal_year, code=code)


@require_POST
@login_required
def comment(request: HttpRequest, fiscal_year: int, code: str) -> HttpResponse:
    """A comment on one value, by the district's director (from this page) or its officer (a reply
    from the district's own page). A refused or invalid comment comes back on the poster's page."""
    round_, district_obj, report = _district_report(request, fiscal_year, code)
    if not report.pk:
        raise PermissionDenied
    require(request.user, "wts.comment_on_report", report)
    form = CommentForm(request.POST, round_=round_)
    refusal = None
    if form.is_valid():
        item = form.cleaned_data["item"]
        try:
            actions.add_comment(report, item, acting_user=request.user, text=form.cleaned_data["text"])
        except TransitionRefused as exc:
            refusal = exc.message
        else:
            messages.success(request, _("บันทึกความเห็นแล้ว"))
            if can(request.user, "wts.edit_report", report):
                return redirect("entry:area_edit", fiscal_year=fiscal_year, number=item.area.number)
            return redirect(f"{reverse('review:district', args=[fiscal_year, code])}#item-{item.pk}")
    status = 403 if refusal else 400
    if can(request.user, "wts.edit_report", report):
        return _officer_reply_refused(request, district_obj, form, refusal, status)
    if refusal:
        return _refused(request, round_, district_obj, report, refusal, comment_form=form)
    return _render_district(request, round_, district_obj, report, comment_form=form, status=status)


def _officer_reply_refused(request, district_obj, form, refusal, status):
    """The officer's own district page, the reply's error beside its field and its text kept.
    Never the reviewer's page: that one shows the province's medians and flags."""
    context = district_overview(district_obj)
    errors = [refusal] if refusal else [error for field in form for error in field.errors]
    posted_item = str(form.data.get("item", ""))
    reply_to = next(
        (c.pk for c in context.get("review_comments", [])
         if str(c.item_id) == posted_item and c.author_id != request.user.pk),
        None,
    )
    context.update(reply_to=reply_to, reply_errors=errors, reply_text=form.data.get("text", ""))
    return render(request, "entry/district_home.html", context, status=status)


@require_POST
@login_required
def submit(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    """The district officer sends the district's complete report to the province."""
    require(request.user, "wts.record_workload")
    round_ = _round(fiscal_year)
    report = DistrictReport.objects.select_related("round", "district").filter(
        round=round_, district_id=request.user.district_id).first()
    try:
        # A district that never saved has no report yet: the action answers with the rules' reason.
        actions.submit_report(report or DistrictReport(round=round_, district=request.user.district),
                              acting_user=request.user, source=Source.WEB)
    except TransitionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("ส่งข้อมูลให้จังหวัดยืนยันแล้ว ข้อมูลจะแก้ไขไม่ได้จนกว่าจังหวัดจะส่งกลับ"))
    return redirect("entry:district_home")
