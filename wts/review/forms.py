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
