"""The department's catalog pages: thin views over the actions (rules, audit) and the forms."""

from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wts.audit.bulk import record_bulk_read
from wts.audit.models import AuditEvent, Source
from wts.lib.downloads import XLSX, attachment
from wts.lib.permissions import can, require
from wts.rounds.models import Round

from .actions import (
    CatalogRefused,
    ImportRow,
    add_item,
    add_position_type,
    assign_position_types,
    import_catalog,
    remove_item,
    remove_position_type,
    reorder_items,
    round_holds_values,
    update_area,
    update_item,
    update_position_type,
)
from .effects import minutes_effect
from .forms import (
    AreaForm,
    CatalogUploadForm,
    PositionTypeForm,
    WorkItemForm,
    parse_minutes,
    position_type_initial,
)
from .models import MissionArea, PositionType, WorkItem
from .wisn import DEFAULT_WORKING_TIME, METHOD_FIELDS, ROUNDING_RULE, available_days, method_of
from .workbook import export_catalog, read_catalog

IMPORT_SALT = "wts.catalog.import"
IMPORT_MAX_AGE = 3600


def _round(fiscal_year) -> Round:
    return get_object_or_404(Round, fiscal_year=fiscal_year)


def _area(round_, number) -> MissionArea:
    area = get_object_or_404(MissionArea, round=round_, number=number)
    area.round = round_
    return area


def _item(round_, pk) -> WorkItem:
    item = get_object_or_404(WorkItem.objects.select_related("area"), pk=pk, area__round=round_)
    item.area.round = round_
    return item


def _area_to_change(request, fiscal_year, number) -> tuple[Round, MissionArea]:
    require(request.user, "wts.change_catalog")
    round_ = _round(fiscal_year)
    return round_, _area(round_, number)


def _item_to_change(request, fiscal_year, pk) -> tuple[Round, WorkItem]:
    require(request.user, "wts.change_catalog")
    round_ = _round(fiscal_year)
    return round_, _item(round_, pk)


def _submit(request, form, action, target):
    """A valid POST runs the action on target; its refusal lands on the form's field.

    Returns (result, status): result is None when the form is to be shown again.
    """
    if request.method != "POST":
        return None, 200
    if form.is_valid():
        try:
            return action(target, acting_user=request.user, source=Source.WEB, **form.cleaned_data), 200
        except CatalogRefused as exc:
            form.add_error(exc.field, exc.message)
    return None, 400


def _catalog_url(round_, area_number=None) -> str:
    url = reverse("catalog:round", args=[round_.fiscal_year])
    return f"{url}#area-{area_number}" if area_number else url


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    require(request.user, "wts.view_catalog")
    round_ = Round.current() or Round.objects.order_by("-fiscal_year").first()
    if round_ is None:
        raise Http404
    return redirect("catalog:round", fiscal_year=round_.fiscal_year)


@require_GET
@login_required
def catalog(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    require(request.user, "wts.view_catalog")
    round_ = _round(fiscal_year)
    areas = list(MissionArea.objects.filter(round=round_).prefetch_related("items").order_by("number"))
    history = (
        AuditEvent.objects.filter(round=round_, action__startswith="catalog.")
        .select_related("actor", "area").order_by("-created_at", "-id")[:30]
    )
    return render(request, "catalog/catalog.html", {
        "round": round_, "areas": areas, "history": history,
        "can_change": can(request.user, "wts.change_catalog") and not round_.is_closed,
        "holds_values": round_holds_values(round_),
        "rounds": Round.objects.order_by("-fiscal_year"),
    })


@require_http_methods(["GET", "POST"])
@login_required
def area_edit(request: HttpRequest, fiscal_year: int, number: int) -> HttpResponse:
    round_, area = _area_to_change(request, fiscal_year, number)
    form = AreaForm(request.POST or None, area=area)
    saved, status = _submit(request, form, update_area, area)
    if saved is not None:
        messages.success(request, _("บันทึกด้านที่ %(number)s แล้ว") % {"number": saved.number})
        return redirect(_catalog_url(round_, saved.number))
    return render(request, "catalog/area_form.html", {"round": round_, "area": area, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def item_add(request: HttpRequest, fiscal_year: int, number: int) -> HttpResponse:
    round_, area = _area_to_change(request, fiscal_year, number)
    form = WorkItemForm(request.POST or None, round_=round_)
    item, status = _submit(request, form, add_item, area)
    if item is not None:
        messages.success(request, _("เพิ่มรายการ %(code)s แล้ว") % {"code": item.code})
        return redirect(_catalog_url(round_, area.number))
    return render(request, "catalog/item_form.html", {
        "round": round_, "area": area, "form": form, "item": None,
    }, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request: HttpRequest, fiscal_year: int, pk: int) -> HttpResponse:
    round_, item = _item_to_change(request, fiscal_year, pk)
    form = WorkItemForm(request.POST or None, round_=round_, instance=item)
    result, status = _submit(request, form, update_item, item)
    if result is not None:
        if not result.changed:
            messages.info(request, _("ไม่มีการเปลี่ยนแปลง"))
        elif result.effect is not None:
            messages.success(request, _(
                "บันทึกรายการ %(code)s แล้ว · FTE ทั้งประเทศ %(before)s → %(after)s (อำเภอที่ได้รับผล %(districts)s แห่ง)"
            ) % {
                "code": result.item.code, "before": f"{result.effect.fte_before:,.1f}",
                "after": f"{result.effect.fte_after:,.1f}", "districts": f"{result.effect.districts_affected:,}",
            })
        else:
            messages.success(request, _("บันทึกรายการ %(code)s แล้ว") % {"code": result.item.code})
        return redirect(_catalog_url(round_, item.area.number))
    return render(request, "catalog/item_form.html", {
        "round": round_, "area": item.area, "form": form, "item": item,
        "effect": _preview(round_, item, form["standard_minutes"].value()),
    }, status=status)


def _preview(round_, item, raw) -> dict:
    """What the page shows before saving: the national FTE now and with the typed minutes."""
    try:
        minutes = parse_minutes(raw)
    except ValidationError as exc:
        return {"error": exc.messages[0]}
    if minutes is None:
        return {"error": _("กรุณากรอกเวลามาตรฐาน")}
    return {"effect": minutes_effect(round_, {item.code: minutes}), "minutes": minutes, "item": item}


@require_GET
@login_required
def item_effect(request: HttpRequest, fiscal_year: int, pk: int) -> HttpResponse:
    round_, item = _item_to_change(request, fiscal_year, pk)
    raw = request.GET.get("standard_minutes", str(item.standard_minutes))
    return render(request, "catalog/_effect.html", {"effect": _preview(round_, item, raw), "item": item})


@require_POST
@login_required
def item_remove(request: HttpRequest, fiscal_year: int, pk: int) -> HttpResponse:
    round_, item = _item_to_change(request, fiscal_year, pk)
    try:
        remove_item(item, acting_user=request.user, source=Source.WEB)
    except CatalogRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("ลบรายการ %(code)s แล้ว") % {"code": item.code})
    return redirect(_catalog_url(round_, item.area.number))


@require_POST
@login_required
def item_move(request: HttpRequest, fiscal_year: int, pk: int) -> HttpResponse:
    round_, item = _item_to_change(request, fiscal_year, pk)
    ids = list(item.area.items.order_by("order", "code").values_list("pk", flat=True))
    index = ids.index(item.pk)
    target = index - 1 if request.POST.get("direction") == "up" else index + 1
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
        try:
            reorder_items(item.area, ids, acting_user=request.user, source=Source.WEB)
        except CatalogRefused as exc:
            messages.error(request, exc.message)
    return redirect(_catalog_url(round_, item.area.number))


@require_GET
@login_required
def export(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    require(request.user, "wts.view_catalog")
    round_ = _round(fiscal_year)
    record_bulk_read(acting_user=request.user, what=_("แบบฟอร์มภารกิจ"), fmt="xlsx", round=round_)
    return attachment(export_catalog(round_), XLSX, f"catalog-{round_.fiscal_year}.xlsx")


@require_http_methods(["GET", "POST"])
@login_required
def import_view(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    """Upload → dry run (nothing saved, the plan shown with a signed copy of the rows) → apply."""
    require(request.user, "wts.change_catalog")
    round_ = _round(fiscal_year)
    context = {"round": round_, "form": CatalogUploadForm(), "plan": None, "payload": ""}
    if request.method == "GET":
        return render(request, "catalog/import.html", context)
    if "payload" in request.POST:
        try:
            data = signing.loads(request.POST["payload"], salt=IMPORT_SALT, max_age=IMPORT_MAX_AGE)
            if data["round"] != round_.pk or data["user"] != request.user.pk:
                raise signing.BadSignature
            rows = [ImportRow(**row) for row in data["rows"]]
        except (signing.BadSignature, KeyError, TypeError):
            context["error"] = _("ข้อมูลการนำเข้าหมดอายุหรือไม่ถูกต้อง โปรดอัปโหลดไฟล์อีกครั้ง")
            return render(request, "catalog/import.html", context, status=400)
        apply = True
    else:
        form = CatalogUploadForm(request.POST, request.FILES)
        context["form"] = form
        if not form.is_valid():
            return render(request, "catalog/import.html", context, status=400)
        try:
            rows = read_catalog(form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
            return render(request, "catalog/import.html", context, status=400)
        apply = False
    try:
        plan = import_catalog(round_, rows, acting_user=request.user, apply=apply, source=Source.IMPORT)
    except CatalogRefused as exc:
        context["error"] = exc.message
        return render(request, "catalog/import.html", context, status=400)
    if plan.applied:
        messages.success(request, _("นำเข้าแบบฟอร์มแล้ว: เพิ่ม %(added)s รายการ แก้ไข %(changed)s รายการ") % {
            "added": plan.added, "changed": plan.changed,
        })
        return redirect("catalog:round", fiscal_year=round_.fiscal_year)
    context["plan"] = plan
    context["applying"] = apply
    if not plan.refused and plan.has_changes:
        context["payload"] = signing.dumps(
            {"round": round_.pk, "user": request.user.pk, "rows": [asdict(r) for r in rows]},
            salt=IMPORT_SALT, compress=True,
        )
    return render(request, "catalog/import.html", context, status=400 if plan.refused else 200)


def _position_type_to_change(request, fiscal_year, pk) -> tuple[Round, PositionType]:
    require(request.user, "wts.change_catalog")
    round_ = _round(fiscal_year)
    position_type = get_object_or_404(PositionType, pk=pk, round=round_)
    position_type.round = round_
    return round_, position_type


@require_http_methods(["GET", "POST"])
@login_required
def position_types(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    """The round's position types with their working time and allowances, and which type each
    work item belongs to (a POST moves items: one action, one audit row)."""
    require(request.user, "wts.view_catalog")
    round_ = _round(fiscal_year)
    can_change = can(request.user, "wts.change_catalog") and not round_.is_closed
    types = list(PositionType.objects.filter(round=round_).annotate(item_count=Count("items")))
    for t in types:
        t.method = method_of(t)
        t.available_days = available_days({n: getattr(t, n) for n in METHOD_FIELDS})
    items = list(WorkItem.objects.filter(area__round=round_).select_related("area"))
    status = 200
    if request.method == "POST":
        require(request.user, "wts.change_catalog")
        valid_types = {str(t.pk): t.pk for t in types}
        assignments = {}
        for item in items:
            chosen = request.POST.get(f"item-{item.pk}", "")
            if chosen in valid_types:
                assignments[item.pk] = valid_types[chosen]
        try:
            moved = assign_position_types(round_, assignments, acting_user=request.user, source=Source.WEB)
        except CatalogRefused as exc:
            messages.error(request, exc.message)
            status = 400
        else:
            messages.success(request, _("ย้ายรายการงาน %(n)s รายการแล้ว") % {"n": moved} if moved
                             else _("ไม่มีการเปลี่ยนแปลง"))
            return redirect("catalog:position_types", fiscal_year=round_.fiscal_year)
    return render(request, "catalog/position_types.html", {
        "round": round_, "types": types, "items": items, "can_change": can_change,
        "rounding_rule": ROUNDING_RULE,
    }, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def position_type_add(request: HttpRequest, fiscal_year: int) -> HttpResponse:
    require(request.user, "wts.change_catalog")
    round_ = _round(fiscal_year)
    form = PositionTypeForm(request.POST or None, round_=round_, initial=DEFAULT_WORKING_TIME)
    if request.method == "POST" and form.is_valid():
        try:
            saved = add_position_type(round_, acting_user=request.user, source=Source.WEB, **form.cleaned_data)
        except CatalogRefused as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("เพิ่มประเภทตำแหน่ง %(name)s แล้ว") % {"name": saved.name})
            return redirect("catalog:position_types", fiscal_year=round_.fiscal_year)
    return render(request, "catalog/position_type_form.html", {
        "round": round_, "form": form, "position_type": None,
    }, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@login_required
def position_type_edit(request: HttpRequest, fiscal_year: int, pk: int) -> HttpResponse:
    round_, position_type = _position_type_to_change(request, fiscal_year, pk)
    form = PositionTypeForm(request.POST or None, round_=round_, instance=position_type,
                            initial=position_type_initial(position_type))
    if request.method == "POST" and form.is_valid():
        try:
            saved = update_position_type(position_type, acting_user=request.user, source=Source.WEB,
                                         **form.cleaned_data)
        except CatalogRefused as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, _("บันทึกประเภทตำแหน่ง %(name)s แล้ว") % {"name": saved.name})
            return redirect("catalog:position_types", fiscal_year=round_.fiscal_year)
    preview = None
    if form.is_bound and form.is_valid():
        preview = method_of(form.cleaned_data)
    elif not form.is_bound:
        preview = method_of(position_type)
    return render(request, "catalog/position_type_form.html", {
        "round": round_, "form": form, "position_type": position_type, "preview": preview,
    }, status=400 if request.method == "POST" else 200)


@require_POST
@login_required
def position_type_remove(request: HttpRequest, fiscal_year: int, pk: int) -> HttpResponse:
    round_, position_type = _position_type_to_change(request, fiscal_year, pk)
    try:
        remove_position_type(position_type, acting_user=request.user, source=Source.WEB)
    except CatalogRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("ลบประเภทตำแหน่ง %(name)s แล้ว") % {"name": position_type.name})
    return redirect("catalog:position_types", fiscal_year=round_.fiscal_year)
