import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wts.geography.models import Province
from wts.jobs.held_uploads import KeepsUploads
from wts.lib.fields import ThaiDateField
from wts.lib.thai_sort import ThaiModelChoiceField, ThaiModelMultipleChoiceField

from .models import Announcement, Audience

MAX_MESSAGE = 1000


class ReminderForm(forms.Form):
    """Choose districts of one province and write the reminder's message."""

    districts = ThaiModelMultipleChoiceField(
        queryset=None, label=_("อำเภอที่จะแจ้งเตือน"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("กรุณาเลือกอำเภอที่ต้องการแจ้งเตือนอย่างน้อย 1 อำเภอ"),
                        "invalid_choice": _("อำเภอที่เลือกส่งข้อมูลแล้ว หรือไม่อยู่ในจังหวัดนี้"),
                        "invalid_pk_value": _("อำเภอที่เลือกไม่ถูกต้อง")},
        to_field_name="code",
    )
    message = forms.CharField(
        label=_("ข้อความแจ้งเตือน"), max_length=MAX_MESSAGE, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("กรุณาระบุข้อความแจ้งเตือน"),
                        "max_length": _("ข้อความยาวเกิน %(limit_value)d ตัวอักษร")},
    )

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = districts

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("กรุณาระบุข้อความแจ้งเตือน"))
        return message


class ProvinceReminderForm(forms.Form):
    """The department chooses late provinces and writes to their directors and administrators."""

    provinces = ThaiModelMultipleChoiceField(
        queryset=None, label=_("จังหวัดที่จะแจ้งเตือน"), widget=forms.CheckboxSelectMultiple, to_field_name="code",
        error_messages={"required": _("กรุณาเลือกจังหวัดที่ต้องการแจ้งเตือนอย่างน้อย 1 จังหวัด"),
                        "invalid_choice": _("จังหวัดที่เลือกบันทึกข้อมูลครบแล้ว หรือไม่มีอยู่ในระบบ")},
    )
    message = ReminderForm.base_fields["message"]

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provinces"].queryset = provinces

    clean_message = ReminderForm.clean_message


class AnnouncementForm(KeepsUploads, forms.ModelForm):
    expires_on = ThaiDateField(label=_("แสดงถึงวันที่"), error_messages={"required": _("กรุณาระบุวันสิ้นสุดการแสดง")})

    class Meta:
        model = Announcement
        fields = ["title", "body", "audience", "province", "attachment"]
        field_classes = {"province": ThaiModelChoiceField}
        error_messages = {
            "title": {"required": _("กรุณาระบุหัวข้อ")},
            "body": {"required": _("กรุณาระบุข้อความ")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.order_by("name_th")
        self.fields["province"].required = False
        self.fields["province"].help_text = _("เลือกเมื่อผู้รับเป็นจังหวัดเดียว")
        self.fields["body"].widget.attrs["rows"] = 6

    MAX_ATTACHMENT = 10 * 1024 * 1024

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and hasattr(upload, "read"):
            if upload.size > self.MAX_ATTACHMENT:
                raise forms.ValidationError(_("ไฟล์แนบต้องมีขนาดไม่เกิน 10 MB"))
            head = upload.read(5)
            upload.seek(0)
            if head != b"%PDF-":
                raise forms.ValidationError(_("ไฟล์แนบต้องเป็นไฟล์ PDF"))
        return upload

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("วันสิ้นสุดการแสดงต้องไม่อยู่ในอดีต"))
        return day

    def clean(self):
        data = super().clean()
        if data.get("audience") == Audience.PROVINCE and not data.get("province"):
            self.add_error("province", _("กรุณาเลือกจังหวัดที่จะแสดงประกาศ"))
        if data.get("audience") == Audience.ALL:
            data["province"] = None
        return data

    def _post_clean(self):
        # The model's checks run in the action (full_clean), with the expiry computed there.
        pass

    def expires_at(self):
        day = self.cleaned_data["expires_on"]
        return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))
