"""The kinds of background job, their Thai names and the function that runs each.

Handlers are named by dotted path, not imported: the apps that own the work (notifications,
spreadsheets, monitoring, analytics) sit above this one and register their handler here by name.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    EMAIL = "email", _("ส่งอีเมลแจ้งเตือน")
    ROUND_EXPORT = "export.round", _("ส่งออกข้อมูลรอบการรายงาน")
    ROUNDS_EXPORT = "export.rounds", _("ส่งออกข้อมูลหลายรอบ")
    STATUS_REPORT = "report.status", _("รายงานสถานะการบันทึกข้อมูล")
    ANALYSIS_EXPORT = "export.analysis", _("รายงานวิเคราะห์อัตรากำลัง")
    REMINDERS = "reminders", _("แจ้งเตือนอัตโนมัติก่อนครบกำหนด")
    DIGEST = "digest", _("สรุปความก้าวหน้ารายสัปดาห์")
    CLEANUP = "cleanup", _("ลบไฟล์ที่หมดอายุ")


class JobState(models.TextChoices):
    QUEUED = "queued", _("รอคิว")
    RUNNING = "running", _("กำลังทำงาน")
    SUCCEEDED = "succeeded", _("เสร็จแล้ว")
    FAILED = "failed", _("ไม่สำเร็จ")


HANDLERS = {
    JobKind.EMAIL: "wts.notifications.jobs.send_pending_emails",
    JobKind.ROUND_EXPORT: "wts.spreadsheets.jobs.export_round",
    JobKind.ROUNDS_EXPORT: "wts.spreadsheets.jobs.export_rounds",
    JobKind.STATUS_REPORT: "wts.documents.jobs.status_report",
    JobKind.ANALYSIS_EXPORT: "wts.analytics.jobs.export_analysis",
    JobKind.REMINDERS: "wts.monitoring.jobs.send_scheduled_reminders",
    JobKind.DIGEST: "wts.monitoring.jobs.send_weekly_digest",
    JobKind.CLEANUP: "wts.jobs.handlers.remove_expired_files",
}

# Jobs that make a file for the person who asked: they appear on "my downloads".
DOWNLOAD_KINDS = {JobKind.ROUND_EXPORT, JobKind.ROUNDS_EXPORT, JobKind.STATUS_REPORT, JobKind.ANALYSIS_EXPORT}
