from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wts.lib.permissions import can


class ReminderKind(models.TextChoices):
    MANUAL = "manual", _("ส่งโดยผู้ติดตาม")
    AUTOMATIC = "automatic", _("ส่งอัตโนมัติก่อนกำหนด")


class Reminder(models.Model):
    """One reminder about a district's (or a province's) deadline: who was reminded, by whom, when.

    Automatic reminders are unique per district, window, deadline and days before it, so the
    scheduled command can run any number of times and never send the same one twice; a new
    (extended) deadline gets its own reminders.
    """

    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="reminders")
    # A district reminder goes to its officers; a province reminder (district empty) goes to the
    # province's director and administrators, sent by the department.
    province = models.ForeignKey("geography.Province", on_delete=models.PROTECT, related_name="reminders")
    district = models.ForeignKey(
        "geography.District", null=True, blank=True, on_delete=models.PROTECT, related_name="reminders"
    )
    kind = models.CharField(_("ประเภท"), max_length=10, choices=ReminderKind.choices)
    window = models.CharField(_("กำหนดเวลา"), max_length=10, choices=[("entry", _("การบันทึกข้อมูล")),
                                                                      ("confirm", _("การยืนยันข้อมูล"))])
    deadline_at = models.DateTimeField(_("กำหนดส่ง"))
    days_before = models.SmallIntegerField(_("ล่วงหน้า (วัน)"), null=True, blank=True)
    message = models.TextField(_("ข้อความ"), blank=True)
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ผู้ส่ง"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("ส่งเมื่อ"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("การแจ้งเตือนติดตาม")
        verbose_name_plural = _("การแจ้งเตือนติดตาม")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "district", "window", "deadline_at", "days_before"],
                condition=Q(kind="automatic"),
                name="automatic_reminder_once",
            )
        ]
        indexes = [
            models.Index(fields=["round", "district", "-sent_at"], name="reminder_round_district"),
            models.Index(fields=["round", "province", "-sent_at"], name="reminder_round_province"),
        ]


class Audience(models.TextChoices):
    ALL = "all", _("ทุกคน")
    PROVINCE = "province", _("จังหวัดเดียว")


class Announcement(models.Model):
    """A notice from the department, shown on home pages until it expires."""

    title = models.CharField(_("หัวข้อ"), max_length=200)
    body = models.TextField(_("ข้อความ"))
    attachment = models.FileField(
        _("ไฟล์แนบ (PDF)"), upload_to="announcements/%Y/", blank=True,
        validators=[FileExtensionValidator(["pdf"])],
    )
    audience = models.CharField(_("ผู้รับ"), max_length=10, choices=Audience.choices, default=Audience.ALL)
    province = models.ForeignKey(
        "geography.Province", verbose_name=_("จังหวัด"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="announcements",
    )
    starts_at = models.DateTimeField(_("เริ่มแสดง"), default=timezone.now)
    expires_at = models.DateTimeField(_("แสดงถึง"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("ยกเลิกเมื่อ"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("ประกาศ")
        verbose_name_plural = _("ประกาศ")
        constraints = [
            models.CheckConstraint(
                name="announcement_province_matches_audience",
                condition=(Q(audience="all") & Q(province__isnull=True))
                | (Q(audience="province") & Q(province__isnull=False)),
            ),
            models.CheckConstraint(name="announcement_expires_after_start", condition=Q(expires_at__gt=models.F("starts_at"))),
        ]

    def __str__(self):
        return self.title

    @classmethod
    def current(cls, now):
        return cls.objects.filter(starts_at__lte=now, expires_at__gt=now, withdrawn_at__isnull=True)

    @classmethod
    def visible_to(cls, user, now=None):
        """Announcements a user sees now: for everyone, or for the user's province."""
        now = now or timezone.now()
        if can(user, "wts.read_all_announcements"):
            return cls.current(now)
        return cls.current(now).filter(
            Q(audience=Audience.ALL) | Q(audience=Audience.PROVINCE, province_id=user.province_id))
