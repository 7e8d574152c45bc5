from django import forms
from django.utils.translation import gettext_lazy as _

from wts.lib.fields import ThaiTimeInput
from wts.lib.ids import is_ascii_digits
from wts.lib.thai import parse_thai_time, to_arabic_digits

from .models import JobSchedule


class ThaiTimeField(forms.Field):
    widget = ThaiTimeInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        return parse_thai_time(value)


class JobScheduleForm(forms.ModelForm):
    reminder_time = ThaiTimeField(label=_("เวลาที่ส่งการแจ้งเตือน (ชช:นน)"))

    class Meta:
        model = JobSchedule
        fields = ["reminders_enabled", "reminder_days_before", "reminder_time", "digest_enabled", "digest_weekday"]

    def clean_reminder_days_before(self):
        raw = to_arabic_digits(self.cleaned_data["reminder_days_before"] or "")
        parts = [p.strip() for p in raw.replace(" ", ",").split(",") if p.strip()]
        if not parts or not all(is_ascii_digits(p, max_digits=3) for p in parts):
            raise forms.ValidationError(_("กรุณาระบุจำนวนวันเป็นตัวเลข คั่นด้วยจุลภาค เช่น 7,3,1"))
        days = sorted({int(p) for p in parts}, reverse=True)
        if days[0] > 90:
            raise forms.ValidationError(_("แจ้งเตือนล่วงหน้าได้ไม่เกิน 90 วัน"))
        return ",".join(str(d) for d in days)
