from django import forms
from django.utils.translation import gettext_lazy as _

from wts.geography.models import District, Province
from wts.lib.ids import IdModelChoiceField

from .models import Window


class ScopeChoice:
    ALL = "all"
    PROVINCE = "province"
    DISTRICT = "district"


class ExtensionForm(forms.Form):
    window = forms.ChoiceField(label=_("ขยายกำหนด"), choices=Window.choices, widget=forms.RadioSelect)
    scope = forms.ChoiceField(
        label=_("สำหรับ"), widget=forms.RadioSelect, initial=ScopeChoice.ALL,
        choices=[(ScopeChoice.ALL, _("ทุกอำเภอ")), (ScopeChoice.PROVINCE, _("จังหวัดเดียว")),
                 (ScopeChoice.DISTRICT, _("อำเภอเดียว"))],
    )
    province = IdModelChoiceField(label=_("จังหวัด"), queryset=Province.objects.order_by("name_th"), required=False,
                                      empty_label=_("— เลือกจังหวัด —"))
    district = forms.CharField(label=_("รหัสอำเภอ 4 หลัก"), max_length=4, required=False,
                               widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "4801"}))
    closes_at = forms.DateTimeField(
        label=_("ขยายถึง (วันและเวลา ตามเวลาประเทศไทย)"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("กรุณาระบุวันและเวลาที่ขยายถึง"), "invalid": _("วันและเวลาไม่ถูกต้อง")},
    )
    reason = forms.CharField(label=_("เหตุผล"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("ต้องระบุเหตุผลของการขยายเวลา")})

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("ต้องระบุเหตุผลของการขยายเวลา"))
        return reason

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        if scope == ScopeChoice.PROVINCE and not data.get("province"):
            self.add_error("province", _("กรุณาเลือกจังหวัด"))
        if scope == ScopeChoice.DISTRICT:
            code = (data.get("district") or "").strip()
            district = District.objects.select_related("province").filter(code=code).first() if code else None
            if district is None:
                self.add_error("district", _("ไม่พบอำเภอรหัสนี้ (ตัวเลข 4 หลัก เช่น 4801)"))
            data["district_obj"] = district
        return data

    def target(self):
        """(province, district) the extension applies to; both None means everyone."""
        scope = self.cleaned_data["scope"]
        if scope == ScopeChoice.PROVINCE:
            return self.cleaned_data["province"], None
        if scope == ScopeChoice.DISTRICT:
            return None, self.cleaned_data["district_obj"]
        return None, None
