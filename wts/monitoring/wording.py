"""One wording for a district's confirmation state, read by every board, report and letter.

The entry column says how far the district has recorded (Progress); this one says where its
submission stands with the province only: before it is submitted, "not yet sent to the province",
whatever the entry shows (issue 27 §6)."""

from django.utils.translation import gettext_lazy as _

from wts.lib.thai import thai_date
from wts.workflow.models import ReportState


class Confirmation:
    NOT_SENT = "not_sent"
    WAITING = "waiting"
    RETURNED = "returned"
    CONFIRMED = "confirmed"

    LABELS = {
        NOT_SENT: _("ยังไม่ส่งให้จังหวัด"),
        WAITING: _("ส่งแล้ว รอการยืนยัน"),
        RETURNED: _("ส่งกลับให้แก้ไข"),
        CONFIRMED: _("ยืนยันแล้ว"),
    }
    OF_STATE = {
        ReportState.NOT_STARTED: NOT_SENT,
        ReportState.IN_PROGRESS: NOT_SENT,
        ReportState.SUBMITTED: WAITING,
        ReportState.RETURNED: RETURNED,
        ReportState.CONFIRMED: CONFIRMED,
    }


def confirmation_state(report_state: str) -> str:
    return Confirmation.OF_STATE[ReportState(report_state)]


def confirmation_label(report_state: str, confirmed_at=None, *, thai_digits: bool = False) -> str:
    """"ยังไม่ส่งให้จังหวัด", "ส่งแล้ว รอการยืนยัน", "ส่งกลับให้แก้ไข" or "ยืนยันแล้ว 8 ต.ค. 2564"."""
    state = confirmation_state(report_state)
    label = str(Confirmation.LABELS[state])
    if state == Confirmation.CONFIRMED and confirmed_at:
        return f"{label} {thai_date(confirmed_at, thai_digits=thai_digits)}"
    return label
