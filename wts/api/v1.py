"""The versioned JSON API. Every endpoint fetches through the scope helpers and writes through the
same actions as the pages (entry.actions, workflow.actions), with source=API."""

from collections import Counter
from typing import Annotated

from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query
from ninja.openapi.docs import DocsBase
from ninja.parser import Parser
from ninja.renderers import JSONRenderer

from wts.accounts.scope import districts_for, get_district_for, get_province_for, provinces_for
from wts.audit.bulk import record_bulk_read
from wts.audit.models import Source
from wts.catalog.models import MissionArea, WorkItem
from wts.catalog.queries import area_with_items, round_of_year
from wts.lib.ids import AREA_NUMBER_DIGITS, parse_id
from wts.lib.permissions import can
from wts.lib.prepared import PreparedRead
from wts.rounds.deadlines import deadlines_for, deadlines_for_districts
from wts.rounds.models import Round
from wts.workflow import actions as review
from wts.workflow.actions import AreaChange, save_area, save_areas
from wts.workflow.forms import AreaValuesForm
from wts.workflow.models import AreaReport, AreaStatus, DistrictReport, ItemValue, ReportState, ReturnRequest
from wts.workflow.rules import edit_refusal

from . import errors
from .auth import TokenAuth
from .errors import ApiError, responses
from .schemas import (
    AreaOut,
    AreaSaveOut,
    AreaStatusOut,
    BulkConfirmIn,
    BulkConfirmOut,
    DistrictOut,
    DistrictValueOut,
    MeOut,
    ProvinceOut,
    ReopenIn,
    ReportOut,
    ReportSaveOut,
    ReportValuesIn,
    ReturnIn,
    ReturnOut,
    RoundOut,
    StatusOut,
    ValueOut,
    ValuesIn,
    ValuesPage,
)

# Path parameters documented with an example from the demo data, so the docs' "Try it out" and
# schemathesis start from a real district rather than only from random text.
FiscalYear = Annotated[int, Path(description="ปีงบประมาณ (พ.ศ.)", example=2569)]
DistrictCode = Annotated[str, Path(description="รหัสอำเภอ 4 หลัก (DOPA)", example="4801")]
ProvinceCode = Annotated[str, Path(description="รหัสจังหวัด 2 หลัก", example="48")]
AreaNumber = Annotated[int, Path(description="ด้านที่", example=1)]


class LocalSwagger(DocsBase):
    """Swagger UI served from the project's own static files: no CDN on a closed network."""

    def render_page(self, request, api, **kwargs):
        return render(request, "api/docs.html", {"api": api, "openapi_url": reverse("api:v1:openapi-json")})


DESCRIPTION = """
API ของระบบติดตามข้อมูลปริมาณงานของท้องถิ่นอำเภอ / Workload Tracking System API.

Authenticate with a personal token created on the page *รหัสเชื่อมต่อระบบ* (`/api/tokens/`):
`Authorization: Bearer wts_...`. A token acts with its owner's role and scope: outside the scope
is 404, a role that may not act is 403, a closed window or a report under review is 409. Every
change is written through the same actions as the web pages and audited with the source "API".

Errors always have the form `{"error": {"status", "code", "message_th", "message_en", "fields"}}`.
"""


class ThaiJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # readable Thai in responses, still valid UTF-8 JSON


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


class JSONParser(Parser):
    """A body whose strings hold NUL is not parsed (400): PostgreSQL cannot compare such a string."""

    def parse_body(self, request):
        data = super().parse_body(request)
        if _holds_nul(data):
            raise ValueError("NUL character in the JSON body")
        return data


api = NinjaAPI(
    title="WTS API", version="1", description=DESCRIPTION, urls_namespace="api:v1", auth=TokenAuth(),
    docs=LocalSwagger(), renderer=ThaiJSONRenderer(), parser=JSONParser(),
)
errors.install(api)


def _round(fiscal_year: FiscalYear) -> Round:
    return round_of_year(fiscal_year)


@api.get("/me", response=responses(MeOut), tags=["account"], summary="The token's owner, role and scope")
def me(request):
    user = request.user
    return MeOut(
        username=user.username, display_name=user.display_name, role=user.role, role_label=str(user.get_role_display()),
        province_code=user.province.code if user.province_id else None,
        district_code=user.district.code if user.district_id else None,
    )


def _province_out(p) -> ProvinceOut:
    return ProvinceOut(code=p.code, name_th=p.name_th, name_en=p.name_en, region=p.region,
                       district_count=p.district_total)


@api.get("/provinces", response=responses(list[ProvinceOut]), tags=["geography"], summary="Provinces in scope")
def provinces(request):
    return [_province_out(p) for p in provinces_for(request.user).annotate(district_total=Count("districts")).order_by("code")]


@api.get("/provinces/{code}", response=responses(ProvinceOut), tags=["geography"])
def province(request, code: ProvinceCode):
    found = provinces_for(request.user).annotate(district_total=Count("districts")).filter(code=code).first()
    if found is None:
        raise Http404
    return _province_out(found)


def _district_out(d) -> DistrictOut:
    return DistrictOut(
        code=d.code, name_th=d.name_th, name_en=d.name_en, province_code=d.province.code,
        province_name_th=d.province.name_th, pao_count=d.pao_count, municipality_count=d.municipality_count,
        sao_count=d.sao_count, positions_framework=d.positions_framework, positions_filled=d.positions_filled,
    )


@api.get("/districts", response=responses(list[DistrictOut]), tags=["geography"], summary="Districts in scope")
def districts(request, province: str | None = Query(None, description="Only this province (2-digit code)")):
    qs = districts_for(request.user).select_related("province").order_by("code")
    if province is not None:
        qs = qs.filter(province=get_province_for(request.user, province))
    return [_district_out(d) for d in qs]


@api.get("/districts/{code}", response=responses(DistrictOut), tags=["geography"])
def district(request, code: DistrictCode):
    return _district_out(get_district_for(request.user, code))


def _round_out(r, current_id) -> RoundOut:
    return RoundOut(
        fiscal_year=r.fiscal_year, title=str(r), entry_opens_at=r.entry_opens_at, entry_closes_at=r.entry_closes_at,
        confirm_opens_at=r.confirm_opens_at, confirm_closes_at=r.confirm_closes_at, closed_at=r.closed_at,
        is_current=r.pk == current_id,
    )


@api.get("/rounds", response=responses(list[RoundOut]), tags=["rounds"], summary="Reporting rounds, newest first")
def rounds(request):
    current = Round.current()
    return [_round_out(r, getattr(current, "pk", None)) for r in Round.objects.order_by("-fiscal_year")]


@api.get("/rounds/{fiscal_year}", response=responses(RoundOut), tags=["rounds"])
def round_detail(request, fiscal_year: FiscalYear):
    current = Round.current()
    return _round_out(_round(fiscal_year), getattr(current, "pk", None))


@api.get("/rounds/{fiscal_year}/catalog", response=responses(list[AreaOut]), tags=["catalog"],
         summary="The round's mission areas and work items")
def catalog(request, fiscal_year: FiscalYear):
    round_ = _round(fiscal_year)
    return [
        AreaOut(
            number=a.number, name=a.name, description=a.description,
            items=[
                {"code": i.code, "name": i.name, "unit": i.unit, "help_text": i.help_text,
                 "standard_minutes": float(i.standard_minutes), "max_value": i.max_value}
                for i in a.items.all()
            ],
        )
        for a in MissionArea.objects.filter(round=round_).prefetch_related("items").order_by("number")
    ]


@api.get("/rounds/{fiscal_year}/statuses", response=responses(list[StatusOut]), tags=["statuses"],
         summary="Every district in scope: state, progress, effective deadlines")
def statuses(request, fiscal_year: FiscalYear, province: str | None = Query(None, description="Only this province")):
    round_ = _round(fiscal_year)
    qs = districts_for(request.user).select_related("province").order_by("code")
    if province is not None:
        qs = qs.filter(province=get_province_for(request.user, province))
    district_list = list(qs)
    reports = {
        r.district_id: r for r in DistrictReport.objects.filter(round=round_, district__in=[d.pk for d in district_list])
    }
    deadlines = deadlines_for_districts(round_, district_list)
    record_bulk_read(acting_user=request.user, what=_("สถานะรายอำเภอ"), fmt="json", source=Source.API, round=round_,
                     data={"province": province, "districts": len(district_list)})
    area_total = MissionArea.objects.filter(round=round_).count()
    out = []
    for d in district_list:
        r = reports.get(d.pk)
        state = r.state if r else ReportState.NOT_STARTED
        out.append(StatusOut(
            district_code=d.code, district_name_th=d.name_th, province_code=d.province.code, state=state,
            state_label=str(ReportState(state).label), areas_started=r.areas_started if r else 0,
            areas_complete=r.areas_complete if r else 0, area_total=area_total,
            entry_closes_at=deadlines[d.pk].entry_closes_at, confirm_closes_at=deadlines[d.pk].confirm_closes_at,
            last_changed_at=r.last_changed_at if r else None, submitted_at=r.submitted_at if r else None,
            confirmed_at=r.confirmed_at if r else None,
        ))
    return out


MAX_PAGE = 5000


@api.get("/rounds/{fiscal_year}/values", response=responses(ValuesPage), tags=["values"],
         summary="Every recorded value of the round in scope, page by page (for integrations)")
def values(
    request, fiscal_year: FiscalYear,
    province: str | None = Query(None, description="Only this province"),
    limit: int = Query(1000, ge=1, le=MAX_PAGE), offset: int = Query(0, ge=0, le=10_000_000),
):
    round_ = _round(fiscal_year)
    in_scope = districts_for(request.user)
    if province is not None:
        in_scope = in_scope.filter(province=get_province_for(request.user, province))
    qs = ItemValue.objects.filter(report__round=round_, report__district__in=in_scope)
    rows = qs.order_by("report__district__code", "item__area__number", "item__order", "item__code").values_list(
        "report__district__code", "item__code", "item__area__number", "value", "updated_at"
    )[offset:offset + limit]
    record_bulk_read(acting_user=request.user, what=_("ค่าปริมาณงาน"), fmt="json", source=Source.API, round=round_,
                     data={"province": province, "limit": limit, "offset": offset})
    return ValuesPage(
        count=qs.count(), limit=limit, offset=offset,
        items=[
            DistrictValueOut(district_code=d, item_code=i, area_number=a, value=v, updated_at=u)
            for d, i, a, v, u in rows
        ],
    )


def _area_status(area, ar, total) -> AreaStatusOut:
    return AreaStatusOut(
        number=area.number, name=area.name, status=ar.status if ar else AreaStatus.NOT_STARTED,
        filled=ar.filled_count if ar else 0, total=total, version=ar.version if ar else 0,
        updated_at=ar.updated_at if ar else None,
    )


def _report_out(round_, district, report) -> ReportOut:
    areas = list(MissionArea.objects.filter(round=round_).prefetch_related("items").order_by("number"))
    area_reports = {ar.area_id: ar for ar in AreaReport.objects.filter(report=report)} if report else {}
    values = dict(ItemValue.objects.filter(report=report).values_list("item_id", "value")) if report else {}
    deadlines = deadlines_for(round_, district)
    probe = report or DistrictReport(round=round_, district=district)
    refusal = edit_refusal(probe, deadlines=deadlines)
    state = probe.state
    returns = (
        ReturnRequest.objects.filter(report=report).select_related("area", "created_by")
        .prefetch_related("items").order_by("-created_at", "-id")
        if report else []
    )
    return ReportOut(
        fiscal_year=round_.fiscal_year, district_code=district.code, state=state,
        state_label=str(ReportState(state).label), editable=refusal is None, refusal_th=refusal,
        entry_closes_at=deadlines.entry_closes_at, confirm_closes_at=deadlines.confirm_closes_at,
        last_changed_at=probe.last_changed_at, submitted_at=probe.submitted_at, confirmed_at=probe.confirmed_at,
        areas=[_area_status(a, area_reports.get(a.pk), len(a.items.all())) for a in areas],
        values=[
            ValueOut(item_code=i.code, area_number=a.number, value=values.get(i.pk)) for a in areas for i in a.items.all()
        ],
        returns=[
            ReturnOut(
                kind=r.kind, reason=r.reason, area_number=r.area.number if r.area_id else None,
                item_codes=sorted(i.code for i in r.items.all()), created_by=r.created_by.username,
                created_at=r.created_at, resubmitted_at=r.resubmitted_at,
            )
            for r in returns
        ],
    )


# Read by every save and every workflow call: compiled once (wts/lib/prepared.py).
_report_with_open_area = PreparedRead(lambda round_id, district_id: DistrictReport.objects.filter(
    round_id=round_id, district_id=district_id).select_related("open_area"))


def _report(round_, district):
    report = _report_with_open_area.first(round_.pk, district.pk)
    if report is not None:
        report.round, report.district = round_, district
    return report


def _report_to_edit(request, round_, district) -> DistrictReport:
    """The district's report as an unsaved stand-in, if this user may record its figures: who may
    depends on the district alone, and the save finds the stored report under its lock (one read
    less on every API save)."""
    probe = DistrictReport(round=round_, district=district)
    if not can(request.user, "wts.edit_report", probe):
        raise ApiError(403, "forbidden", _("เฉพาะท้องถิ่นอำเภอของอำเภอนี้เท่านั้นที่บันทึกข้อมูลได้"),
                       "Only the district's own officer records its figures")
    return probe


def _valid_values(given, raw_by_item_id) -> AreaValuesForm:
    """The values form, valid, or a 422 naming each bad value by its item code."""
    form = AreaValuesForm.for_raw_values(given, raw_by_item_id)
    if not form.is_valid():
        by_id = {i.pk: i.code for i in given}
        raise ApiError(
            422, "invalid_values", _("มีค่าที่ไม่ถูกต้อง"), "Some values are not valid",
            {by_id[item_id]: messages for item_id, messages in form.errors_by_item_id().items()},
        )
    return form


@api.get("/rounds/{fiscal_year}/districts/{code}/report", response=responses(ReportOut), tags=["values"],
         summary="One district's report: state, areas with their versions, every value")
def report_detail(request, fiscal_year: FiscalYear, code: DistrictCode):
    district = get_district_for(request.user, code)
    round_ = _round(fiscal_year)
    return _report_out(round_, district, _report(round_, district))


def _version_required(fields):
    """No base version: the save could silently overwrite a colleague's, so it is not attempted."""
    return ApiError(
        428, "base_version_required",
        _("ต้องส่งเลขรุ่น (version) ของด้านที่อ่านไว้ก่อนแก้ไข เพื่อไม่ให้ทับค่าที่ผู้อื่นเพิ่งบันทึก "
          "อ่านรายงานของอำเภอเพื่อดูเลขรุ่นล่าสุด"),
        "The area version read before editing is required (base_version), so that no colleague's save is "
        "overwritten; read the district's report for the current versions",
        fields,
    )


@api.put("/rounds/{fiscal_year}/districts/{code}/areas/{number}/values", response=responses(AreaSaveOut, errors=[428]),
         tags=["values"], summary="Save values of one area (the district's own officer, inside the entry window)")
def save_values(request, fiscal_year: FiscalYear, code: DistrictCode, number: AreaNumber, payload: ValuesIn):
    district = get_district_for(request.user, code)
    round_, area, area_items = area_with_items(fiscal_year, number)  # one query: the round, the area, its items
    probe = _report_to_edit(request, round_, district)
    items = {i.code: i for i in area_items}
    unknown = [c for c in payload.values if c not in items]
    if unknown:
        raise ApiError(
            422, "unknown_item", _("มีรหัสรายการที่ไม่อยู่ในด้านที่ %(n)s") % {"n": area.number},
            f"Some item codes are not in area {area.number}",
            {c: [_("ไม่มีรายการงานรหัสนี้ในด้านที่ %(n)s") % {"n": area.number}] for c in unknown},
        )
    given = [items[c] for c in payload.values]
    form = _valid_values(given, {items[c].pk: raw for c, raw in payload.values.items()})
    if payload.base_version is None:
        raise _version_required({"base_version": [_("ต้องระบุ")]})
    # A closed window or a report under review is EditRefused from the action: 409 edit_refused.
    result = save_area(probe, area, form.values_by_item_id(), acting_user=request.user, source=Source.API,
                       base_version=payload.base_version, items=area_items)
    values = result.values
    return AreaSaveOut(
        changed=result.changed, area=_area_status(area, result.area_report, len(items)),
        values=[ValueOut(item_code=i.code, area_number=area.number, value=values.get(i.pk)) for i in items.values()],
    )


@api.put("/rounds/{fiscal_year}/districts/{code}/values", response=responses(ReportSaveOut, errors=[428]),
         tags=["values"],
         summary="Save values of several areas at once, all or nothing (the district's own officer)")
def save_report_values(request, fiscal_year: FiscalYear, code: DistrictCode, payload: ReportValuesIn):
    """A whole report (or any part of it) in one request and one transaction: if one value is not
    valid, one area is refused or one version is out of date, nothing is saved."""
    district = get_district_for(request.user, code)
    round_ = _round(fiscal_year)
    probe = _report_to_edit(request, round_, district)
    round_items = list(WorkItem.objects.filter(area__round=round_).select_related("area"))
    items = {i.code: i for i in round_items}
    used = Counter(i.code for i in round_items)
    ambiguous = [c for c in payload.values if used[c] > 1]
    if ambiguous:
        raise ApiError(422, "ambiguous_item", _("รหัสรายการนี้ซ้ำกันในหลายด้าน ให้บันทึกทีละด้าน"),
                       "This item code is used in more than one area: save that area on its own",
                       {c: [_("รหัสซ้ำในหลายด้าน")] for c in ambiguous})
    unknown = [c for c in payload.values if c not in items]
    if unknown:
        raise ApiError(422, "unknown_item", _("มีรหัสรายการที่ไม่อยู่ในแบบฟอร์มของรอบนี้"),
                       "Some item codes are not in this round's form",
                       {c: [_("ไม่มีรายการงานรหัสนี้ในรอบนี้")] for c in unknown})
    if not payload.values:
        raise ApiError(422, "no_values", _("ไม่มีค่าที่จะบันทึก"), "No values were sent",
                       {"values": [_("ส่งค่าอย่างน้อยหนึ่งรายการ")]})
    given = [items[c] for c in payload.values]
    form = _valid_values(given, {items[c].pk: raw for c, raw in payload.values.items()})
    areas = {}
    for item in round_items:
        areas.setdefault(item.area.number, (item.area, []))[1].append(item)
    sent = sorted({item.area.number for item in given})
    area_numbers = {n: parse_id(n, max_digits=AREA_NUMBER_DIGITS) for n in payload.base_versions}
    unknown_areas = [n for n, number in area_numbers.items() if number not in sent]
    if unknown_areas:
        raise ApiError(422, "unknown_area", _("มี base_versions ของด้านที่ไม่ได้ส่งค่ามา"),
                       "base_versions names areas whose values were not sent",
                       {f"base_versions.{n}": [_("ไม่ได้ส่งค่าของด้านนี้")] for n in unknown_areas})
    values = form.values_by_item_id()
    versions = {area_numbers[n]: version for n, version in payload.base_versions.items()}  # "01" is area 1 too
    unversioned = [n for n in sent if n not in versions]
    if unversioned:
        raise _version_required({f"base_versions.{n}": [_("ต้องระบุเลขรุ่นของด้านที่ %(n)s") % {"n": n}]
                                 for n in unversioned})
    changes = [
        AreaChange(area=areas[n][0], items=areas[n][1], base_version=versions.get(n),
                   values={i.pk: values[i.pk] for i in given if i.area.number == n})
        for n in sent
    ]
    # A closed window or a report under review is EditRefused from the action: 409 edit_refused.
    results = save_areas(probe, changes, acting_user=request.user, source=Source.API)
    return ReportSaveOut(
        changed=sum(r.changed for r in results),
        areas=[_area_status(c.area, r.area_report, len(c.items)) for c, r in zip(changes, results, strict=True)],
        values=[ValueOut(item_code=i.code, area_number=c.area.number, value=r.values.get(i.pk))
                for c, r in zip(changes, results, strict=True) for i in c.items],
    )


def _existing_report(round_, district):
    report = _report(round_, district)
    if report is None:
        raise ApiError(409, "not_started", _("อำเภอนี้ยังไม่ได้บันทึกข้อมูลในรอบนี้"),
                       "This district has not recorded anything in this round")
    return report


def _after(round_, district):
    return _report_out(round_, district, _report(round_, district))


@api.post("/rounds/{fiscal_year}/districts/{code}/submit", response=responses(ReportOut), tags=["workflow"],
          summary="The district's officer sends the complete report to the province")
def submit(request, fiscal_year: FiscalYear, code: DistrictCode):
    district = get_district_for(request.user, code)
    round_ = _round(fiscal_year)
    if not can(request.user, "wts.submit_report", DistrictReport(round=round_, district=district)):
        raise ApiError(403, "forbidden", _("เฉพาะท้องถิ่นอำเภอของอำเภอนี้เท่านั้นที่ส่งข้อมูลได้"),
                       "Only the district's own officer submits its report")
    review.submit_report(_existing_report(round_, district), acting_user=request.user, source=Source.API)
    return _after(round_, district)


def _reviewable(request, fiscal_year, code):
    district = get_district_for(request.user, code)
    round_ = _round(fiscal_year)
    if not can(request.user, "wts.review_report", DistrictReport(round=round_, district=district)):
        raise ApiError(403, "forbidden", _("เฉพาะผู้อำนวยการกลุ่มงานฯ ของจังหวัดเท่านั้นที่ยืนยันหรือส่งกลับได้"),
                       "Only the province's director confirms or returns a report")
    return round_, district, _existing_report(round_, district)


@api.post("/rounds/{fiscal_year}/districts/{code}/confirm", response=responses(ReportOut), tags=["workflow"],
          summary="The provincial director confirms a submitted report")
def confirm(request, fiscal_year: FiscalYear, code: DistrictCode):
    round_, district, report = _reviewable(request, fiscal_year, code)
    review.confirm_report(report, acting_user=request.user, source=Source.API)
    return _after(round_, district)


@api.post("/rounds/{fiscal_year}/districts/{code}/return", response=responses(ReportOut), tags=["workflow"],
          summary="The provincial director returns a submitted report with a reason", operation_id="wts_api_v1_return")
def return_(request, fiscal_year: FiscalYear, code: DistrictCode, payload: ReturnIn):
    round_, district, report = _reviewable(request, fiscal_year, code)
    items = dict(
        WorkItem.objects.filter(area__round=round_, code__in=payload.item_codes).values_list("code", "pk")
    )
    unknown = [c for c in payload.item_codes if c not in items]
    if unknown:
        raise ApiError(422, "unknown_item", _("มีรหัสรายการที่ไม่อยู่ในแบบฟอร์มของรอบนี้"),
                       "Some item codes are not in this round's form",
                       {c: [_("ไม่มีรายการงานรหัสนี้ในรอบนี้")] for c in unknown})
    review.return_report(report, acting_user=request.user, reason=payload.reason,
                         item_ids=[items[c] for c in payload.item_codes], source=Source.API)
    return _after(round_, district)


@api.post("/rounds/{fiscal_year}/districts/{code}/reopen", response=responses(ReportOut), tags=["workflow"],
          summary="The department reopens a confirmed report, all of it or one area")
def reopen(request, fiscal_year: FiscalYear, code: DistrictCode, payload: ReopenIn):
    district = get_district_for(request.user, code)
    round_ = _round(fiscal_year)
    if not can(request.user, "wts.reopen_report"):
        raise ApiError(403, "forbidden", _("เฉพาะผู้ดูแลระบบของกรมเท่านั้นที่เปิดให้แก้ไขได้"),
                       "Only a department administrator reopens a report")
    report = _existing_report(round_, district)
    area = None
    if payload.area_number is not None:
        area = MissionArea.objects.filter(round=round_, number=payload.area_number).first()
        if area is None:
            raise ApiError(422, "unknown_area", _("ไม่มีด้านที่ %(n)s ในรอบนี้") % {"n": payload.area_number},
                           f"There is no area {payload.area_number} in this round",
                           {"area_number": [_("ไม่มีด้านนี้ในรอบนี้")]})
    review.reopen_report(report, acting_user=request.user, reason=payload.reason, area=area, source=Source.API)
    return _after(round_, district)



@api.post("/rounds/{fiscal_year}/confirm", response=responses(BulkConfirmOut), tags=["workflow"],
          summary="The provincial director confirms several submitted reports at once (all or none)")
def confirm_many(request, fiscal_year: FiscalYear, payload: BulkConfirmIn):
    round_ = _round(fiscal_year)
    codes = list(dict.fromkeys(payload.district_codes))
    in_scope = {d.code: d for d in districts_for(request.user).select_related("province").filter(code__in=codes)}
    missing = [c for c in codes if c not in in_scope]
    if missing:
        raise ApiError(404, "not_found", _("ไม่พบอำเภอ หรืออำเภออยู่นอกขอบเขตของท่าน"),
                       "Not found, or outside your scope", {c: [_("ไม่พบอำเภอนี้ในขอบเขตของท่าน")] for c in missing})
    by_pk = {d.pk: d for d in in_scope.values()}
    reports = {r.district_id: r for r in DistrictReport.objects.filter(round=round_, district__in=list(by_pk))}
    not_started = [c for c in codes if in_scope[c].pk not in reports]
    for report in reports.values():
        report.round, report.district = round_, by_pk[report.district_id]
    if any(not can(request.user, "wts.review_report", DistrictReport(round=round_, district=d)) for d in in_scope.values()):
        raise ApiError(403, "forbidden", _("เฉพาะผู้อำนวยการกลุ่มงานฯ ของจังหวัดเท่านั้นที่ยืนยันได้"),
                       "Only the province's director confirms reports")
    if not_started:
        raise ApiError(409, "not_started", _("มีอำเภอที่ยังไม่ได้บันทึกข้อมูลในรอบนี้"),
                       "Some districts have not recorded anything in this round",
                       {c: [_("อำเภอนี้ยังไม่ได้บันทึกข้อมูลในรอบนี้")] for c in not_started})
    confirmed = review.confirm_reports(list(reports.values()), acting_user=request.user, source=Source.API)
    return BulkConfirmOut(confirmed=sorted(by_pk[r.district_id].code for r in confirmed))
