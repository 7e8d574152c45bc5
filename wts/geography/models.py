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
