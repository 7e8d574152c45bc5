from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wts.accounts.middleware import redirect_page
from wts.accounts.scope import get_district_for
from wts.audit.models import Source
from wts.catalog.models import MissionArea
from wts.catalog.queries import area_links, area_with_items, round_of_year
from wts.geography.models import District
from wts.lib.permissions import require
from wts.lib.thai import thai_datetime
from wts.rounds.deadlines import deadlines_for
from wts.rounds.models import Round
from wts.workflow.actions import SaveResult, StaleEdit, save_area
from wts.workflow.forms import (
    AreaValuesForm,
    item_field_name,
    note_field_name,
    original_field_name,
    original_note_field_name,
)
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


def _officer_district(request):
    require(request.user, "wts.record_workload")
    district = District.objects.select_related("province").filter(pk=request.user.district_id).first()
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
        report = DistrictReport.objects.filter(round=round_, district=district).annotate(area_version=Subquery(
            AreaReport.objects.filter(report=OuterRef("pk"), area=area).values("version")[:1])).first()
    else:
        report = DistrictReport.objects.filter(round=round_, district=district).first()
    if report is not None:
        report.round, report.district = round_, district
    return report


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


@dataclass
class AreaPage:
    """What the area page shows: the area and the district's report, and what the request did to
    them. A save hands its result on (values, notes, deadlines and versions read under its lock),
    so the page answering it reads none of them again."""

    round: Round
    district: District
    report: DistrictReport | None
    area: MissionArea
    items: list
    form: AreaValuesForm | None = None  # the posted form; None: the stored values
    refusal: str | None = None
    stale: StaleEdit | None = None
    version_missing: bool = False
    saved_message: str | None = None
    saved_ok: bool = True
    saved: SaveResult | None = None  # the save that answered this request
    version: int | None = None  # the area's version, when read with the report
    areas: list | None = None  # the area links, when read
    deadlines: object = None  # the district's deadlines, when a save has read them
    touched: set | None = None  # the items the officer changed since opening the page (a refused save)


@require_http_methods(["GET", "POST"])
@login_required
def area_edit(request: HttpRequest, fiscal_year: int, number: int) -> HttpResponse:
    """One area's form. A save from the page (htmx) is answered with the saved form, or the next
    area's, in place: one request per save. Without JavaScript the save redirects as before."""
    district = _officer_district(request)
    round_, area, items = area_with_items(fiscal_year, number)
    if request.method == "GET":
        report = _report_of(round_, district, area)
        return _render_area(request, AreaPage(round_, district, report, area, items,
                                              version=(report.area_version or 0) if report else 0))
    # A save reads the report under its lock (or creates it); the page reads it only when no save happens.
    page = AreaPage(round_, district, None, area, items,
                    form=AreaValuesForm(request.POST, items=items, require_base_version=True, with_originals=True))
    status = 200
    if page.form.is_valid():
        # Only what the officer changed since opening the page is written: a save can never put
        # back a value the officer did not type (the page carries each field's value as opened).
        originals = page.form.originals()
        values, notes = page.form.changed_by_editor(originals)
        page.touched = set(values) | set(notes)
        try:
            # The window and the review state are checked by the action (a first save creates the report).
            result = save_area(
                DistrictReport(round=round_, district=district), area, values,
                acting_user=request.user, source=Source.WEB, base_version=page.form.cleaned_data.get("base_version"),
                items=items, notes=notes, originals=originals,
            )
        except EditRefused as exc:
            page.refusal, status = exc.message, 403
        except StaleEdit as exc:
            page.stale, status = exc, 409
        else:
            page.report = result.report
            page.report.round, page.report.district = round_, district
            page.saved, page.saved_ok = result, bool(result.changed)
            if result.others is not None:
                page.saved_message = _(
                    "บันทึกค่าที่ท่านแก้ไขในด้านที่ %(n)s แล้ว มีผู้อื่นบันทึกด้านนี้หลังจากที่ท่านเปิดหน้านี้ "
                    "(%(who)s %(when)s) ช่องที่ท่านไม่ได้แก้ไขแสดงค่าล่าสุดของผู้นั้น") % {
                    "n": area.number, "who": result.others.changed_by.display_name if result.others.changed_by else "",
                    "when": thai_datetime(result.others.changed_at)}
            elif result.changed:
                page.saved_message = _("บันทึกข้อมูลด้านที่ %(n)s แล้ว") % {"n": area.number}
            else:
                page.saved_message = _("ไม่มีค่าที่เปลี่ยนแปลง")
            add_message = messages.success if page.saved_ok else messages.info
            following = None
            if "next" in request.POST:
                # The next area's number from the area links (a read the next form shows anyway).
                page.areas = area_links(round_)
                following = next((n for n, _name in page.areas if n > area.number), None)
                if following is None:  # the last area: back to the district's page
                    add_message(request, page.saved_message)
                    return redirect_page(request, reverse("entry:district_home"))
            if not _is_htmx(request):
                add_message(request, page.saved_message)
                return redirect("entry:area_edit", fiscal_year=fiscal_year, number=following or area.number)
            if following is not None:
                # The next area's form in place of this one; the address bar follows.
                _round, next_area, next_items = area_with_items(fiscal_year, following)
                next_page = AreaPage(round_, district, page.report, next_area, next_items,
                                     saved_message=page.saved_message, saved_ok=page.saved_ok, areas=page.areas,
                                     version=result.versions.get(next_area.pk, 0),  # read under the save's lock
                                     deadlines=result.deadlines)
                response = _render_area(request, next_page)
                response["HX-Push-Url"] = reverse("entry:area_edit", args=[fiscal_year, following])
                return response
            page.form = _initial_form(items, result.values, result.area_report.version)
            page.saved_ok = page.saved_ok or result.others is not None
    else:
        status = 400
    if status != 200:  # nothing was saved: the page shows the report as it stands
        page.report = _report_of(round_, district)
    if status == 400 and "base_version" in page.form.errors:
        # Shown like a colleague's save: what is stored now under each typed value, and the
        # current version in the form, so saving again is a decision, not an accident.
        page.stale, page.version_missing = _current_state(page.report, area, items), True
    if status == 400:  # invalid, and perhaps not allowed either: say so before the field errors
        page.refusal = edit_refusal(_probe(page), area)
        status = 403 if page.refusal else status
    return _render_area(request, page, status=status)


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
    initial |= {original_field_name(i): values.get(i.pk) for i in items}
    initial["base_version"] = version
    return AreaValuesForm(initial=initial, items=items, with_originals=True)


def _resolve_form(form, stale: StaleEdit, touched, items):
    """The form after a refused save: the items the officer changed keep what was typed; every
    other item shows what is stored now; every hidden copy is what is stored now, and the version
    too, so the next save writes only what differs from the stored values and the officer typed."""
    data = form.data.copy()
    for item in items:
        stored = stale.current_values.get(item.pk)
        note = stale.current_notes.get(item.pk, "")
        if item.pk not in touched:
            data[item_field_name(item)] = "" if stored is None else str(stored)
            data[note_field_name(item)] = note
        data[original_field_name(item)] = "" if stored is None else str(stored)
        data[original_note_field_name(item)] = note
        data.pop(f"choice_{item.pk}", None)
    data["conflicts"] = ",".join(str(pk) for pk in stale.conflicts)
    data["base_version"] = stale.current_version
    form.data = data


def _probe(page: AreaPage) -> DistrictReport:
    """The report the rules are asked about: the district's, or an unsaved one before its first save."""
    probe = page.report or DistrictReport(round=page.round, district=page.district)
    probe.round, probe.district = page.round, page.district
    return probe


def _render_area(request, page: AreaPage, *, status=200) -> HttpResponse:
    """The area page, or for htmx only its panel (the form, the notices and the area links)."""
    round_, district, report, area, items = page.round, page.district, page.report, page.area, page.items
    probe = _probe(page)
    saved = page.saved
    deadlines = page.deadlines or (saved.deadlines if saved else None) or deadlines_for(round_, district)
    values = saved.values if saved else None
    notes = saved.notes if saved else None
    form, refusal = page.form, page.refusal
    if form is None:
        values, notes = values_and_notes_of(report, area)
        version = page.version
        if version is None:
            version = (AreaReport.objects.filter(report=report, area=area).values_list("version", flat=True).first()
                       if report and report.pk else None) or 0
        form = _initial_form(items, values, version)
        if refusal is None:
            refusal = edit_refusal(probe, area, deadlines=deadlines)
    stale_rows = []
    conflicts = {}
    if page.stale is not None and page.stale.conflicts:
        original_values, _notes = form.originals() or ({}, {})
        for item_id in page.stale.conflicts:
            by, when = page.stale.saved_by.get(item_id, (None, None))
            conflicts[item_id] = {
                "typed": form.data.get(f"item_{item_id}", ""), "stored": page.stale.current_values.get(item_id),
                "original": original_values.get(item_id), "show_original": True, "by": by, "when": when,
                "typed_note": form.data.get(f"note_{item_id}", ""), "stored_note": page.stale.current_notes.get(item_id, "")}
        _resolve_form(form, page.stale, page.touched or set(), items)
    elif form.is_bound and form.conflict_choices():
        # The choice was left out: the same question again, the stored value being the hidden copy.
        for item_id, choice in form.conflict_choices().items():
            stored = form.data.get(f"orig_item_{item_id}", "")
            conflicts[item_id] = {"typed": form.data.get(f"item_{item_id}", ""), "stored": stored or None,
                                  "choice": choice, "typed_note": form.data.get(f"note_{item_id}", ""),
                                  "stored_note": form.data.get(f"orig_note_{item_id}", "")}
    elif page.stale is not None:
        stale_rows = [(item, page.stale.current_values.get(item.pk)) for item in items]
        # A new base lets the user save what they typed over the colleague's values on purpose.
        form.data = form.data.copy()
        form.data["base_version"] = page.stale.current_version
    areas = page.areas if page.areas is not None else area_links(round_)
    marked_ids, comments = review_notes(report, area)
    hints = value_hints(round_, district, report, items, values=values, notes=notes)
    if not form.is_bound:
        for item in items:
            form.initial[note_field_name(item)] = hints[item.pk].note
            form.initial[original_note_field_name(item)] = hints[item.pk].note
    others = saved.others.items if saved and saved.others else {}
    rows = [(item, value_field, note_field, hints[item.pk],
             {"original": form[original_field_name(item)] if original_field_name(item) in form.fields else None,
              "original_note": form[original_note_field_name(item)]
              if original_note_field_name(item) in form.fields else None,
              "conflict": conflicts.get(item.pk), "others": others.get(item.pk)})
            for item, value_field, note_field in form.item_rows()]
    context = {
        "round": round_, "district": district, "area": area, "form": form, "refusal": refusal,
        "stale": page.stale, "stale_rows": stale_rows, "conflict_count": len(conflicts),
        "conflict_ids": ",".join(str(pk) for pk in conflicts), "version_missing": page.version_missing, "areas": areas,
        "marked_ids": marked_ids, "comments": comments,
        "report": report, "saved_message": page.saved_message, "saved_ok": page.saved_ok, "rows": rows,
        "flagged_count": sum(1 for hint in hints.values() if hint.flags),
        "due": due_for(probe, deadlines, timezone.now()),
        # What the user typed and the server did not save: leaving the page must warn.
        "unsaved": request.method == "POST" and status != 200,
    }
    if _is_htmx(request):  # a save in place: the form alone
        return render(request, "entry/_area_panel.html", context, status=status)
    return render(request, "entry/area_edit.html", context, status=status)


@require_GET
@login_required
def district_data(request: HttpRequest, fiscal_year: int, code: str) -> HttpResponse:
    """Read-only view of one district's figures for one round, for anyone whose scope holds it."""
    district = get_district_for(request.user, code)
    round_ = round_of_year(fiscal_year)
    report = DistrictReport.objects.select_related("last_changed_by").filter(round=round_, district=district).first()
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
