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
    # Null only between creating an item and giving it the round's default type (see actions).
    position_type = models.ForeignKey(
        "PositionType", verbose_name=_("ประเภทตำแหน่ง"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="items",
    )

    class Meta:
        ordering = ["area__number", "order", "code"]
        verbose_name = _("รายการงาน")
        verbose_name_plural = _("รายการงาน")
        constraints = [models.UniqueConstraint(fields=["area", "code"], name="item_code_unique_in_area")]

    def __str__(self):
        return f"{self.code} {self.name}"


class PositionType(models.Model):
    """A staff category (WISN) of a round: its available working time from its parts and its
    allowances. Each round owns its own copy; types are matched across rounds by code, and every
    work item of the round belongs to one of them."""

    round = models.ForeignKey("rounds.Round", on_delete=models.CASCADE, related_name="position_types")
    code = models.CharField(_("รหัสประเภทตำแหน่ง"), max_length=20)
    name = models.CharField(_("ประเภทตำแหน่ง"), max_length=200)
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    working_days = models.DecimalField(
        _("วันทำการในปีงบประมาณ"), max_digits=5, decimal_places=1, default=Decimal("261.0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    public_holidays = models.DecimalField(
        _("วันหยุดราชการ (วัน)"), max_digits=5, decimal_places=1, default=Decimal("16.0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    leave_days = models.DecimalField(
        _("วันลา (วัน)"), max_digits=5, decimal_places=1, default=Decimal("10.0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    training_days = models.DecimalField(
        _("วันฝึกอบรม (วัน)"), max_digits=5, decimal_places=1, default=Decimal("5.0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    other_absence_days = models.DecimalField(
        _("วันไม่ปฏิบัติงานอื่น ๆ (วัน)"), max_digits=5, decimal_places=1, default=Decimal("0.0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    hours_per_day = models.DecimalField(
        _("ชั่วโมงทำงานต่อวัน"), max_digits=4, decimal_places=2, default=Decimal("6.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("24"))],
    )
    category_allowance_percent = models.DecimalField(
        _("งานสนับสนุนที่ทุกคนทำ (ร้อยละของเวลาทำงาน)"), max_digits=5, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("99.99"))],
    )
    individual_allowance_hours = models.DecimalField(
        _("งานเพิ่มเติมเฉพาะบางคน (ชั่วโมงต่อปี)"), max_digits=9, decimal_places=1, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        ordering = ["round", "order", "code"]
        verbose_name = _("ประเภทตำแหน่ง")
        verbose_name_plural = _("ประเภทตำแหน่ง")
        constraints = [models.UniqueConstraint(fields=["round", "code"], name="position_type_code_unique_in_round")]

    def __str__(self):
        return self.name
