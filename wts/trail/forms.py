import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from wts.audit.labels import ACTION_LABELS
from wts.audit.models import Source
from wts.geography.models import Province
from wts.lib.fields import ThaiDateField
from wts.lib.ids import DISTRICT_CODE_DIGITS, is_ascii_digits
from wts.lib.thai_sort import ThaiModelChoiceField


class AuditSearchForm(forms.Form):
    """The department's search over the whole log. Every field is optional; blanks do not filter."""

    province = ThaiModelChoiceField(label=_("จังหวัด"), queryset=Province.objects.order_by("name_th"), required=False,
                                      empty_label=_("ทุกจังหวัด"))
    district = forms.CharField(label=_("รหัสอำเภอ"), max_length=4, required=False,
                               widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "4801"}))
    user = forms.CharField(label=_("ชื่อผู้ใช้"), max_length=150, required=False)
    action = forms.ChoiceField(label=_("การดำเนินการ"), required=False)
    source = forms.ChoiceField(label=_("ช่องทาง"), required=False,
                               choices=[("", _("ทุกช่องทาง")), *Source.choices])
    date_from = ThaiDateField(label=_("ตั้งแต่วันที่"), required=False)
    date_to = ThaiDateField(label=_("ถึงวันที่"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("ทุกการดำเนินการ"))] + sorted(
            ((code, label) for code, label in ACTION_LABELS.items()), key=lambda c: str(c[1])
        )

    def clean_district(self):
        code = self.cleaned_data["district"].strip()
        if code and not is_ascii_digits(code, length=DISTRICT_CODE_DIGITS):
            raise forms.ValidationError(_("รหัสอำเภอเป็นตัวเลข 4 หลัก เช่น 4801"))
        return code

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่ม"))
        return data

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("province"):
            queryset = queryset.filter(province=data["province"])
        if data.get("district"):
            queryset = queryset.filter(district__code=data["district"])
        if data.get("user"):
            queryset = queryset.filter(actor__username__icontains=data["user"].strip())
        if data.get("action"):
            queryset = queryset.filter(action=data["action"])
        if data.get("source"):
            queryset = queryset.filter(source=data["source"])
        # Dates are Bangkok calendar days (the current time zone), whole days inclusive.
        if data.get("date_from"):
            queryset = queryset.filter(created_at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            queryset = queryset.filter(created_at__lt=_start_of(data["date_to"] + dt.timedelta(days=1)))
        return queryset


def _start_of(day):
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
