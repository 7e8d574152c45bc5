"""The kinds of in-app notification: what `notify(kind=...)` accepts. Call sites pass
``NotificationKind.X``, never a bare string. A notification that accompanies an audited action is
named by that action's code (wts/audit/vocabulary.py), so the two read alike in the data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REPORT_SUBMITTED = "report.submitted", _("อำเภอส่งข้อมูล")
    REPORT_RESUBMITTED = "report.resubmitted", _("อำเภอส่งข้อมูลที่แก้ไขแล้ว")
    REPORT_CONFIRMED = "report.confirmed", _("จังหวัดยืนยันข้อมูล")
    REPORT_RETURNED = "report.returned", _("จังหวัดส่งกลับให้แก้ไข")
    REPORT_REOPENED = "report.reopened", _("กรมเปิดให้แก้ไขอีกครั้ง")
    VALUE_COMMENTED = "value.commented", _("ความเห็นต่อค่าปริมาณงาน")
    DEADLINE_EXTENDED = "deadline.extended", _("ขยายกำหนดเวลา")
    DEADLINE_EXTENSION_WITHDRAWN = "deadline.extension_withdrawn", _("ยกเลิกการขยายกำหนดเวลา")
    ROUND_UPDATED = "round.updated", _("เปลี่ยนช่วงเวลาของรอบ")
    ROUND_CLOSED = "round.closed", _("ปิดรอบการรายงาน")
    ROUND_REOPENED = "round.reopened", _("เปิดรอบการรายงานอีกครั้ง")
    PASSWORD_RESET = "account.password_reset", _("ตั้งรหัสผ่านใหม่")
    REMINDER = "reminder", _("แจ้งเตือนติดตาม")
    DIGEST = "digest", _("สรุปรายสัปดาห์")
