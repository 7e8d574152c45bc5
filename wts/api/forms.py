from django import forms
from django.utils.translation import gettext_lazy as _

VALIDITY_CHOICES = [(30, _("30 วัน")), (90, _("90 วัน")), (365, _("1 ปี"))]


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("ชื่อรหัสเชื่อมต่อ"), max_length=100, help_text=_("เช่น ชื่อโปรแกรมหรือระบบที่จะใช้รหัสเชื่อมต่อนี้"),
        error_messages={"required": _("กรุณาตั้งชื่อรหัสเชื่อมต่อเพื่อให้จำได้ว่าใช้กับงานใด")},
    )
    valid_days = forms.TypedChoiceField(
        label=_("อายุการใช้งาน"), choices=VALIDITY_CHOICES, coerce=int, initial=365,
        error_messages={"invalid_choice": _("กรุณาเลือกอายุการใช้งานจากรายการ")},
    )
