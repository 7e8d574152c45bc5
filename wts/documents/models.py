from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Emblem(models.Model):
    """The Garuda emblem (ตราครุฑ) the department uploads once for its letters. Kept in the
    database, not on disk, so every application server reaches the same image; the project ships
    no copy of the official asset. Each upload is a new row; the latest is the one in use."""

    PNG = "image/png"
    SVG = "image/svg+xml"

    image = models.BinaryField(_("ภาพตราครุฑ"))
    content_type = models.CharField(_("ชนิดไฟล์"), max_length=20, choices=[(PNG, "PNG"), (SVG, "SVG")])
    uploaded_at = models.DateTimeField(_("อัปโหลดเมื่อ"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("ตราครุฑ")
        verbose_name_plural = _("ตราครุฑ")
        ordering = ["-uploaded_at", "-pk"]

    @classmethod
    def current(cls) -> "Emblem | None":
        return cls.objects.first()

    def data_uri(self) -> str:
        import base64

        return f"data:{self.content_type};base64,{base64.b64encode(bytes(self.image)).decode()}"
