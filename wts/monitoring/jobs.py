"""Follow-up work done by the worker: the automatic reminders on the department's schedule, and the
weekly digest for provincial directors."""

from collections import defaultdict

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from wts.accounts import recipients
from wts.audit.models import Source
from wts.notifications.service import notify
from wts.notifications.vocabulary import NotificationKind
from wts.rounds.models import Round
from wts.workflow.progress import DistrictCounts, district_counts

from .actions import do_send_automatic_reminders


def run_automatic_reminders(days_before, *, round_=None, source=Source.SYSTEM):
    """The current round's automatic reminders (the scheduled job and `send_reminders` both call this)."""
    round_ = round_ or Round.current()
    if round_ is None or round_.is_closed:
        return round_, None
    return round_, do_send_automatic_reminders(round_, days_before, source=source)


def send_scheduled_reminders(job, progress) -> None:
    days = job.params.get("days_before") or []
    progress.step(_("ตรวจกำหนดส่งของทุกอำเภอ"), 1, 2)
    round_, result = run_automatic_reminders(days)
    if result is None:
        progress.step(_("ไม่มีรอบที่เปิดอยู่ จึงไม่มีการแจ้งเตือน"), 2, 2)
        return
    progress.step(_("%(round)s: ส่งการแจ้งเตือน %(sent)s รายการ (ส่งไปก่อนแล้ว %(skipped)s)")
                  % {"round": round_, "sent": result.sent, "skipped": result.skipped_already_sent}, 2, 2)


def send_weekly_digest(job, progress) -> None:
    """Each provincial director gets the week's figures of its province, in-app and by email."""
    round_ = Round.current()
    if round_ is None or round_.is_closed:
        progress.step(_("ไม่มีรอบที่เปิดอยู่ จึงไม่มีสรุปรายสัปดาห์"))
        return
    counts = district_counts(round_)
    directors = recipients.directors().select_related("province")
    by_province = defaultdict(list)
    for director in directors:
        by_province[director.province].append(director)
    for n, (province, people) in enumerate(sorted(by_province.items(), key=lambda p: p[0].code), start=1):
        c = counts.get(province.pk, DistrictCounts())
        context = {
            "round": round_, "province": province, "total": c.total, "submitted": c.submitted,
            "confirmed": c.confirmed, "returned": c.returned, "in_progress": c.in_progress,
            "not_started": c.not_started,
        }
        notify(
            people, kind=NotificationKind.DIGEST,
            title=_("สรุปความก้าวหน้ารายสัปดาห์ จังหวัด%(name)s") % {"name": province.name_th},
            body=render_to_string("monitoring/weekly_digest.txt", context).strip(),
            link=reverse("monitoring:province_board", args=[province.code]),
        )
        progress.step(_("ส่งสรุปแล้ว %(n)s จังหวัด") % {"n": n}, n, len(by_province))
