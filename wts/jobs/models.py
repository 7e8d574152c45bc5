import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .vocabulary import DOWNLOAD_KINDS, JobKind, JobState


class Job(models.Model):
    """One piece of work done by a worker, as people see it: who asked, what step it is on, how far
    along, what went wrong. The queue entry itself is the Tasks API's; this row outlives it and is
    what the progress bar, "my downloads" and the department's job list read."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("ประเภท"), max_length=30, choices=JobKind.choices)
    title = models.CharField(_("ชื่องาน"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ผู้สั่ง"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="jobs",
    )
    params = models.JSONField(default=dict, blank=True)
    state = models.CharField(_("สถานะ"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("ความคืบหน้า (%)"), default=0)
    step = models.CharField(_("ขั้นตอน"), max_length=200, blank=True)
    error = models.TextField(_("ข้อผิดพลาด"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("จำนวนครั้งที่ทำ"), default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    run_after = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("สั่งเมื่อ"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("เริ่มเมื่อ"), null=True, blank=True)
    finished_at = models.DateTimeField(_("เสร็จเมื่อ"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("งานเบื้องหลัง")
        verbose_name_plural = _("งานเบื้องหลัง")
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="job_owner_recent"),
            models.Index(fields=["state", "heartbeat_at"], name="job_state_heartbeat"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_active(self) -> bool:
        return self.state in {JobState.QUEUED, JobState.RUNNING}

    @property
    def is_download(self) -> bool:
        return self.kind in DOWNLOAD_KINDS

    @property
    def duration(self) -> dt.timedelta | None:
        if self.started_at is None:
            return None
        return (self.finished_at or timezone.now()) - self.started_at

    @property
    def duration_seconds(self) -> float | None:
        duration = self.duration
        return None if duration is None else round(duration.total_seconds(), 1)


class GeneratedFile(models.Model):
    """A file a job made for one person, kept in the database so every app server and worker
    reaches it; removed by the clean-up job once it expires."""

    job = models.OneToOneField(Job, on_delete=models.CASCADE, related_name="file")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    content = models.BinaryField()
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("ไฟล์ที่สร้าง")
        verbose_name_plural = _("ไฟล์ที่สร้าง")

    def __str__(self):
        return self.filename

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class StoredFile(models.Model):
    """A file saved through Django's storage API (announcement attachments and other uploads):
    in the database, so no app server depends on its own disk."""

    name = models.CharField(max_length=255, unique=True)
    content = models.BinaryField()
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ไฟล์ที่อัปโหลด")
        verbose_name_plural = _("ไฟล์ที่อัปโหลด")

    def __str__(self):
        return self.name


class ScheduledRun(models.Model):
    """A scheduled job claimed for one period (a day, an hour, a week): the unique key lets any
    number of workers run the scheduler and each period's job still starts once."""

    name = models.CharField(max_length=40)
    period = models.CharField(max_length=20)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "period"], name="scheduled_run_once")]


class JobSchedule(models.Model):
    """When the worker sends automatic reminders and the weekly digest: set by the department in the
    application (one row)."""

    reminders_enabled = models.BooleanField(_("ส่งการแจ้งเตือนอัตโนมัติ"), default=True)
    reminder_days_before = models.CharField(
        _("แจ้งเตือนล่วงหน้า (วัน)"), max_length=60, default="7,3,1",
        help_text=_("จำนวนวันก่อนครบกำหนด คั่นด้วยจุลภาค เช่น 7,3,1"),
    )
    reminder_time = models.TimeField(_("เวลาที่ส่งการแจ้งเตือน"), default=dt.time(8, 30))
    digest_enabled = models.BooleanField(_("ส่งสรุปความก้าวหน้ารายสัปดาห์ให้ ผอ.ก.ทอ."), default=False)
    digest_weekday = models.PositiveSmallIntegerField(
        _("วันที่ส่งสรุป"), default=0,
        choices=[(0, _("วันจันทร์")), (1, _("วันอังคาร")), (2, _("วันพุธ")), (3, _("วันพฤหัสบดี")),
                 (4, _("วันศุกร์")), (5, _("วันเสาร์")), (6, _("วันอาทิตย์"))],
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("กำหนดการงานอัตโนมัติ")
        verbose_name_plural = _("กำหนดการงานอัตโนมัติ")

    @classmethod
    def current(cls) -> "JobSchedule":
        schedule = cls.objects.order_by("pk").first()
        if schedule is None:
            days = ",".join(str(d) for d in settings.REMINDER_DAYS_BEFORE)
            schedule = cls.objects.create(reminder_days_before=days)
        return schedule

    @property
    def days_before(self) -> list[int]:
        return sorted({int(part) for part in self.reminder_days_before.split(",") if part.strip()}, reverse=True)
