from functools import lru_cache

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wts.lib.images import svg_to_png

# ระเบียบงานสารบรรณ, ภาคผนวก 3 (as found in secondary sources, to be checked): the Garuda is 3 cm
# high on an external letter and 1.5 cm on a memo. The PNG for the DOCX is drawn at the larger.
EXTERNAL_LETTER_HEIGHT_CM = 3.0


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

    def png(self) -> bytes:
        """The emblem as a PNG, for the DOCX letters: an SVG is drawn 3 cm high at 600 dpi.
        Raises wts.lib.images.ImageError if the SVG cannot be drawn."""
        if self.content_type == self.PNG:
            return bytes(self.image)
        return _svg_png(bytes(self.image))

    def data_uri(self) -> str:
        import base64

        return f"data:{self.content_type};base64,{base64.b64encode(bytes(self.image)).decode()}"


@lru_cache(maxsize=4)
def _svg_png(svg: bytes) -> bytes:
    # Every letter would draw it again; an emblem changes once in years (each upload is a new row).
    return svg_to_png(svg, height_cm=EXTERNAL_LETTER_HEIGHT_CM)
