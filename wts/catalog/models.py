from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class MissionArea(models.Model):
    """One of the mission areas (ด้าน) of a round's form. Each round owns its own copy."""

    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="areas")
    number = models.PositiveSmallIntegerField(_("ด้านที่"), validators=[MinValueValidator(1)])
    name = models.CharField(_("ชื่อด้าน"), max_length=300)
    description = models.TextField(_("คำอธิบาย"), blank=True)

    class Meta:
        ordering = ["round", "number"]
        verbose_name = _("ด้านภารกิจ")
        verbose_name_plural = _("ด้านภารกิจ")
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="area_number_unique_in_round")]

    def __str__(self):
        return f"{_('ด้านที่')} {self.number} {self.name}"


class WorkItem(models.Model):
    area = models.ForeignKey(MissionArea, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("รหัส"), max_length=20)
    name = models.CharField(_("รายการงาน"), max_length=300)
    unit = models.CharField(_("หน่วยนับ"), max_length=30)
    help_text = models.TextField(_("คำอธิบาย"), blank=True)
    standard_minutes = models.DecimalField(
        _("เวลามาตรฐาน (นาทีต่อหน่วย)"), max_digits=8, decimal_places=1, default=Decimal("60.0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    max_value = models.PositiveIntegerField(
        _("ค่าสูงสุดที่ยอมรับ"), default=100_000, validators=[MinValueValidator(1), MaxValueValidator(10_000_000)]
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        ordering = ["area__number", "order", "code"]
        verbose_name = _("รายการงาน")
        verbose_name_plural = _("รายการงาน")
        constraints = [models.UniqueConstraint(fields=["area", "code"], name="item_code_unique_in_area")]

    def __str__(self):
        return f"{self.code} {self.name}"
