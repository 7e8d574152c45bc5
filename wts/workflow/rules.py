"""Who may move a district's report, and when. Actions ask here before they change anything;
pages ask here to decide which buttons to show and to say why one is missing; so every rule and
every Thai reason lives once.

Who may act is not decided here: it is a named capability of ``wts/accounts/permissions.py``
(``wts.edit_report``, ``wts.submit_report``, ``wts.review_report``, ``wts.comment_on_report``,
``wts.reopen_report``), asked with ``wts.lib.permissions.can``/``require``; a no is a 403, never a
message. This module answers when:

- ``*_refusal(report, ...)``: None when the step is allowed now, or the Thai reason why not
  (closed round, state, window). The refusal exceptions below carry that reason to the page,
  the import report or the API body.

The deadlines come in three windows, checked in one place (``window_refusal``): the entry window
while the district records, the returned-fix window (until the confirmation deadline) while a
returned district fixes, the confirmation window while the province checks.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from wts.lib.errors import Refused
from wts.lib.thai import thai_datetime
from wts.rounds.deadlines import Deadlines, deadlines_for

from .models import ReportState


class EditRefused(Refused):
    """The figures cannot change now (window closed, report submitted...). The message says why."""


class TransitionRefused(Refused):
    """The step is not allowed now (state, window, closed round). The message says why."""


def round_closed_refusal(report) -> str | None:
    if report.round.is_closed:
        return _("รอบการรายงานนี้ปิดแล้ว ไม่สามารถเปลี่ยนแปลงข้อมูลได้")
    return None


def window_refusal(report, *, now=None, deadlines: Deadlines | None = None) -> str | None:
    """The one deadline check: is the window of the report's state open now?

    Recording (not started, in progress): the entry window. Returned: fixing and resubmitting
    until the confirmation deadline. Submitted: the province's confirmation window.
    """
    if report.state == ReportState.CONFIRMED:
        return None
    now = now or timezone.now()
    deadlines = deadlines or deadlines_for(report.round, report.district)
    if report.state == ReportState.RETURNED:
        if now > deadlines.confirm_closes_at:
            return _("พ้นกำหนดแก้ไขและส่งข้อมูลที่ถูกส่งกลับแล้ว (สิ้นสุด %(deadline)s)") % {
                "deadline": thai_datetime(deadlines.confirm_closes_at)
            }
        return None
    if report.state == ReportState.SUBMITTED:
        if now < deadlines.confirm_opens_at:
            return _("ยังไม่ถึงช่วงเวลายืนยันข้อมูล (เริ่ม %(start)s)") % {
                "start": thai_datetime(deadlines.confirm_opens_at)
            }
        if now > deadlines.confirm_closes_at:
            return _("พ้นกำหนดยืนยันข้อมูลแล้ว (สิ้นสุด %(deadline)s)") % {
                "deadline": thai_datetime(deadlines.confirm_closes_at)
            }
        return None
    if now < deadlines.entry_opens_at:
        return _("ยังไม่ถึงช่วงเวลาบันทึกข้อมูล (เริ่ม %(start)s)") % {"start": thai_datetime(deadlines.entry_opens_at)}
    if now > deadlines.entry_closes_at:
        return _("พ้นกำหนดบันทึกข้อมูลแล้ว (สิ้นสุด %(deadline)s)") % {
            "deadline": thai_datetime(deadlines.entry_closes_at)
        }
    return None


def _under_review_refusal(report) -> str | None:
    """The district's own steps (record, submit) stop while the province holds the report."""
    if report.state == ReportState.SUBMITTED:
        return _("ส่งข้อมูลแล้ว อยู่ระหว่างรอการยืนยันจากจังหวัด จึงแก้ไขไม่ได้")
    if report.state == ReportState.CONFIRMED:
        return _("จังหวัดยืนยันข้อมูลแล้ว จึงแก้ไขไม่ได้")
    return None


def edit_refusal(report, area=None, *, now=None, deadlines: Deadlines | None = None) -> str | None:
    """Why the figures of this report (or one area of it) cannot be changed now; None if they can."""
    refusal = (
        round_closed_refusal(report)
        or _under_review_refusal(report)
        or window_refusal(report, now=now, deadlines=deadlines)
    )
    if refusal:
        return refusal
    if report.state == ReportState.RETURNED and area is not None and report.open_area_id and area.pk != report.open_area_id:
        return _("กรมเปิดให้แก้ไขเฉพาะด้านที่ %(number)s ด้านนี้จึงแก้ไขไม่ได้") % {"number": report.open_area.number}
    return None


def submit_refusal(report, *, area_total: int, now=None, deadlines: Deadlines | None = None) -> str | None:
    """Why the district cannot send its report to the province now (or send it again, when returned)."""
    if refusal := round_closed_refusal(report) or _under_review_refusal(report):
        return refusal
    if area_total == 0 or report.areas_complete < area_total:
        return _("ยังส่งไม่ได้ ต้องบันทึกข้อมูลให้ครบทั้ง %(total)s ด้านก่อน (ครบแล้ว %(done)s ด้าน)") % {
            "total": area_total, "done": report.areas_complete,
        }
    return window_refusal(report, now=now, deadlines=deadlines)


def review_refusal(report, *, now=None, deadlines: Deadlines | None = None) -> str | None:
    """Why the director cannot confirm or return this report now."""
    if refusal := round_closed_refusal(report):
        return refusal
    if report.state != ReportState.SUBMITTED:
        return _not_submitted_sentence(report)
    return window_refusal(report, now=now, deadlines=deadlines)


def _not_submitted_sentence(report) -> str:
    """What the reviewer is told about a report that is not waiting for a decision: one true
    sentence per state (a confirmed district has submitted; a returned one is being fixed)."""
    if report.state == ReportState.CONFIRMED:
        return _("จังหวัดยืนยันข้อมูลของอำเภอนี้แล้ว ไม่ต้องดำเนินการใดเพิ่ม")
    if report.state == ReportState.RETURNED:
        return _("ส่งกลับให้อำเภอแก้ไขแล้ว รออำเภอแก้ไขและส่งข้อมูลอีกครั้ง")
    if report.state == ReportState.IN_PROGRESS:
        return _("อำเภออยู่ระหว่างการบันทึกข้อมูล ยังไม่ได้ส่งข้อมูลให้ตรวจสอบ")
    return _("อำเภอยังไม่ได้เริ่มบันทึกข้อมูลในรอบนี้ จึงยังไม่ได้ส่งข้อมูลให้ตรวจสอบ")


def comment_refusal(report) -> str | None:
    """Comments belong to the review, which starts when the district submits."""
    if refusal := round_closed_refusal(report):
        return refusal
    if report.state in (ReportState.NOT_STARTED, ReportState.IN_PROGRESS):
        return _("แสดงความเห็นได้เมื่ออำเภอส่งข้อมูลแล้ว")
    return None


def reopen_refusal(report) -> str | None:
    if refusal := round_closed_refusal(report):
        return refusal
    if report.state != ReportState.CONFIRMED:
        return _("เปิดให้แก้ไขได้เฉพาะอำเภอที่จังหวัดยืนยันข้อมูลแล้ว")
    return None
