import io
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from wts.lib.fields import ThaiDateField
from wts.lib.images import ImageError, svg_to_png
from wts.lib.thai import to_arabic_digits

from .models import EXTERNAL_LETTER_HEIGHT_CM, Emblem, Letterhead

MAX_EMBLEM_BYTES = 1024 * 1024
# 3 cm at 600 dpi is 709 dots; a picture of 3,000 × 3,000 decodes in 36 MB.
MAX_EMBLEM_PIXELS = 3000 * 3000
# url(…) that names anything but a part of the same SVG (url(#gradient)), an @import, or a
# processing instruction other than the XML declaration (<?xml-stylesheet …?>).
OUTSIDE_REFERENCE = re.compile(rb"url\(\s*['\"]?\s*(?!#)|@import|<\?(?!xml\s)", re.IGNORECASE)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXTERNAL, MEMO = "external", "memo"
URGENCY_CHOICES = [("", _("ไม่ระบุ")), ("ด่วน", _("ด่วน")), ("ด่วนมาก", _("ด่วนมาก")), ("ด่วนที่สุด", _("ด่วนที่สุด"))]


class LetterForm(forms.Form):
    kind = forms.ChoiceField(label=_("รูปแบบหนังสือ"), initial=EXTERNAL, required=False, choices=[
        (EXTERNAL, _("หนังสือภายนอก")), (MEMO, _("บันทึกข้อความ (หนังสือภายใน)"))])
    urgency = forms.ChoiceField(label=_("ชั้นความเร็ว"), choices=URGENCY_CHOICES, required=False)
    doc_no = forms.CharField(label=_("ที่ (เลขที่หนังสือ)"), max_length=60, required=False,
                             help_text=_("เว้นว่างไว้เพื่อใช้รหัสหนังสือของส่วนราชการ เมื่อออกเลขจากทะเบียน ระบบจะต่อเลขถัดไปให้"))
    date = ThaiDateField(label=_("ลงวันที่"), required=False)
    reference = forms.CharField(label=_("อ้างถึง"), max_length=300, required=False)
    signer_name = forms.CharField(label=_("ชื่อผู้ลงนาม"), max_length=120, required=False)
    signer_position = forms.CharField(
        label=_("ตำแหน่งผู้ลงนาม"), max_length=200, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("แยกบรรทัดได้ตามต้องการ บรรทัดที่ยาวเกินจะขึ้นบรรทัดใหม่ระหว่างคำ ไม่ตัดกลางคำ"))
    contact_unit = forms.CharField(label=_("ส่วนราชการเจ้าของเรื่อง"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("โทรศัพท์"), max_length=60, required=False)
    contact_email = forms.CharField(label=_("ไปรษณีย์อิเล็กทรอนิกส์"), max_length=120, required=False)
    coordinator = forms.CharField(label=_("ผู้ประสานงาน"), max_length=300, required=False)
    thai_digits = forms.BooleanField(label=_("ใช้เลขไทย"), required=False, initial=True)
    format = forms.ChoiceField(label=_("รูปแบบไฟล์"), choices=[("docx", _("DOCX (แก้ไขได้)")), ("pdf", "PDF")],
                               initial="docx")

    def letter_kwargs(self) -> dict:
        data = {**self.cleaned_data, "kind": self.cleaned_data["kind"] or EXTERNAL}
        return {k: data[k] for k in ("kind", "urgency", "doc_no", "date", "reference", "signer_name",
                                     "signer_position", "contact_unit", "contact_phone", "contact_email",
                                     "coordinator")}


class EmblemForm(forms.Form):
    image = forms.FileField(label=_("ไฟล์ตราครุฑ (PNG หรือ SVG ไม่เกิน 1 MB)"))

    def clean_image(self) -> tuple[bytes, str]:
        upload = self.cleaned_data["image"]
        if upload.size > MAX_EMBLEM_BYTES:
            raise forms.ValidationError(_("ไฟล์ใหญ่เกิน 1 MB"))
        data = upload.read()
        if data.startswith(PNG_SIGNATURE):
            _check_png(data)
            return data, Emblem.PNG
        if _is_plain_svg(data):
            try:
                # The DOCX letters need it drawn; drawn here, in a bounded process, it is refused now
                # rather than in a letter.
                svg_to_png(data, height_cm=EXTERNAL_LETTER_HEIGHT_CM)
            except ImageError:
                raise forms.ValidationError(_("วาดภาพจากไฟล์ SVG นี้ไม่ได้ กรุณาใช้ไฟล์ PNG แทน")) from None
            return data, Emblem.SVG
        raise forms.ValidationError(_("รับเฉพาะไฟล์ภาพ PNG หรือ SVG ที่ไม่มีสคริปต์หรือลิงก์ภายนอก"))


def _check_png(data: bytes) -> None:
    """A PNG that decodes, of at most MAX_EMBLEM_PIXELS: its size is read from the header before
    a pixel is decoded, so a small file that inflates to gigapixels is refused at once."""
    from PIL import Image, UnidentifiedImageError

    too_large = forms.ValidationError(_("ภาพมีขนาดใหญ่เกินไป (ไม่เกิน 3,000 × 3,000 จุด) กรุณาย่อภาพก่อนอัปโหลด"))
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as picture:
            if picture.width * picture.height > MAX_EMBLEM_PIXELS:
                raise too_large
            picture.load()
    except Image.DecompressionBombError:
        raise too_large from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise forms.ValidationError(_("เปิดไฟล์ภาพ PNG นี้ไม่ได้ ไฟล์อาจเสียหาย")) from None


def _is_plain_svg(data: bytes) -> bool:
    """An SVG without scripts, event handlers or outside references (in attributes, in a style
    sheet, in a processing instruction): it is drawn inside letters."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        data.decode("utf-8")  # the reference check below reads the bytes as they are written
    except UnicodeDecodeError:
        return False
    if OUTSIDE_REFERENCE.search(data):
        return False
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        return False
    if not root.tag.endswith("svg"):
        return False
    for element in root.iter():
        if element.tag.split("}")[-1].lower() in {"script", "foreignobject"}:
            return False
        for name, value in element.attrib.items():
            local = name.split("}")[-1].lower()
            if local.startswith("on"):
                return False
            if local == "href" and not value.startswith(("#", "data:image/")):
                return False
    return True


class LetterheadForm(forms.ModelForm):
    class Meta:
        model = Letterhead
        fields = ["agency", "building", "street", "city", "postcode", "doc_prefix", "owner_unit", "phone", "email",
                  "coordinator"]

    def clean_postcode(self) -> str:
        value = to_arabic_digits(self.cleaned_data["postcode"].strip())
        if not (len(value) == 5 and value.isdigit()):
            raise forms.ValidationError(_("รหัสไปรษณีย์ต้องเป็นตัวเลข 5 หลัก"))
        return value
