from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(_("รหัสจังหวัด"), max_length=2, unique=True)
    name_th = models.CharField(_("ชื่อจังหวัด"), max_length=100)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=100)
    region = models.CharField(_("ภาค"), max_length=40, blank=True)

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("จังหวัด")
        verbose_name_plural = _("จังหวัด")

    def __str__(self):
        return self.name_th


class District(models.Model):
    code = models.CharField(_("รหัสอำเภอ"), max_length=4, unique=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")
    name_th = models.CharField(_("ชื่ออำเภอ"), max_length=100)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=100)
    # Context figures for comparing districts and computing staffing (not workload).
    pao_count = models.PositiveSmallIntegerField(_("จำนวน อบจ."), default=0)
    municipality_count = models.PositiveSmallIntegerField(_("จำนวนเทศบาล"), default=0)
    sao_count = models.PositiveSmallIntegerField(_("จำนวน อบต."), default=0)
    positions_framework = models.PositiveSmallIntegerField(_("ตำแหน่งตามกรอบ"), default=0)
    positions_filled = models.PositiveSmallIntegerField(_("คนครอง"), default=0)

    class Meta:
        ordering = ["code"]
        verbose_name = _("อำเภอ")
        verbose_name_plural = _("อำเภอ")

    def __str__(self):
        return self.name_th

    @property
    def display_name(self):
        return f"{_('อำเภอ')}{self.name_th}"

    @property
    def lgo_count(self) -> int:
        """Local government organisations the district office supervises."""
        return self.pao_count + self.municipality_count + self.sao_count


class ProvinceHelpDesk(models.Model):
    """Whom a province's users call: the provincial office's help desk (the letters give a name,
    a phone and a LINE ID). The settings' HELPDESK_* stay the national fallback."""

    province = models.OneToOneField(Province, on_delete=models.CASCADE, related_name="helpdesk")
    name = models.CharField(_("ผู้ติดต่อ / หน่วยงาน"), max_length=200)
    phone = models.CharField(_("โทรศัพท์"), max_length=100)
    line_id = models.CharField(_("LINE ID"), max_length=100, blank=True)
    hours = models.CharField(_("เวลาทำการ"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("ช่องทางติดต่อเจ้าหน้าที่จังหวัด")
        verbose_name_plural = _("ช่องทางติดต่อเจ้าหน้าที่จังหวัด")

    def __str__(self):
        return f"{self.province} {self.name}"
