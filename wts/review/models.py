from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReturnKind(models.TextChoices):
    RETURNED = "returned", _("จังหวัดส่งกลับให้แก้ไข")
    REOPENED = "reopened", _("กรมเปิดให้แก้ไขอีกครั้ง")


class ReturnRequest(models.Model):
    """A district sent back for changes, by its director (return) or the department (reopen).

    The snapshot of the values at that moment lets the reviewer see exactly what changed when
    the district submits again.
    """

    report = models.ForeignKey("entry.DistrictReport", on_delete=models.CASCADE, related_name="return_requests")
    kind = models.CharField(_("ประเภท"), max_length=10, choices=ReturnKind.choices)
    reason = models.TextField(_("เหตุผล"))
    area = models.ForeignKey(
        "catalog.MissionArea", verbose_name=_("ด้าน"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    items = models.ManyToManyField("catalog.WorkItem", verbose_name=_("รายการที่ต้องแก้ไข"), blank=True, related_name="+")
    snapshot = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resubmitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("การส่งกลับให้แก้ไข")
        verbose_name_plural = _("การส่งกลับให้แก้ไข")

    def snapshot_value(self, item_id):
        return self.snapshot.get(str(item_id))


class ValueComment(models.Model):
    """A remark on one value of one district's report, by its director or its officer."""

    report = models.ForeignKey("entry.DistrictReport", on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey("catalog.WorkItem", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("ความเห็น"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("ความเห็นต่อค่า")
        verbose_name_plural = _("ความเห็นต่อค่า")
        indexes = [models.Index(fields=["report", "item"], name="comment_report_item")]
