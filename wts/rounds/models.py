from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wts.lib.prepared import PreparedRead


class Round(models.Model):
    """One reporting round: the fiscal year reported and its entry and confirmation windows."""

    fiscal_year = models.PositiveSmallIntegerField(
        _("ปีงบประมาณ (พ.ศ.)"), unique=True, validators=[MinValueValidator(2500), MaxValueValidator(2700)]
    )
    title = models.CharField(_("ชื่อรอบ"), max_length=200, blank=True)
    entry_opens_at = models.DateTimeField(_("เริ่มบันทึกข้อมูล"))
    entry_closes_at = models.DateTimeField(_("สิ้นสุดการบันทึกข้อมูล"))
    confirm_opens_at = models.DateTimeField(_("เริ่มยืนยันข้อมูล"))
    confirm_closes_at = models.DateTimeField(_("สิ้นสุดการยืนยันข้อมูล"))
    closed_at = models.DateTimeField(_("ปิดรอบเมื่อ"), null=True, blank=True)
    # Staffing analysis settings, shown with every result computed from this round.
    productive_hours = models.DecimalField(
        _("ชั่วโมงทำงานที่เกิดผลต่อคนต่อปี"), max_digits=7, decimal_places=1, default=Decimal("1380.0"),
        validators=[MinValueValidator(Decimal("1"))],
    )
    allowance_factor = models.DecimalField(
        _("ตัวคูณงานสนับสนุน (CAF)"), max_digits=5, decimal_places=3, default=Decimal("1.000"),
        validators=[MinValueValidator(Decimal("1"))],
    )
    averaging_rounds = models.PositiveSmallIntegerField(
        _("จำนวนรอบที่ใช้เฉลี่ย"), default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    change_flag_percent = models.PositiveSmallIntegerField(
        _("เกณฑ์แจ้งเตือนการเปลี่ยนแปลงจากรอบก่อน (%)"), default=50
    )
    # Review flags: a value is "far from similar districts" when its robust z-score
    # (0.6745 x distance from the peers' median / MAD) exceeds this, among districts whose number
    # of local government organisations is within peer_size_percent of its own.
    # Small counts swing by large percentages (1 → 3 is +200%) without being wrong.
    change_flag_min_units = models.PositiveIntegerField(
        _("ไม่แจ้งเตือนเมื่อเปลี่ยนแปลงน้อยกว่า (หน่วย)"), default=10
    )
    outlier_threshold = models.DecimalField(
        _("เกณฑ์ค่าผิดปกติเทียบอำเภอขนาดใกล้เคียง (ค่า z จากมัธยฐาน)"), max_digits=4, decimal_places=1,
        default=Decimal("3.5"), validators=[MinValueValidator(Decimal("1"))],
    )
    peer_size_percent = models.PositiveSmallIntegerField(
        _("ช่วงขนาดอำเภอที่ถือว่าใกล้เคียง (± % ของจำนวน อปท.)"), default=30,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_reason = models.TextField(_("เหตุผลที่ปิดรอบ"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("รอบการรายงาน")
        verbose_name_plural = _("รอบการรายงาน")

    def __str__(self):
        return self.title or f"{_('ปีงบประมาณ')} {self.fiscal_year}"

    def clean(self):
        errors = {}
        if self.entry_opens_at and self.entry_closes_at and self.entry_closes_at <= self.entry_opens_at:
            errors["entry_closes_at"] = _("วันสิ้นสุดต้องอยู่หลังวันเริ่มบันทึก")
        if self.confirm_opens_at and self.confirm_closes_at and self.confirm_closes_at <= self.confirm_opens_at:
            errors["confirm_closes_at"] = _("วันสิ้นสุดต้องอยู่หลังวันเริ่มยืนยัน")
        if self.entry_opens_at and self.confirm_opens_at and self.confirm_opens_at < self.entry_opens_at:
            errors["confirm_opens_at"] = _("การยืนยันต้องไม่เริ่มก่อนการบันทึก")
        if (self.entry_closes_at and self.confirm_closes_at and self.confirm_closes_at < self.entry_closes_at
                and "confirm_closes_at" not in errors):
            errors["confirm_closes_at"] = _("การยืนยันต้องไม่สิ้นสุดก่อนการบันทึกข้อมูลสิ้นสุด")
        if errors:
            raise ValidationError(errors)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @classmethod
    def current(cls, now=None):
        """The round people work on now: the latest one not closed whose entry has opened."""
        return _current_round.first(now or timezone.now())


class Window(models.TextChoices):
    ENTRY = "entry", _("การบันทึกข้อมูล")
    CONFIRM = "confirm", _("การยืนยันข้อมูล")


class ExtensionQuerySet(models.QuerySet):
    def in_force(self):
        """Extensions that still count: a withdrawn one never decides a deadline."""
        return self.filter(withdrawn_at__isnull=True)


class Extension(models.Model):
    """A deadline extension for everyone, one province or one district; the most specific wins.
    Never deleted: a withdrawal keeps the row, with who withdrew it, when and why."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="extensions")
    window = models.CharField(_("ช่วงเวลา"), max_length=10, choices=Window.choices)
    province = models.ForeignKey(
        "geography.Province", verbose_name=_("จังหวัด"), null=True, blank=True, on_delete=models.PROTECT
    )
    district = models.ForeignKey(
        "geography.District", verbose_name=_("อำเภอ"), null=True, blank=True, on_delete=models.PROTECT
    )
    closes_at = models.DateTimeField(_("ขยายถึง"))
    reason = models.TextField(_("เหตุผล"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("ยกเลิกเมื่อ"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ผู้ยกเลิก"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("เหตุผลที่ยกเลิก"), blank=True)

    objects = ExtensionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("การขยายเวลา")
        verbose_name_plural = _("การขยายเวลา")
        constraints = [
            models.CheckConstraint(
                name="extension_one_scope",
                condition=models.Q(province__isnull=True) | models.Q(district__isnull=True),
            )
        ]

    @property
    def scope_level(self) -> int:
        return 2 if self.district_id else 1 if self.province_id else 0

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def scope_display(self) -> str:
        if self.district_id:
            return f"{self.district.display_name} {_('จังหวัด')}{self.district.province.name_th}"
        if self.province_id:
            return f"{_('จังหวัด')}{self.province.name_th}"
        return str(_("ทุกอำเภอ"))


# Read on every officer and director page: compiled once (wts/lib/prepared.py).
_current_round = PreparedRead(lambda now: Round.objects.filter(closed_at__isnull=True, entry_opens_at__lte=now)
                              .order_by("-fiscal_year")[:1], kinds=(datetime,))
