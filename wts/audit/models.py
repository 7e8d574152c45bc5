from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .vocabulary import AuditAction


class Source(models.TextChoices):
    WEB = "web", _("หน้าเว็บ")
    IMPORT = "import", _("นำเข้าไฟล์")
    API = "api", _("API")
    COMMAND = "command", _("คำสั่งระบบ")
    SYSTEM = "system", _("ระบบ")


class ImmutableAuditError(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    """Bulk writes that would change history are refused as well as single-row ones."""

    def update(self, **kwargs):
        raise ImmutableAuditError("audit rows cannot be changed")

    def delete(self):
        raise ImmutableAuditError("audit rows cannot be deleted")

    _raw_delete = delete


class AuditEvent(models.Model):
    """One thing that happened: append-only. Rows are never updated or deleted by the system."""

    created_at = models.DateTimeField(_("เวลา"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ผู้ดำเนินการ"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    action = models.CharField(_("การดำเนินการ"), max_length=64, db_index=True)
    source = models.CharField(_("ช่องทาง"), max_length=10, choices=Source.choices, default=Source.WEB)
    round = models.ForeignKey("rounds.Round", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey(
        "geography.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    province = models.ForeignKey(
        "geography.Province", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey("catalog.MissionArea", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey("catalog.WorkItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    old_value = models.TextField(_("ค่าเดิม"), blank=True)
    new_value = models.TextField(_("ค่าใหม่"), blank=True)
    message = models.TextField(_("รายละเอียด"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("บันทึกการตรวจสอบ")
        verbose_name_plural = _("บันทึกการตรวจสอบ")
        indexes = [
            models.Index(fields=["district", "round", "-created_at"], name="audit_district_round"),
            models.Index(fields=["actor", "-created_at"], name="audit_actor"),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableAuditError("audit rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableAuditError("audit rows cannot be deleted")

    @property
    def label(self) -> str:
        from .labels import action_label

        return action_label(self.action)

    @property
    def old_display(self) -> str:
        from .labels import value_display

        return value_display(self.old_value)

    @property
    def new_display(self) -> str:
        from .labels import value_display

        return value_display(self.new_value)

    # The one way to write audit rows (Saleor's order/events.py is the model): `build` makes a row,
    # filling in the district's province, `record` writes one, `record_many` writes many at once.
    @classmethod
    def build(cls, action, *, actor=None, source=Source.WEB, district=None, **fields) -> "AuditEvent":
        """An unsaved row for `action` (an AuditAction); the province is the district's unless named."""
        if district is not None and "province" not in fields and "province_id" not in fields:
            fields["province_id"] = district.province_id
        return cls(action=AuditAction(action), actor=actor, source=source, district=district, **fields)

    @classmethod
    def record(cls, action, **fields) -> "AuditEvent":
        [event] = cls.record_many([cls.build(action, **fields)])
        return event

    @classmethod
    def record_many(cls, events, *, batch_size=None) -> list["AuditEvent"]:
        """Rows made by `build`, written in one statement (or one a batch)."""
        return cls.objects.bulk_create(list(events), batch_size=batch_size)
