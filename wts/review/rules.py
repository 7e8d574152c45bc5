"""Who may move a district's report from one state to another, and when. The actions ask here,
and pages ask here to decide which buttons to show, so the rules live once.

Each function answers with None when the transition is allowed, or a Thai reason when the state,
the round or the window forbids it. Who may act (role and scope) is answered separately by the
``may_*`` functions: a wrong role is a 403, never a message about windows.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from wts.accounts.models import Role
from wts.entry.models import ReportState
from wts.lib.thai import thai_datetime
from wts.rounds.deadlines import Deadlines, deadlines_for


def may_submit(user, report) -> bool:
    return user.is_authenticated and user.role == Role.DISTRICT_OFFICER and user.district_id == report.district_id


def may_review(user, report) -> bool:
    """Confirm, return: the provincial director of the district's province."""
    return (
        user.is_authenticated
        and user.role == Role.PROVINCIAL_DIRECTOR
        and user.province_id is not None
        and user.province_id == report.district.province_id
    )


def may_comment(user, report) -> bool:
    return may_review(user, report) or may_submit(user, report)


def may_reopen(user) -> bool:
    return user.is_authenticated and user.role == Role.DEPARTMENT_ADMIN


def _round_closed(report):
    if report.round.is_closed:
        return _("รอบการรายงานนี้ปิดแล้ว ไม่สามารถเปลี่ยนแปลงข้อมูลได้")
    return None


def submit_refusal(report, *, area_total: int, now=None, deadlines: Deadlines | None = None) -> str | None:
    now = now or timezone.now()
    if refusal := _round_closed(report):
        return refusal
    if report.state == ReportState.SUBMITTED:
        return _("ส่งข้อมูลแล้ว อยู่ระหว่างรอการยืนยันจากจังหวัด")
    if report.state == ReportState.CONFIRMED:
        return _("จังหวัดยืนยันข้อมูลแล้ว")
    if area_total == 0 or report.areas_complete < area_total:
        return _("ยังส่งไม่ได้ ต้องบันทึกข้อมูลให้ครบทั้ง %(total)s ด้านก่อน (ครบแล้ว %(done)s ด้าน)") % {
            "total": area_total, "done": report.areas_complete,
        }
    deadlines = deadlines or deadlines_for(report.round, report.district)
    if report.state == ReportState.RETURNED:
        # A returned district fixes and resubmits until its confirmation deadline.
        if now > deadlines.confirm_closes_at:
            return _("พ้นกำหนดส่งข้อมูลที่แก้ไขแล้ว (สิ้นสุด %(deadline)s)") % {
                "deadline": thai_datetime(deadlines.confirm_closes_at)
            }
        return None
    if now < deadlines.entry_opens_at:
        return _("ยังไม่ถึงช่วงเวลาบันทึกข้อมูล (เริ่ม %(start)s)") % {"start": thai_datetime(deadlines.entry_opens_at)}
    if now > deadlines.entry_closes_at:
        return _("พ้นกำหนดส่งข้อมูลแล้ว (สิ้นสุด %(deadline)s)") % {"deadline": thai_datetime(deadlines.entry_closes_at)}
    return None


def review_refusal(report, *, now=None, deadlines: Deadlines | None = None) -> str | None:
    """Why the director cannot confirm or return this report now."""
    now = now or timezone.now()
    if refusal := _round_closed(report):
        return refusal
    if report.state != ReportState.SUBMITTED:
        return _("อำเภอนี้ยังไม่ได้ส่งข้อมูลให้ตรวจสอบ (สถานะ: %(state)s)") % {
            "state": ReportState(report.state).label
        }
    deadlines = deadlines or deadlines_for(report.round, report.district)
    if now < deadlines.confirm_opens_at:
        return _("ยังไม่ถึงช่วงเวลายืนยันข้อมูล (เริ่ม %(start)s)") % {"start": thai_datetime(deadlines.confirm_opens_at)}
    if now > deadlines.confirm_closes_at:
        return _("พ้นกำหนดยืนยันข้อมูลแล้ว (สิ้นสุด %(deadline)s)") % {
            "deadline": thai_datetime(deadlines.confirm_closes_at)
        }
    return None


def comment_refusal(report) -> str | None:
    """Comments belong to the review, which starts when the district submits."""
    if refusal := _round_closed(report):
        return refusal
    if report.state in (ReportState.NOT_STARTED, ReportState.IN_PROGRESS):
        return _("แสดงความเห็นได้เมื่ออำเภอส่งข้อมูลแล้ว")
    return None


def reopen_refusal(report) -> str | None:
    if refusal := _round_closed(report):
        return refusal
    if report.state != ReportState.CONFIRMED:
        return _("เปิดให้แก้ไขได้เฉพาะอำเภอที่จังหวัดยืนยันข้อมูลแล้ว")
    return None
