from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class DistrictPositions(models.Model):
    """A district office's posts of one position type: the framework (กรอบ) and the posts filled
    (คนครอง). Keyed by the type's code, which the catalog keeps across rounds; entered by the
    province (page or XLSX), every change audited. A blank figure is missing, not zero."""

    district = models.ForeignKey("geography.District", on_delete=models.CASCADE, related_name="positions")
    position_code = models.CharField(_("รหัสประเภทตำแหน่ง"), max_length=20)
    framework = models.PositiveSmallIntegerField(
        _("ตำแหน่งตามกรอบ"), null=True, blank=True, validators=[MaxValueValidator(999)]
    )
    filled = models.PositiveSmallIntegerField(_("คนครอง"), null=True, blank=True, validators=[MaxValueValidator(999)])

    class Meta:
        verbose_name = _("กรอบและคนครองตามประเภทตำแหน่ง")
        verbose_name_plural = _("กรอบและคนครองตามประเภทตำแหน่ง")
        constraints = [
            models.UniqueConstraint(fields=["district", "position_code"], name="positions_unique_per_district_type")
        ]

    def __str__(self):
        return f"{self.district} {self.position_code}"
