"""Deadline extensions. The department extends the entry or the confirmation deadline for
everyone, one province or one district, always with a reason; the most specific extension wins
(rounds/deadlines.py)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wts.accounts.models import Role, User
from wts.audit.models import AuditEvent, Source
from wts.entry.actions import EditRefused
from wts.lib.thai import thai_datetime
from wts.notifications.service import notify

from .models import Extension, Round, Window


class ExtensionRefused(EditRefused):
    """The extension cannot be granted (closed round, date before the window opens...)."""


def _affected_users(window, province, district):
    """District officers whose deadline moves, and the directors who follow them up."""
    officers = User.objects.filter(role=Role.DISTRICT_OFFICER, is_active=True)
    directors = User.objects.filter(role=Role.PROVINCIAL_DIRECTOR, is_active=True)
    if district is not None:
        officers = officers.filter(district=district)
        directors = directors.filter(province_id=district.province_id)
    elif province is not None:
        officers = officers.filter(district__province=province)
        directors = directors.filter(province=province)
    return list(officers) + list(directors)


def extend_deadline(
    round_, *, window, closes_at, reason, acting_user, province=None, district=None, source=Source.WEB, now=None
) -> Extension:
    if not (acting_user.is_authenticated and acting_user.role == Role.DEPARTMENT_ADMIN):
        raise PermissionDenied
    if window not in Window.values:
        raise ValueError(f"unknown window {window!r}")
    reason = (reason or "").strip()
    if not reason:
        raise ExtensionRefused(_("ต้องระบุเหตุผลของการขยายเวลา"))
    if province is not None and district is not None:
        raise ValueError("an extension is for one province or one district, not both")
    now = now or timezone.now()
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.is_closed:
            raise ExtensionRefused(_("รอบการรายงานนี้ปิดแล้ว ขยายเวลาไม่ได้"))
        opens_at = round_.entry_opens_at if window == Window.ENTRY else round_.confirm_opens_at
        if closes_at <= opens_at:
            raise ExtensionRefused(_("วันที่ขยายถึงต้องอยู่หลังวันเริ่ม%(window)s (%(opens)s)") % {
                "window": Window(window).label, "opens": thai_datetime(opens_at)})
        if closes_at <= now:
            raise ExtensionRefused(_("วันที่ขยายถึงต้องอยู่ในอนาคต"))
        extension = Extension.objects.create(
            round=round_, window=window, province=province, district=district, closes_at=closes_at, reason=reason,
            created_by=acting_user,
        )
        scope = district.display_name if district else (_("จังหวัด%(p)s") % {"p": province.name_th} if province else _("ทุกอำเภอ"))
        AuditEvent.record(
            "deadline.extended", actor=acting_user, source=source, round=round_, district=district,
            province=province if district is None else district.province,
            new_value=closes_at.isoformat(), message=reason,
            data={"window": window, "window_label": str(Window(window).label), "extension": extension.pk,
                  "scope": str(scope), "closes_at_display": thai_datetime(closes_at)},
        )
        title = _("ขยายกำหนด%(window)s %(round)s ถึง %(deadline)s") % {
            "window": Window(window).label, "round": round_, "deadline": thai_datetime(closes_at)}
        body = _("ขยายเวลาสำหรับ: %(scope)s\nเหตุผล: %(reason)s") % {"scope": scope, "reason": reason}
        notify(_affected_users(window, province, district), kind="deadline.extended", title=title, body=body,
               link=reverse("home"))
        return extension
