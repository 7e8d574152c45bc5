"""A district's report for one round and everything its workflow leaves behind: the state, the
areas' progress, the values, the returns and reopenings, the comments on values.

The tables keep the names they had when these models lived in ``entry`` and ``review``
(``db_table``), so moving them here changed no data.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wts.rounds.states import ReportState  # the states, written once (a report's `state` field below)

EDITABLE_STATES = {ReportState.NOT_STARTED, ReportState.IN_PROGRESS, ReportState.RETURNED}


class AreaStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("ยังไม่เริ่ม")
    IN_PROGRESS = "in_progress", _("กำลังบันทึก")
    COMPLETE = "complete", _("ครบแล้ว")


class DistrictReport(models.Model):
    """One district's report for one round: its workflow state and progress counters."""

    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="reports")
    district = models.ForeignKey("geography.District", on_delete=models.PROTECT, related_name="reports")
    state = models.CharField(_("สถานะ"), max_length=16, choices=ReportState.choices, default=ReportState.NOT_STARTED)
    # Kept by the entry actions so boards count in one query without reading values.
    areas_started = models.PositiveSmallIntegerField(default=0)
    areas_complete = models.PositiveSmallIntegerField(default=0)
    last_changed_at = models.DateTimeField(_("แก้ไขล่าสุด"), null=True, blank=True)
    last_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("ส่งเมื่อ"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("ยืนยันเมื่อ"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when the department reopens a single area: while returned, only that area may change.
    open_area = models.ForeignKey(
        "catalog.MissionArea", verbose_name=_("ด้านที่เปิดให้แก้ไข"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        db_table = "entry_districtreport"
        verbose_name = _("รายงานของอำเภอ")
        verbose_name_plural = _("รายงานของอำเภอ")
        constraints = [models.UniqueConstraint(fields=["round", "district"], name="one_report_per_district_round")]
        indexes = [models.Index(fields=["round", "state"], name="report_round_state")]

    def __str__(self):
        return f"{self.district} {self.round}"


class AreaReport(models.Model):
    report = models.ForeignKey(DistrictReport, on_delete=models.CASCADE, related_name="area_reports")
    area = models.ForeignKey("catalog.MissionArea", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("สถานะ"), max_length=16, choices=AreaStatus.choices, default=AreaStatus.NOT_STARTED)
    filled_count = models.PositiveSmallIntegerField(default=0)
    # Incremented by every save; a save based on an older version is refused (no lost updates).
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "entry_areareport"
        verbose_name = _("สถานะรายด้าน")
        verbose_name_plural = _("สถานะรายด้าน")
        constraints = [models.UniqueConstraint(fields=["report", "area"], name="one_area_report_per_area")]


NOTE_MAX_LENGTH = 500


class ItemValue(models.Model):
    report = models.ForeignKey(DistrictReport, on_delete=models.CASCADE, related_name="values")
    item = models.ForeignKey("catalog.WorkItem", on_delete=models.PROTECT, related_name="values")
    value = models.PositiveBigIntegerField(_("ปริมาณงาน"), null=True, blank=True)
    # The officer's explanation of a value that looks unusual; the director reads it beside the flag.
    note = models.CharField(_("คำอธิบาย"), max_length=NOTE_MAX_LENGTH, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "entry_itemvalue"
        verbose_name = _("ค่าปริมาณงาน")
        verbose_name_plural = _("ค่าปริมาณงาน")
        constraints = [models.UniqueConstraint(fields=["report", "item"], name="one_value_per_item")]


class ReturnKind(models.TextChoices):
    RETURNED = "returned", _("จังหวัดส่งกลับให้แก้ไข")
    REOPENED = "reopened", _("กรมเปิดให้แก้ไขอีกครั้ง")


class ReturnRequest(models.Model):
    """A district sent back for changes, by its director (return) or the department (reopen).

    The snapshot of the values at that moment lets the reviewer see exactly what changed when
    the district submits again.
    """

    report = models.ForeignKey(DistrictReport, on_delete=models.CASCADE, related_name="return_requests")
    kind = models.CharField(_("ประเภท"), max_length=10, choices=ReturnKind.choices)
    reason = models.TextField(_("เหตุผล"))
    area = models.ForeignKey(
        "catalog.MissionArea", verbose_name=_("ด้าน"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The through table follows db_table: it stays review_returnrequest_items.
    items = models.ManyToManyField("catalog.WorkItem", verbose_name=_("รายการที่ต้องแก้ไข"), blank=True, related_name="+")
    snapshot = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    resubmitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "review_returnrequest"
        ordering = ["-created_at", "-id"]
        verbose_name = _("การส่งกลับให้แก้ไข")
        verbose_name_plural = _("การส่งกลับให้แก้ไข")

    def snapshot_value(self, item_id):
        return self.snapshot.get(str(item_id))


class ValueComment(models.Model):
    """A remark on one value of one district's report, by its director or its officer."""

    report = models.ForeignKey(DistrictReport, on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey("catalog.WorkItem", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("ความเห็น"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "review_valuecomment"
        ordering = ["created_at", "id"]
        verbose_name = _("ความเห็นต่อค่า")
        verbose_name_plural = _("ความเห็นต่อค่า")
        indexes = [models.Index(fields=["report", "item"], name="comment_report_item")]
