import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from wts.geography.models import District, Province
from wts.lib.fields import ThaiDateTimeField
from wts.lib.ids import is_ascii_digits
from wts.lib.thai import to_arabic_digits
from wts.lib.thai_sort import ThaiModelChoiceField, thai_sort_key

from .models import Round, Window

END_OF_DAY = dt.time(23, 59)
START_OF_DAY = dt.time(0, 0)
START_OF_WORK = dt.time(8, 30)


class ScopeChoice:
    ALL = "all"
    PROVINCE = "province"
    DISTRICT = "district"


def _district_choices():
    """Districts grouped by province (an <optgroup> each): usable without JavaScript, and the
    page's script narrows it to the chosen province."""
    groups = {}
    rows = District.objects.values_list("code", "name_th", "province__name_th")
    for code, name, province in sorted(rows, key=lambda r: (thai_sort_key(r[2]), thai_sort_key(r[1]))):
        groups.setdefault(province, []).append((code, f"{_('อำเภอ')}{name} ({code})"))
    return [("", _("— เลือกอำเภอ —")), *groups.items()]


class ExtensionForm(forms.Form):
    window = forms.ChoiceField(label=_("ขยายกำหนด"), choices=Window.choices, widget=forms.RadioSelect,
                               error_messages={"required": _("กรุณาเลือกช่วงเวลาที่จะขยาย")})
    scope = forms.ChoiceField(
        label=_("สำหรับ"), widget=forms.RadioSelect, initial=ScopeChoice.ALL,
        choices=[(ScopeChoice.ALL, _("ทุกอำเภอ")), (ScopeChoice.PROVINCE, _("จังหวัดเดียว")),
                 (ScopeChoice.DISTRICT, _("อำเภอเดียว"))],
        error_messages={"required": _("กรุณาเลือกว่าขยายให้ใคร")},
    )
    province = ThaiModelChoiceField(label=_("จังหวัด"), queryset=Province.objects.order_by("name_th"), required=False,
                                      empty_label=_("— เลือกจังหวัด —"),
                                      error_messages={"invalid_choice": _("ไม่พบจังหวัดที่เลือก")})
    district = forms.ChoiceField(label=_("อำเภอ"), required=False,
                                 error_messages={"invalid_choice": _("ไม่พบอำเภอรหัสนี้")})
    closes_at = ThaiDateTimeField(
        label=_("ขยายถึง (วันและเวลา ตามเวลาประเทศไทย)"), default_time=END_OF_DAY,
        error_messages={"required": _("กรุณาระบุวันที่ขยายถึง")},
    )
    also_confirm = forms.BooleanField(label=_("ขยายช่วงยืนยันไปพร้อมกัน"), required=False)
    confirm_closes_at = ThaiDateTimeField(
        label=_("ขยายช่วงยืนยันถึง"), default_time=END_OF_DAY, required=False,
        help_text=_("ใช้เมื่อวันที่ขยายการบันทึกเลยวันสิ้นสุดการยืนยันข้อมูล"),
    )
    reason = forms.CharField(label=_("เหตุผล"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("ต้องระบุเหตุผลของการขยายเวลา")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = _district_choices()

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
            code = data.get("district")
            district = District.objects.select_related("province").filter(code=code).first() if code else None
            if district is None and "district" not in self.errors:
                self.add_error("district", _("กรุณาเลือกอำเภอ"))
            data["district_obj"] = district
        if data.get("also_confirm") and data.get("window") == Window.ENTRY and not data.get("confirm_closes_at") \
                and "confirm_closes_at" not in self.errors:
            self.add_error("confirm_closes_at", _("กรุณาระบุวันสิ้นสุดการยืนยันข้อมูลใหม่"))
        return data

    def target(self):
        """(province, district) the extension applies to; both None means everyone."""
        scope = self.cleaned_data["scope"]
        if scope == ScopeChoice.PROVINCE:
            return self.cleaned_data["province"], None
        if scope == ScopeChoice.DISTRICT:
            return None, self.cleaned_data["district_obj"]
        return None, None

    def action_arguments(self) -> dict:
        province, district = self.target()
        data = self.cleaned_data
        moves_both = data["window"] == Window.ENTRY and data.get("also_confirm")
        return {
            "window": data["window"], "closes_at": data["closes_at"], "province": province, "district": district,
            "confirm_closes_at": data.get("confirm_closes_at") if moves_both else None,
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("เหตุผล"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, required_message, **kwargs):
        super().__init__(*args, **kwargs)
        self.required_message = required_message
        self.fields["reason"].error_messages["required"] = required_message

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(self.required_message)
        return reason


class FiscalYearField(forms.CharField):
    """A Buddhist Era year, Thai or Arabic digits; a Gregorian year is refused, not converted."""

    def to_python(self, value):
        value = to_arabic_digits(super().to_python(value) or "").strip()
        if not value:
            return None
        if not is_ascii_digits(value, length=4):
            raise forms.ValidationError(_("ปีงบประมาณต้องเป็นตัวเลข 4 หลัก (พ.ศ.) เช่น 2570"))
        year = int(value)
        if not 2500 <= year <= 2700:
            raise forms.ValidationError(_("ปีงบประมาณต้องเป็นปี พ.ศ. (เช่น 2570) ไม่ใช่ปี ค.ศ."))
        return year


class RoundForm(forms.ModelForm):
    """A round's windows and analysis settings; the model's clean() holds the window rules."""

    entry_opens_at = ThaiDateTimeField(label=_("เริ่มบันทึกข้อมูล"), default_time=START_OF_WORK)
    entry_closes_at = ThaiDateTimeField(label=_("สิ้นสุดการบันทึกข้อมูล"), default_time=END_OF_DAY)
    confirm_opens_at = ThaiDateTimeField(label=_("เริ่มยืนยันข้อมูล"), default_time=START_OF_DAY)
    confirm_closes_at = ThaiDateTimeField(label=_("สิ้นสุดการยืนยันข้อมูล"), default_time=END_OF_DAY)

    class Meta:
        model = Round
        fields = [
            "title", "entry_opens_at", "entry_closes_at", "confirm_opens_at", "confirm_closes_at",
            "productive_hours", "allowance_factor", "averaging_rounds", "change_flag_percent", "change_flag_min_units",
            "outlier_threshold", "peer_size_percent",
        ]
        widgets = {"title": forms.TextInput(attrs={"size": 40})}

    # Asked for on the preview only, when the change moves a deadline in effect earlier.
    confirm_shortening = forms.BooleanField(
        label=_("ยืนยันการเลื่อนกำหนดให้เร็วขึ้น (ผู้ที่ได้รับผลจะมีเวลาน้อยลง)"), required=False)
    reason = forms.CharField(label=_("เหตุผลของการเลื่อนกำหนดให้เร็วขึ้น"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))

    window_fields = ["entry_opens_at", "entry_closes_at", "confirm_opens_at", "confirm_closes_at"]
    setting_fields = ["productive_hours", "allowance_factor", "averaging_rounds", "change_flag_percent",
                      "change_flag_min_units", "outlier_threshold", "peer_size_percent"]

    def clean(self):
        """A date is typed to the minute: one shown unchanged keeps its stored seconds, so saving
        the form as shown never moves a deadline (23:59:59 is not shortened to 23:59)."""
        data = super().clean()
        if self.instance.pk:
            for name in self.window_fields:
                stored, typed = getattr(self.instance, name, None), data.get(name)
                if stored and typed and stored.replace(second=0, microsecond=0) == typed:
                    data[name] = stored
        return data

    def window_bound_fields(self):
        return [self[name] for name in self.window_fields]

    def setting_bound_fields(self):
        return [self[name] for name in self.setting_fields]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.cleaned_data
                if name in self.fields and name not in ("confirm_shortening", "reason")}


class NewRoundForm(RoundForm):
    fiscal_year = FiscalYearField(label=_("ปีงบประมาณ (พ.ศ.)"),
                                  widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4, "maxlength": 4}),
                                  error_messages={"required": _("กรุณาระบุปีงบประมาณ")})
    confirm_shortening = None  # a new round moves nobody's deadline
    reason = None

    class Meta(RoundForm.Meta):
        fields = ["fiscal_year", *RoundForm.Meta.fields]

    def clean_fiscal_year(self):
        year = self.cleaned_data["fiscal_year"]
        if Round.objects.filter(fiscal_year=year).exists():
            raise forms.ValidationError(_("มีรอบปีงบประมาณ %(year)s อยู่แล้ว") % {"year": year})
        return year

    def validate_unique(self):
        """clean_fiscal_year says it in Thai; the model's own unique check would repeat it."""


def next_round_initial() -> dict:
    """A new round proposed from the latest one: the next fiscal year, its windows a year later,
    the same analysis settings."""
    latest = Round.objects.order_by("-fiscal_year").first()
    if latest is None:
        return {}

    def next_year(value):
        try:
            return value.replace(year=value.year + 1)
        except ValueError:  # 29 February
            return value.replace(year=value.year + 1, day=28)

    year = latest.fiscal_year + 1
    initial = {"fiscal_year": year, "title": f"{_('ปีงบประมาณ')} {year}"}
    initial |= {name: next_year(getattr(latest, name)) for name in RoundForm.window_fields}
    initial |= {name: getattr(latest, name) for name in RoundForm.setting_fields}
    return initial
