import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportState(models.TextChoices):
    CHECKED = "checked", _("ตรวจสอบแล้ว รอยืนยันการนำเข้า")
    APPLIED = "applied", _("นำเข้าแล้ว")
    DISCARDED = "discarded", _("ยกเลิก")


class WorkbookImport(models.Model):
    """One uploaded district workbook: the dry run's approved changes, kept until applied.

    The changes are stored rather than the file, so "apply" writes exactly what the user saw in
    the dry run; the area versions seen at the dry run refuse an apply after someone else's save.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey("geography.District", on_delete=models.PROTECT, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("อัปโหลดเมื่อ"), auto_now_add=True)
    file_name = models.CharField(_("ชื่อไฟล์"), max_length=255)
    file_sha256 = models.CharField(max_length=64)
    catalog_fingerprint = models.CharField(max_length=64)
    state = models.CharField(_("สถานะ"), max_length=10, choices=ImportState.choices, default=ImportState.CHECKED)
    # {area_id: {item_id: value or None}} and {area_id: version}, as JSON (keys are strings).
    changes = models.JSONField(default=dict)
    area_versions = models.JSONField(default=dict)
    change_count = models.PositiveIntegerField(default=0)
    applied_at = models.DateTimeField(_("นำเข้าเมื่อ"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("การนำเข้าไฟล์ Excel")
        verbose_name_plural = _("การนำเข้าไฟล์ Excel")
