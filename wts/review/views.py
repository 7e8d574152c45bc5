from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from wts.accounts.models import Role
from wts.accounts.scope import get_district_for, get_province_for, provinces_for
from wts.audit.models import Source
from wts.entry.actions import area_count
from wts.entry.models import DistrictReport, ReportState
from wts.lib.ids import parse_id
from wts.lib.thai import days_left
from wts.rounds.deadlines import deadlines_for
from wts.rounds.models import Round

from . import actions, rules
from .flags import RoundFlagger
from .forms import CommentForm, ReopenForm, ReturnForm
from .queries import latest_return, province_reports, review_sections

PENDING_STATES = (ReportState.SUBMITTED, ReportState.RETURNED)


def _round(fiscal_year) -> Round:
    return get_object_or_404(Round, fiscal_year=fiscal_year)


def _reader(user):
    """District officers record; reviewing pages are for the province and the department."""
    if user.role == Role.DISTRICT_OFFICER:
        raise PermissionDenied


@require_GET
@login_required
def index(request):
    """Directors and provincial staff land on their province; the department picks a province."""
    _reader(request.user)
    round_ = Round.current()
    if round_ is None:
        return render(request, "review/index.html", {"round": None, "provinces": []})
    if request.user.province_id:
        return redirect("review:province", fiscal_year=round_.fiscal_year, code=request.user.province.code)
    in_round = Q(districts__reports__round=round_)
    provinces = provinces_for(request.user).order_by("name_th").annotate(
        districts_total=Count("districts", distinct=True),
        submitted=Count("districts__reports", filter=in_round & Q(districts__reports__state=ReportState.SUBMITTED)),
        returned=Count("districts__reports", filter=in_round & Q(districts__reports__state=ReportState.RETURNED)),
        confirmed=Count("districts__reports", filter=in_round & Q(districts__reports__state=ReportState.CONFIRMED)),
    )
    return render(request, "review/index.html", {"round": round_, "provinces": provinces})


@require_GET
@login_required
def province(request, fiscal_year, code):
    _reader(request.user)
    province_obj = get_province_for(request.user, code)
    round_ = _round(fiscal_year)
    rows = province_reports(round_, province_obj)
    reports = [report for _d, report, _dl in rows if report is not None]
    # Flags matter where a decision is pending: districts waiting for confirmation or being fixed.
    pending = [d.pk for d, report, _dl in rows if report is not None and report.state in PENDING_STATES]
    flagger = RoundFlagger(round_, district_ids=pending) if pending else None
    now = timezone.now()
    is_director = request.user.role == Role.PROVINCIAL_DIRECTOR
    table = []
    for district, report, deadlines in rows:
        flag_count = 0
        if flagger is not None and district.pk in flagger.focus:
            flag_count = sum(1 for f in flagger.flags_for_district(district.pk).values() if f)
        confirmable = (
            is_director and report is not None and rules.review_refusal(report, now=now, deadlines=deadlines) is None
        )
        last_return = report.return_requests.all()[0] if report is not None and report.return_count else None
        table.append({
            "district": district, "report": report, "deadlines": deadlines, "flag_count": flag_count,
            "confirmable": confirmable, "resubmitted": bool(last_return and last_return.resubmitted_at
                                                            and report.state == ReportState.SUBMITTED),
            "entry_days_left": days_left(deadlines.entry_closes_at, now),
            "confirm_days_left": days_left(deadlines.confirm_closes_at, now),
        })
    counts = {state: sum(1 for r in reports if r.state == state) for state in ReportState.values}
    counts[ReportState.NOT_STARTED] += len(rows) - len(reports)
    return render(request, "review/province.html", {
        "round": round_, "province": province_obj, "table": table, "counts": counts, "is_director": is_director,
        "any_confirmable": any(r["confirmable"] and not r["flag_count"] for r in table), "state_labels": dict(ReportState.choices),
    })


@require_POST
@login_required
def confirm_many(request, fiscal_year, code):
    province_obj = get_province_for(request.user, code)
    round_ = _round(fiscal_year)
    if request.user.role != Role.PROVINCIAL_DIRECTOR:
        raise PermissionDenied
    ids = [i for i in map(parse_id, request.POST.getlist("report")) if i is not None]
    reports = list(
        DistrictReport.objects.filter(pk__in=ids, round=round_, district__province=province_obj)
        .select_related("round", "district")
    )
    back = redirect("review:province", fiscal_year=fiscal_year, code=code)
    if not ids:
        messages.warning(request, _("กรุณาเลือกอำเภอที่จะยืนยัน"))
        return back
    if len(reports) != len(set(ids)):
        raise Http404
    try:
        actions.confirm_reports(reports, acting_user=request.user, source=Source.WEB)
    except actions.TransitionRefused as exc:
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
    sections = review_sections(report, RoundFlagger(round_, [district.pk]), last_return) if report.pk else []
    can_review = rules.may_review(user, report)
    review_refusal = rules.review_refusal(report, now=now, deadlines=deadlines) if can_review else None
    can_reopen = rules.may_reopen(user) and report.pk and rules.reopen_refusal(report) is None
    changed = [row for s in sections for row in s.rows if row.changed]
    context = {
        "round": round_, "district": district, "report": report, "deadlines": deadlines, "sections": sections,
        "last_return": last_return, "changed": changed,
        "can_review": can_review, "review_refusal": review_refusal,
        "can_comment": report.pk and rules.may_comment(user, report) and rules.comment_refusal(report) is None,
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
def district(request, fiscal_year, code):
    _reader(request.user)
    round_, district_obj, report = _district_report(request, fiscal_year, code)
    return _render_district(request, round_, district_obj, report)


def _refused(request, round_, district_obj, report, message, **forms):
    messages.error(request, message)
    return _render_district(request, round_, district_obj, report, status=403, **forms)


@require_POST
@login_required
def confirm(request, fiscal_year, code):
    round_, district_obj, report = _district_report(request, fiscal_year, code)
    if not rules.may_review(request.user, report):
        raise PermissionDenied
    if not report.pk:
        return _refused(request, round_, district_obj, report, _("อำเภอนี้ยังไม่ได้ส่งข้อมูลให้ตรวจสอบ"))
    try:
        actions.confirm_report(report, acting_user=request.user, source=Source.WEB)
    except actions.TransitionRefused as exc:
        return _refused(request, round_, district_obj, report, exc.message)
    messages.success(request, _("ยืนยันข้อมูลของ%(d)s แล้ว") % {"d": district_obj.display_name})
    return redirect("review:province", fiscal_year=fiscal_year, code=district_obj.province.code)


@require_POST
@login_required
def return_(request, fiscal_year, code):
    round_, district_obj, report = _district_report(request, fiscal_year, code)
    if not rules.may_review(request.user, report):
        raise PermissionDenied
    form = ReturnForm(request.POST, round_=round_)
    if not form.is_valid():
        return _render_district(request, round_, district_obj, report, return_form=form, status=400)
    if not report.pk:
        return _refused(request, round_, district_obj, report, _("อำเภอนี้ยังไม่ได้ส่งข้อมูลให้ตรวจสอบ"), return_form=form)
    try:
        actions.return_report(
            report, acting_user=request.user, reason=form.cleaned_data["reason"],
            item_ids=[i.pk for i in form.cleaned_data["items"]], source=Source.WEB,
        )
    except actions.TransitionRefused as exc:
        return _refused(request, round_, district_obj, report, exc.message, return_form=form)
    messages.success(request, _("ส่งข้อมูลของ%(d)s กลับให้แก้ไขแล้ว") % {"d": district_obj.display_name})
    return redirect("review:province", fiscal_year=fiscal_year, code=district_obj.province.code)


@require_POST
@login_required
def reopen(request, fiscal_year, code):
    round_, district_obj, report = _district_report(request, fiscal_year, code)
    if not rules.may_reopen(request.user):
        raise PermissionDenied
    form = ReopenForm(request.POST, round_=round_)
    if not form.is_valid():
        return _render_district(request, round_, district_obj, report, reopen_form=form, status=400)
    if not report.pk:
        return _refused(request, round_, district_obj, report, _("เปิดให้แก้ไขได้เฉพาะอำเภอที่จังหวัดยืนยันข้อมูลแล้ว"),
                        reopen_form=form)
    try:
        actions.reopen_report(report, acting_user=request.user, reason=form.cleaned_data["reason"],
                              area=form.cleaned_data["area"], source=Source.WEB)
    except actions.TransitionRefused as exc:
        return _refused(request, round_, district_obj, report, exc.message, reopen_form=form)
    messages.success(request, _("เปิดให้%(d)s แก้ไขข้อมูลอีกครั้งแล้ว") % {"d": district_obj.display_name})
    return redirect("review:district", fiscal_year=fiscal_year, code=code)


@require_POST
@login_required
def comment(request, fiscal_year, code):
    round_, district_obj, report = _district_report(request, fiscal_year, code)
    if not report.pk or not rules.may_comment(request.user, report):
        raise PermissionDenied
    form = CommentForm(request.POST, round_=round_)
    if not form.is_valid():
        return _render_district(request, round_, district_obj, report, comment_form=form, status=400)
    try:
        actions.add_comment(report, form.cleaned_data["item"], acting_user=request.user, text=form.cleaned_data["text"])
    except actions.TransitionRefused as exc:
        return _refused(request, round_, district_obj, report, exc.message, comment_form=form)
    messages.success(request, _("บันทึกความเห็นแล้ว"))
    item = form.cleaned_data["item"]
    if request.user.role == Role.DISTRICT_OFFICER:
        return redirect("entry:area_edit", fiscal_year=fiscal_year, number=item.area.number)
    return redirect(f"{reverse('review:district', args=[fiscal_year, code])}#item-{item.pk}")


@require_POST
@login_required
def submit(request, fiscal_year):
    """The district officer sends the district's complete report to the province."""
    if request.user.role != Role.DISTRICT_OFFICER:
        raise PermissionDenied
    round_ = _round(fiscal_year)
    report = DistrictReport.objects.select_related("round", "district").filter(
        round=round_, district_id=request.user.district_id).first()
    if report is None:
        messages.error(request, _("ยังส่งไม่ได้ ต้องบันทึกข้อมูลให้ครบทั้ง %(total)s ด้านก่อน (ครบแล้ว %(done)s ด้าน)") % {
            "total": area_count(round_), "done": 0})
        return redirect("entry:district_home")
    try:
        actions.submit_report(report, acting_user=request.user, source=Source.WEB)
    except actions.TransitionRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("ส่งข้อมูลให้จังหวัดยืนยันแล้ว ข้อมูลจะแก้ไขไม่ได้จนกว่าจังหวัดจะส่งกลับ"))
    return redirect("entry:district_home")

