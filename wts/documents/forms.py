from django import forms
from django.utils.translation import gettext_lazy as _

from wts.lib.fields import ThaiDateField


class LetterForm(forms.Form):
    doc_no = forms.CharField(label=_("ที่ (เลขที่หนังสือ)"), max_length=60, required=False)
    date = ThaiDateField(label=_("ลงวันที่"), required=False)
    reference = forms.CharField(label=_("อ้างถึง"), max_length=300, required=False)
    signer_name = forms.CharField(label=_("ชื่อผู้ลงนาม"), max_length=120, required=False)
    signer_position = forms.CharField(label=_("ตำแหน่งผู้ลงนาม"), max_length=200, required=False)
    contact_unit = forms.CharField(label=_("ส่วนราชการเจ้าของเรื่อง"), max_length=200, required=False)
    contact_phone = forms.CharField(label=_("โทรศัพท์"), max_length=60, required=False)
    thai_digits = forms.BooleanField(label=_("ใช้เลขไทย"), required=False, initial=True)
    format = forms.ChoiceField(label=_("รูปแบบไฟล์"), choices=[("docx", _("DOCX (แก้ไขได้)")), ("pdf", "PDF")],
                               initial="docx")

    def letter_kwargs(self) -> dict:
        data = self.cleaned_data
        return {k: data[k] for k in ("doc_no", "date", "reference", "signer_name", "signer_position",
                                     "contact_unit", "contact_phone")}
