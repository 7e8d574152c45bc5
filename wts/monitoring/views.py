from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wts.accounts.models import Role
from wts.accounts.scope import get_district_for, get_province_for
from wts.audit.labels import action_label
from wts.audit.models import AuditEvent, Source
from wts.lib.permissions import can, require
from wts.lib.thai import thai_date
from wts.rounds.deadlines import deadlines_for
from wts.rounds.models import Round
from wts.workflow.models import DistrictReport, ReportState
from wts.workflow.queries import area_rows

from .actions import (
    do_post_announcement,
    do_remind_provinces,
    do_send_reminder,
    do_withdraw_announcement,
)
from .forms import AnnouncementForm, ProvinceReminderForm, ReminderForm
from .models import Announcement, Reminder
from .picker import round_from_request as _round_from
from .status import NATIONAL_SORTS, Progress, national_status, progress_series, province_status


def _chart(round_, province=None):
    series = progress_series(round_, province)
    chart = {
        "labels": [thai_date(day) for day in series["days"]],
        "axes": {"areas": _("จำนวนด้าน"), "districts": _("จำนวนอำเภอ")},
        "datasets": [
            {"key": "recorded", "label": _("ด้านที่บันทึกครบ"), "data": series["recorded"]},
            {"key": "submitted", "label": _("อำเภอที่ส่งข้อมูล"), "data": series["submitted"]},
            {"key": "confirmed", "label": _("อำเภอที่ยืนยันแล้ว"), "data": series["confirmed"]},
        ],
    }
    # The same figures as a table, for screen readers and for those who prefer numbers.
    table = list(zip(chart["labels"], series["recorded"], series["submitted"], series["confirmed"], strict=True))
    return chart, table


def _late_provinces(status):
    """Provinces whose districts have not all recorded every area: the ones the department chases."""
    from wts.geography.models import Province

    return Province.objects.filter(pk__in=[r.province.pk for r in status.rows if r.status != Progress.COMPLETE])


@require_GET
@login_required
def national_board(request: HttpRequest) -> HttpResponse:
    require(request.user, "wts.view_national_figures")
    round_ = _round_from(request)
    return _national_board(request, round_)


def _national_board(request, round_, reminder_form=None, status=200):
    context = {"round": round_, "rounds": Round.objects.all(), "sorts": NATIONAL_SORTS.keys(),
               "can_remind": can(request.user, "wts.remind_provinces")}
    if round_ is not None:
        national = national_status(round_)
        rows = national.rows
        wanted = request.GET.get("status", "")
        if wanted in Progress.ORDER:
            rows = [r for r in rows if r.status == wanted]
        query = request.GET.get("q", "").strip()
        if query:
            rows = [r for r in rows if query in r.province.name_th or query.lower() in r.province.name_en.lower()
                    or query == r.province.code]
        sort = request.GET.get("sort", "name")
        if sort not in NATIONAL_SORTS:
            sort = "name"
        rows = sorted(rows, key=NATIONAL_SORTS[sort])
        chart, chart_table = _chart(round_)
        context.update(
            national=national, rows=rows, chart=chart, chart_table=chart_table, totals=national.totals(), sort=sort,
            wanted=wanted, query=query, class_choices=[(k, Progress.LABELS[k]) for k in Progress.ORDER],
            reminder_form=reminder_form or ProvinceReminderForm(
                provinces=_late_provinces(national),
                initial={"message": _("ขอให้ ผอ.ก.ทอ. เร่งรัดติดตามท้องถิ่นอำเภอในจังหวัดบันทึกข้อมูลให้ครบถ้วนทั้ง %(n)s ด้าน "
                                      "และตรวจสอบยืนยันข้อมูลภายในกำหนด") % {"n": national.area_count}},
            ),
            selected_codes=set(reminder_form.data.getlist("provinces")) if reminder_form is not None else set(),
        )
    return render(request, "monitoring/national_board.html", context, status=status)


@require_POST
@login_required
def national_remind(request: HttpRequest) -> HttpResponse:
    require(request.user, "wts.remind_provinces")
    round_ = _round_from(request)
    if round_ is None:
        raise Http404
    form = ProvinceReminderForm(request.POST, provinces=_late_provinces(national_status(round_)))
    if not form.is_valid():
        return _national_board(request, round_, reminder_form=form, status=400)
    provinces = list(form.cleaned_data["provinces"])
    sent = do_remind_provinces(round_, provinces, form.cleaned_data["message"], acting_user=request.user)
    _tell_reminders_sent(
        request, _("ส่งการแจ้งเตือนถึง %(n)s จังหวัดแล้ว") % {"n": len(provinces)},
        _("จังหวัดต่อไปนี้ยังไม่มีบัญชี ผอ.ก.ทอ. หรือเจ้าหน้าที่ สถ.จ. ที่ใช้งานได้: %(names)s"),
        [r.province.name_th for r in sent if not r.recipient_list],
    )
    return redirect(f"{reverse('monitoring:national_board')}?round={round_.fiscal_year}")


def _province_for_board(request, code, capability="wts.view_province_figures"):
    province = get_province_for(request.user, code)
    require(request.user, capability)
    return province


def _remindable(province, round_):
    """Districts of the province that still have entry work: not submitted nor confirmed."""
    done = DistrictReport.objects.filter(round=round_, state__in=[ReportState.SUBMITTED, ReportState.CONFIRMED])
    return province.districts.exclude(pk__in=done.values("district_id"))


def _province_board_context(request, province, round_, reminder_form=None):
    status = province_status(round_, province)
    follow_up = [r for r in status.rows if r.needs_follow_up]
    chart, chart_table = _chart(round_, province)
    return {
        "round": round_, "rounds": Round.objects.all(), "province": province, "status": status,
        "chart": chart, "chart_table": chart_table, "can_remind": can(request.user, "wts.remind_districts"),
        "reminder_form": reminder_form or ReminderForm(
            districts=_remindable(province, round_),
            initial={"message": _("ขอให้ท้องถิ่นอำเภอบันทึกข้อมูลปริมาณงานให้ครบทุกด้านและส่งให้ ผอ.ก.ทอ. ตรวจสอบภายในกำหนด")},
        ),
        "follow_up_count": len(follow_up),
        "selected_codes": set(reminder_form.data.getlist("districts")) if reminder_form is not None else set(),
        "late_count": sum(1 for r in status.rows if r.is_late),
        "waiting_count": sum(1 for r in status.rows if r.state == ReportState.SUBMITTED),
        "reminders": Reminder.objects.filter(round=round_, province=province).select_related("district", "sent_by")[:20],
    }


@require_GET
@login_required
def province_board(request: HttpRequest, code: str) -> HttpResponse:
    province = _province_for_board(request, code)
    round_ = _round_from(request)
    if round_ is None:
        return render(request, "monitoring/province_board.html", {"province": province, "round": None})
    return render(request, "monitoring/province_board.html", _province_board_context(request, province, round_))


@require_POST
@login_required
def province_remind(request: HttpRequest, code: str) -> HttpResponse:
    province = _province_for_board(request, code)
    require(request.user, "wts.remind_districts")
    round_ = _round_from(request)
    if round_ is None:
        raise Http404
    form = ReminderForm(request.POST, districts=_remindable(province, round_))
    if not form.is_valid():
        context = _province_board_context(request, province, round_, reminder_form=form)
        return render(request, "monitoring/province_board.html", context, status=400)
    districts = list(form.cleaned_data["districts"].select_related("province"))
    sent = do_send_reminder(round_, districts, form.cleaned_data["message"], acting_user=request.user, source=Source.WEB)
    _tell_reminders_sent(
        request, _("ส่งการแจ้งเตือนถึง %(n)s อำเภอแล้ว") % {"n": len(districts)},
        _("อำเภอต่อไปนี้ยังไม่มีบัญชีผู้ใช้ที่ใช้งานได้ จึงไม่มีผู้รับการแจ้งเตือน: %(names)s"),
        [r.district.display_name for r in sent if not r.recipient_list],
    )
    return redirect(f"{reverse('monitoring:province_board', args=[province.code])}?round={round_.fiscal_year}")


@require_GET
@login_required
def district_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Drill-down to one district: areas, state, deadlines, reminders and the history of changes."""
    district = get_district_for(request.user, code)
    round_ = _round_from(request)
    if round_ is None:
        raise Http404
    report = (
        DistrictReport.objects.filter(round=round_, district=district)
        .select_related("last_changed_by", "confirmed_by")
        .first()
    )
    history = (
        AuditEvent.objects.filter(district=district)
        .filter(Q(round=round_) | Q(round__isnull=True))
        .select_related("actor", "area", "item")[:100]
    )
    return render(
        request,
        "monitoring/district_detail.html",
        {
            "round": round_, "district": district, "report": report, "rows": area_rows(round_, report),
            "deadlines": deadlines_for(round_, district), "now": timezone.now(),
            "history": [(event, action_label(event.action)) for event in history],
            "reminders": Reminder.objects.filter(round=round_, district=district).select_related("sent_by")[:20],
            "can_see_province": can(request.user, "wts.view_province_figures"),
        },
    )


@require_GET
@login_required
def announcement_list(request: HttpRequest) -> HttpResponse:
    if can(request.user, "wts.manage_announcements"):
        announcements = Announcement.objects.select_related("province", "created_by")[:100]
    else:
        announcements = Announcement.visible_to(request.user).select_related("province")
    return render(request, "monitoring/announcement_list.html", {"announcements": announcements, "now": timezone.now()})


@require_http_methods(["GET", "POST"])
@login_required
def announcement_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "wts.manage_announcements")
    if request.method == "POST":
        form = AnnouncementForm(request.POST, request.FILES)
        form.attach_held(request.user)  # the attachment given with an earlier, refused post
        if form.is_valid():
            data = form.cleaned_data
            do_post_announcement(
                title=data["title"], body=data["body"], audience=data["audience"], province=data.get("province"),
                starts_at=timezone.now(), expires_at=form.expires_at(), attachment=data.get("attachment"),
                acting_user=request.user,
            )
            form.release_uploads(request.user)
            messages.success(request, _("ประกาศแล้ว"))
            return redirect("monitoring:announcement_list")
        form.hold_uploads(request.user)  # stays attached while the other fields are corrected
        status = 400
    else:
        form = AnnouncementForm()
        status = 200
    return render(request, "monitoring/announcement_form.html", {"form": form}, status=status)


@require_POST
@login_required
def announcement_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "wts.manage_announcements")
    announcement = get_object_or_404(Announcement, pk=pk, withdrawn_at__isnull=True)
    do_withdraw_announcement(announcement, acting_user=request.user)
    messages.success(request, _("ยกเลิกประกาศแล้ว"))
    return redirect("monitoring:announcement_list")


@require_GET
@login_required
def announcement_attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Attachments are served only to those the announcement is meant for."""
    qs = Announcement.objects.all() if can(request.user, "wts.read_all_announcements") else Announcement.visible_to(request.user)
    announcement = get_object_or_404(qs.exclude(attachment=""), pk=pk)
    return FileResponse(announcement.attachment.open("rb"), content_type="application/pdf",
                        filename=f"announcement-{announcement.pk}.pdf")


HELP_PAGES = {
    "district": (_("ท้องถิ่นอำเภอ: การบันทึกข้อมูลปริมาณงาน"), "monitoring/help/district.html"),
    "director": (_("ผอ.ก.ทอ.: วิธีการตรวจสอบและยืนยันข้อมูล"), "monitoring/help/director.html"),
    "provadmin": (_("เจ้าหน้าที่ สถ.จ.: การออกบัญชีผู้ใช้และการติดตาม"), "monitoring/help/provadmin.html"),
    "department": (_("กรมส่งเสริมการปกครองท้องถิ่น: การติดตามและรายงานสถานะ"), "monitoring/help/department.html"),
}
ROLE_HELP = {
    Role.DISTRICT_OFFICER: "district", Role.PROVINCIAL_DIRECTOR: "director", Role.PROVINCIAL_ADMIN: "provadmin",
    Role.DEPARTMENT_ADMIN: "department", Role.DEPARTMENT_VIEWER: "department",
}


@require_GET
@login_required
def help_index(request: HttpRequest) -> HttpResponse:
    pages = [(key, title) for key, (title, _template) in HELP_PAGES.items()]
    return render(request, "monitoring/help/index.html", {"pages": pages, "mine": ROLE_HELP.get(request.user.role)})


@require_GET
def help_role(request: HttpRequest, role: str) -> HttpResponse:
    """Manual pages are public: the QR code on the printed report opens them without a login."""
    if role not in HELP_PAGES:
        raise Http404
    title, template = HELP_PAGES[role]
    pages = [(key, t) for key, (t, _template) in HELP_PAGES.items()]
    return render(request, template, {"title": title, "pages": pages, "role": role})


def _tell_reminders_sent(request, sent_message: str, nobody_message: str, nobody: list[str]) -> None:
    """Confirm the reminders, and name the places no one received them in (no active account there)."""
    messages.success(request, sent_message)
    if nobody:
        messages.warning(request, nobody_message % {"names": ", ".join(nobody)})
