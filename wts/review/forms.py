from django import forms
from django.utils.translation import gettext_lazy as _

from wts.catalog.models import MissionArea, WorkItem
from wts.lib.ids import IdModelChoiceField, IdModelMultipleChoiceField


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("เหตุผลที่ส่งกลับให้แก้ไข"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("ต้องระบุเหตุผลที่ส่งกลับให้แก้ไข")},
    )
    items = IdModelMultipleChoiceField(
        label=_("รายการที่ต้องแก้ไข"), queryset=WorkItem.objects.none(), required=False,
        error_messages={"invalid_choice": _("รายการที่เลือกไม่อยู่ในแบบฟอร์มของรอบนี้")},
    )

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = WorkItem.objects.filter(area__round=round_)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("ต้องระบุเหตุผลที่ส่งกลับให้แก้ไข"))
        return reason


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("เหตุผลที่เปิดให้แก้ไข"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("ต้องระบุเหตุผลที่เปิดให้แก้ไข")},
    )
    area = IdModelChoiceField(
        label=_("เปิดให้แก้ไข"), queryset=MissionArea.objects.none(), required=False, empty_label=_("ทุกด้าน"),
    )

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = MissionArea.objects.filter(round=round_).order_by("number")


class CommentForm(forms.Form):
    item = IdModelChoiceField(queryset=WorkItem.objects.none(), widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("ความเห็น"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("กรุณาพิมพ์ความเห็น")},
    )

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = WorkItem.objects.filter(area__round=round_).select_related("area")


class BulkConfirmForm(forms.Form):
    """The districts the director ticks on the province page. A district with flagged values may be
    ticked too, once the director acknowledges having read its flags and explanations."""

    report = forms.TypedMultipleChoiceField(
        coerce=int, choices=(), error_messages={
            "required": _("กรุณาเลือกอำเภอที่จะยืนยัน"),
            "invalid_choice": _("อำเภอที่เลือกยืนยันไม่ได้ในขณะนี้ โปรดโหลดหน้านี้ใหม่"),
        },
    )
    acknowledge = forms.BooleanField(label=_("ข้าพเจ้าได้ตรวจสอบค่าที่มีข้อสังเกตแล้ว"), required=False)

    def __init__(self, *args, confirmable, flag_counts, **kwargs):
        """``confirmable``: the report ids that may be confirmed now; ``flag_counts``: {report id: flags}."""
        super().__init__(*args, **kwargs)
        self.fields["report"].choices = [(pk, pk) for pk in confirmable]
        self.flag_counts = flag_counts

    def clean(self):
        cleaned = super().clean()
        flagged = [pk for pk in cleaned.get("report", []) if self.flag_counts.get(pk)]
        if flagged and not cleaned.get("acknowledge"):
            self.add_error("acknowledge", _(
                "อำเภอที่เลือกมีค่าที่มีข้อสังเกต %(n)s อำเภอ กรุณาอ่านข้อสังเกตและคำชี้แจง แล้วทำเครื่องหมาย"
                " \u201cข้าพเจ้าได้ตรวจสอบค่าที่มีข้อสังเกตแล้ว\u201d") % {"n": len(flagged)})
        return cleaned

    def acknowledged_flags(self) -> dict[int, int]:
        return {pk: self.flag_counts[pk] for pk in self.cleaned_data["report"] if self.flag_counts.get(pk)}
