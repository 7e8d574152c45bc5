from django import forms
from django.utils.translation import gettext_lazy as _

from wts.lib.ids import YEAR_DIGITS, IdModelMultipleChoiceField
from wts.lib.uploads import check_xlsx_bytes, read_upload
from wts.rounds.models import Round

MAX_EXPORT_ROUNDS = 10


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("ไฟล์แบบบันทึก (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={"required": _("กรุณาเลือกไฟล์")},
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        data = read_upload(uploaded)
        check_xlsx_bytes(data)
        self.data_bytes = data
        return uploaded


class MultiRoundExportForm(forms.Form):
    rounds = IdModelMultipleChoiceField(
        label=_("รอบการรายงาน"), queryset=Round.objects.order_by("-fiscal_year"), to_field_name="fiscal_year",
        widget=forms.CheckboxSelectMultiple, max_digits=YEAR_DIGITS,
        error_messages={
            "required": _("กรุณาเลือกอย่างน้อยหนึ่งรอบ"),
            "invalid_choice": _("ไม่พบรอบปีงบประมาณ %(value)s"),
            "invalid_pk_value": _("ปีงบประมาณ “%(pk)s” ไม่ถูกต้อง"),
        },
    )

    def clean_rounds(self):
        rounds = self.cleaned_data["rounds"]
        if len(rounds) > MAX_EXPORT_ROUNDS:
            raise forms.ValidationError(_("เลือกได้ไม่เกิน %(n)s รอบต่อครั้ง") % {"n": MAX_EXPORT_ROUNDS})
        return rounds
