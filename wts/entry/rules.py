"""Who may change a district's figures, and when. Every path in (page, import, API, command)
asks here, through the entry actions."""

from django.utils import timezone
from django.utils.translation import gettext as _

from wts.accounts.models import Role
from wts.lib.thai import thai_datetime
from wts.rounds.deadlines import Deadlines, deadlines_for

from .models import ReportState


def can_edit_as(user, report) -> bool:
    """Only the district's own officer records its figures."""
    return user.is_authenticated and user.role == Role.DISTRICT_OFFICER and user.district_id == report.district_id


def edit_refusal(report, area=None, *, now=None, deadlines: Deadlines | None = None) -> str | None:
    """Why the figures of this report (or one area of it) cannot be changed now; None if they can."""
    now = now or timezone.now()
    round_ = report.round
    if round_.is_closed:
        return _("รอบการรายงานนี้ปิดแล้ว ไม่สามารถแก้ไขข้อมูลได้")
    if report.state == ReportState.SUBMITTED:
        return _("ส่งข้อมูลแล้ว อยู่ระหว่างรอการยืนยันจากจังหวัด จึงแก้ไขไม่ได้")
    if report.state == ReportState.CONFIRMED:
        return _("จังหวัดยืนยันข้อมูลแล้ว จึงแก้ไขไม่ได้")
    deadlines = deadlines or deadlines_for(round_, report.district)
    if report.state == ReportState.RETURNED:
        if now > deadlines.confirm_closes_at:
            return _("พ้นกำหนดแก้ไขข้อมูลที่ถูกส่งกลับแล้ว (%(deadline)s)") % {
                "deadline": thai_datetime(deadlines.confirm_closes_at)
            }
        if area is not None and report.open_area_id and area.pk != report.open_area_id:
            return _("กรมเปิดให้แก้ไขเฉพาะด้านที่ %(number)s ด้านนี้จึงแก้ไขไม่ได้") % {"number": report.open_area.number}
        return None
    if now < deadlines.entry_opens_at:
        return _("ยังไม่ถึงช่วงเวลาบันทึกข้อมูล (เริ่ม %(start)s)") % {"start": thai_datetime(deadlines.entry_opens_at)}
    if now > deadlines.entry_closes_at:
        return _("พ้นกำหนดบันทึกข้อมูลแล้ว (สิ้นสุด %(deadline)s)") % {
            "deadline": thai_datetime(deadlines.entry_closes_at)
        }
    return None
