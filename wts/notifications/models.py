from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app message for one user (the bell); email copies are sent after commit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("ประเภท"), max_length=40)
    title = models.CharField(_("เรื่อง"), max_length=300)
    body = models.TextField(_("ข้อความ"), blank=True)
    link = models.CharField(_("ลิงก์"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("การแจ้งเตือน")
        verbose_name_plural = _("การแจ้งเตือน")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]


class EmailState(models.TextChoices):
    PENDING = "pending", _("รอส่ง")
    SENDING = "sending", _("กำลังส่ง")
    SENT = "sent", _("ส่งแล้ว")
    FAILED = "failed", _("ส่งไม่สำเร็จ")
    # The worker stopped between handing the message to the mail server and recording the answer:
    # it may have gone out, so it is not sent again (no one gets the same email twice).
    UNCERTAIN = "uncertain", _("ไม่ทราบผลการส่ง")


class OutgoingEmail(models.Model):
    """One email copy of a notification and its outcome. Written in the notifying transaction;
    sent by a worker, which records each attempt before and after talking to the mail server."""

    notification = models.ForeignKey(Notification, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    to = models.EmailField(_("ถึง"))
    subject = models.CharField(_("เรื่อง"), max_length=300)
    body = models.TextField(_("ข้อความ"))
    state = models.CharField(_("สถานะ"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING)
    attempts = models.PositiveSmallIntegerField(_("จำนวนครั้งที่ส่ง"), default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    attempted_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("ส่งเมื่อ"), null=True, blank=True)
    last_error = models.TextField(_("ข้อผิดพลาดล่าสุด"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("อีเมลที่ส่งออก")
        verbose_name_plural = _("อีเมลที่ส่งออก")
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="email_due")]

    def __str__(self):
        return f"{self.to}: {self.subject}"
