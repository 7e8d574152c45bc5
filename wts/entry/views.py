from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wts.accounts.middleware import redirect_page
from wts.accounts.scope import get_district_for
from wts.audit.models import Source
from wts.catalog.queries import area_links, area_with_items, round_of_year
from wts.geography.models import District
from wts.lib.permissions import require
from wts.lib.prepared import PreparedRead
from wts.rounds.deadlines import deadlines_for
from wts.workflow.models import AreaReport, DistrictReport
from wts.workflow.queries import (
    area_rows,
    district_overview,
    due_for,
    review_notes,
    value_hints,
    values_and_notes_of,
    values_of,
)
from wts.workflow.rules import EditRefused, edit_refusal

from .actions import StaleEdit, save_area
from .forms import AreaValuesForm, item_field_name, note_field_name

# The reads every officer page and save makes, compiled once (wts/lib/prepared.py).
_district_with_province = PreparedRead(lambda pk: District.objects.filter(pk=pk).select_related("province"))
_report_with_editor = PreparedRead(lambda round_id, district_id: DistrictReport.objects.filter(
    round_id=round_id, district_id=district_id).select_related("last_changed_by"))
_area_version = PreparedRead(lambda report_id, area_id: AreaReport.objects.filter(
    report_id=report_id, area_id=area_id).values_list("version"))
_report_with_area_version = PreparedRead(lambda round_id, district_id, area_id: DistrictReport.objects.filter(
    round_id=round_id, district_id=district_id).annotate(area_version=Subquery(
        AreaReport.objects.filter(report=OuterRef("pk"), area_id=area_id).values("version")[:1])))


def _officer_district(request):
    require(request.user, "wts.record_workload")
    district = _district_with_province.first(request.user.district_id)
    request.user.district = district  # the header reads it too: one query, not two
    return district


@require_GET
@login_required
def district_home(request: HttpRequest) -> HttpResponse:
    """The district officer's page: the open round, its deadline, progress and the 8 areas."""
    return render(request, "entry/district_home.html", district_overview(_officer_district(request)))


def _report_of(round_, district, area=None):
    """The district's report for the round, or None; with `area`, it carries that area's version
    (``area_version``, None before the area's first save) read in the same query."""
    if area is not None:
        report = _report_with_area_version.first(round_.pk, district.pk, area.pk)
    else:
        report = DistrictReport.objects.filter(round=round_, district=district).first()
    if report is not None:
        report.round, report.district = round_, district
    return report


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


@require_http_methods(["GET", "POST"])
@login_required
def area_edit(request: HttpRequest, fiscal_year: int, number: int) -> HttpResponse:
    """One area's form. A save from the page (htmx) is answered with the saved form, or the next
    area's, in place: one request per save. Without JavaScript the save redirects as before."""
    district = _officer_district(request)
    round_, area, items = area_with_items(fiscal_year, number)
    if request.method == "GET":
        report = _report_of(round_, district, area)
        return _render_area(request, round_, district, report, area, items,
                            version=(report.area_version or 0) if report else 0)
    # A save reads the report under its lock (or creates it); the page reads it only when no save happens.
    report = None
    refusal = None
    status = 200
    stale = None
    version_missing = False
    saved_message, saved_ok = None, False
    saved_values = saved_notes = saved_deadlines = None

    form = AreaValuesForm(request.POST, items=items, require_base_version=True)
    if form.is_valid():
        try:
            # The window and the review state are checked by the action (a first save creates the report).
            result = save_area(
                DistrictReport(round=round_, district=district), area, form.values_by_item_id(),
                acting_user=request.user, source=Source.WEB, base_version=form.cleaned_data.get("base_version"),
                items=items, notes=form.notes_by_item_id(),
            )
        except EditRefused as exc:
            refusal, status = exc.message, 403
        except StaleEdit as exc:
            stale, status = exc, 409
        else:
            report = result.report
            report.round, report.district = round_, district
            if result.changed:
                saved_message = _("บันทึกข้อมูลด้านที่ %(n)s แล้ว") % {"n": area.number}
            else:
                saved_message = _("ไม่มีค่าที่เปลี่ยนแปลง")
            saved_ok = bool(result.changed)
            add_message = messages.success if saved_ok else messages.info
            following = links = None
            if "next" in request.POST:
                # The next area's number from the area links (a read the next form shows anyway).
                links = area_links(round_)
                following = next((n for n, _name in links if n > area.number), None)
                if following is None:  # the last area: back to the district's page
                    add_message(request, saved_message)
                    return redirect_page(request, reverse("entry:district_home"))
            if not _is_htmx(request):
                add_message(request, saved_message)
                return redirect("entry:area_edit", fiscal_year=fiscal_year, number=following or area.number)
            saved_values, saved_notes, saved_deadlines = result.values, result.notes, result.deadlines
            if following is not None:
                # The next area's form in place of this one; the address bar follows.
                _round, next_area, next_items = area_with_items(fiscal_year, following)
                response = _render_area(
                    request, round_, district, report, next_area, next_items,
                    saved_message=saved_message, saved_ok=saved_ok, deadlines=saved_deadlines, areas=links,
                    version=result.versions.get(next_area.pk, 0),  # read under the save's lock
                )
                response["HX-Push-Url"] = reverse("entry:area_edit", args=[fiscal_year, following])
                return response
            form = _initial_form(items, result.values, result.area_report.version)
    else:
        status = 400
    if status != 200:  # nothing was saved: the page shows the report as it stands
        report = _report_of(round_, district)
    if status == 400 and "base_version" in form.errors:
        # Shown like a colleague's save: what is stored now under each typed value, and the
        # current version in the form, so saving again is a decision, not an accident.
        stale, version_missing = _current_state(report, area, items), True
    if status == 400:  # invalid, and perhaps not allowed either: say so before the field errors
        probe = report or DistrictReport(round=round_, district=district)
        probe.round, probe.district = round_, district
        refusal = edit_refusal(probe, area)
        status = 403 if refusal else status
    return _render_area(request, round_, district, report, area, items, form=form, refusal=refusal, stale=stale,
                        status=status, saved_message=saved_message, saved_ok=saved_ok, values=saved_values,
                        notes=saved_notes,
                        deadlines=saved_deadlines, version_missing=version_missing)


def _current_state(report, area, items) -> StaleEdit:
    area_report = report.area_reports.filter(area=area).select_related("updated_by").first() if report else None
    return StaleEdit(
        current_version=area_report.version if area_report else 0,
        changed_by=area_report.updated_by if area_report else None,
        changed_at=area_report.updated_at if area_report else None,
        current_values=values_of(report, area) if report else {},
    )


def _initial_form(items, values, version):
    initial = {item_field_name(i): values.get(i.pk) for i in items}
    initial["base_version"] = version
    return AreaValuesForm(initial=initial, items=items)


def _render_area(request, round_, district, report, area, items, *, form=None, refusal=None, stale=None, status=200,
                 saved_message=None, saved_ok=True, values=None, notes=None, deadlines=None, version=None,
                 version_missing=False, areas=None):
    """The area page, or for htmx only its panel (the form, the notices and the area links).
    `version`: the area's version when the caller has read it with the report; `values` and
    `notes`: the area's values and explanations as just saved; `areas`: the area links, when read."""
    probe = report or DistrictReport(round=round_, district=district)
    probe.round, probe.district = round_, district
    deadlines = deadlines or deadlines_for(round_, district)
    if form is None:
        values, notes = values_and_notes_of(report, area)
        if version is None:
            found = _area_version.rows(report.pk, area.pk) if report and report.pk else []
            version = found[0][0] if found else 0
        form = _initial_form(items, values, version)
        if refusal is None:
            refusal = edit_refusal(probe, area, deadlines=deadlines)
    stale_rows = []
    if stale is not None:
        for item in items:
            stale_rows.append((item, stale.current_values.get(item.pk)))
        # A new base lets the user save what they typed over the colleague's values on purpose.
        form.data = form.data.copy()
        form.data["base_version"] = stale.current_version
    areas = areas if areas is not None else area_links(round_)
    marked_ids, comments = review_notes(report, area)
    hints = value_hints(round_, district, report, items, values=values, notes=notes)
    if not form.is_bound:
        for item in items:
            form.initial[note_field_name(item)] = hints[item.pk].note
    rows = [(item, value_field, note_field, hints[item.pk]) for item, value_field, note_field in form.item_rows()]
    panel = render_to_string(
        "entry/_area_panel.html",
        {"round": round_, "district": district, "area": area, "form": form, "refusal": refusal,
         "stale": stale, "stale_rows": stale_rows, "version_missing": version_missing, "areas": areas,
         "marked_ids": marked_ids, "comments": comments,
         "report": report, "saved_message": saved_message, "saved_ok": saved_ok, "rows": rows,
         "flagged_count": sum(1 for hint in hints.values() if hint.flags),
         "due": due_for(probe, deadlines, timezone.now()),
         # What the user typed and the server did not save: leaving the page must warn.
         "unsaved": request.method == "POST" and status != 200},
        request=request, using="jinja2",
    )
    if _is_htmx(request):  # a save in place: the form alone
        return HttpResponse(panel, status=status)
    return render(request, "entry/area_edit.html", {"round": round_, "district": district, "area": area,
                                                    "panel": mark_safe(panel)}, status=status)


@require_GET
@login_required
def district_data(request: HttpRequest, fiscal_year: int, code: str) -> HttpResponse:
    """Read-only view of one district's figures for one round, for anyone whose scope holds it."""
    district = get_district_for(request.user, code)
    round_ = round_of_year(fiscal_year)
    report = _report_with_editor.first(round_.pk, district.pk)
    values = values_of(report)
    rows = area_rows(round_, report, with_items=True)
    sections = [(row, [(item, values.get(item.pk)) for item in row.area.round_items]) for row in rows]
    if report is None and not rows:
        raise Http404
    return render(
        request,
        "entry/district_data.html",
        {"round": round_, "district": district, "report": report, "sections": sections,
         "deadlines": deadlines_for(round_, district)},
    )
