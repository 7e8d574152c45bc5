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


DEPARTMENT = "department"


class Letterhead(models.Model):
    """An issuing office's own letterhead data (ส่วนราชการ): the department's (province None) or a
    province's, kept by its administrators and used by default in its letters."""

    province = models.OneToOneField("geography.Province", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="letterhead", verbose_name=_("จังหวัด"))
    agency = models.CharField(_("ชื่อส่วนราชการ"), max_length=200)
    building = models.CharField(_("สถานที่ตั้ง"), max_length=200, blank=True,
                                help_text=_("เช่น ศาลากลางจังหวัดนครพนม"))
    street = models.CharField(_("ถนน และแขวง/เขต หรืออำเภอ"), max_length=200, help_text=_("เช่น ถนนอภิบาลบัญชา"))
    city = models.CharField(_("จังหวัด (อักษรย่อ)"), max_length=60, help_text=_("เช่น นพ หรือ กรุงเทพฯ"))
    postcode = models.CharField(_("รหัสไปรษณีย์"), max_length=5)
    doc_prefix = models.CharField(_("รหัสหนังสือ"), max_length=40, help_text=_("เช่น นพ 0023.3/ว"))
    owner_unit = models.CharField(_("ส่วนราชการเจ้าของเรื่อง"), max_length=200)
    phone = models.CharField(_("โทรศัพท์"), max_length=100, blank=True,
                             help_text=_("เว้นว่างไว้เพื่อใช้หมายเลขของช่องทางติดต่อเจ้าหน้าที่จังหวัด"))
    email = models.EmailField(_("ไปรษณีย์อิเล็กทรอนิกส์"), blank=True)
    coordinator = models.CharField(_("ผู้ประสานงาน"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("แก้ไขล่าสุด"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("ข้อมูลส่วนราชการสำหรับหนังสือ")
        verbose_name_plural = _("ข้อมูลส่วนราชการสำหรับหนังสือ")
        constraints = [models.UniqueConstraint(fields=["province"], name="one_letterhead_per_office",
                                               nulls_distinct=False)]

    def address_lines(self) -> list[str]:
        tail = " ".join(part for part in (self.street, self.city, self.postcode) if part)
        return [line for line in (self.building, tail) if line]

    @property
    def office(self) -> str:
        return self.province.code if self.province_id else DEPARTMENT


class LetterCounter(models.Model):
    """The running number of an issuing office's letters sent, per calendar year (Buddhist Era):
    the row is locked while a number is taken, so two letters at once never share one."""

    office = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "year"], name="one_counter_per_office_year")]


class SentLetter(models.Model):
    """ทะเบียนหนังสือส่ง: one numbered letter as issued. Never renumbered nor changed: a correction
    is a new entry that names the one it corrects."""

    office = models.CharField(_("ส่วนราชการที่ออกหนังสือ"), max_length=10)
    province = models.ForeignKey("geography.Province", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    round = models.ForeignKey("rounds.Round", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("ปี พ.ศ."))
    number = models.PositiveIntegerField(_("เลขที่"))
    doc_no = models.CharField(_("ที่"), max_length=80)
    date = models.DateField(_("ลงวันที่"))
    subject = models.CharField(_("เรื่อง"), max_length=300)
    recipients = models.CharField(_("ถึง"), max_length=300)
    agency = models.CharField(_("ส่วนราชการ"), max_length=200)
    urgency = models.CharField(_("ชั้นความเร็ว"), max_length=20, blank=True)
    file = models.BinaryField(_("ไฟล์ที่ออก"))
    file_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=100)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections",
                                 verbose_name=_("แก้ไขหนังสือ"))
    issued_at = models.DateTimeField(_("ออกเมื่อ"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("หนังสือส่ง")
        verbose_name_plural = _("ทะเบียนหนังสือส่ง")
        constraints = [models.UniqueConstraint(fields=["office", "year", "number"], name="one_letter_per_number")]

    def citation(self) -> str:
        """How the next letter cites it (อ้างถึง): หนังสือ<agency> <urgency> ที่ <no> ลงวันที่ <date>."""
        from wts.lib.thai import thai_date

        urgency = f" {self.urgency}" if self.urgency else ""
        return _("หนังสือ%(agency)s%(urgency)s ที่ %(no)s ลงวันที่ %(date)s") % {
            "agency": self.agency, "urgency": urgency, "no": self.doc_no, "date": thai_date(self.date, long=True)}
