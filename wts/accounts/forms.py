from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wts.lib.uploads import ReadBudget, bounded_rows, load_xlsx

from .actions import AccountDetails
from .models import User

MAX_LIST_ROWS = 200
# The list has 7 columns; people add a few of their own (notes, numbering), which are ignored.
MAX_LIST_COLUMNS = 50
LIST_COLUMNS = {
    "code": gettext_lazy("รหัสอำเภอ"),
    "district": gettext_lazy("อำเภอ"),
    "first_name": gettext_lazy("ชื่อ"),
    "last_name": gettext_lazy("นามสกุล"),
    "position": gettext_lazy("ตำแหน่ง"),
    "phone": gettext_lazy("โทรศัพท์"),
    "email": gettext_lazy("อีเมล"),
}


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "position", "phone", "email"]
        labels = {"first_name": gettext_lazy("ชื่อ"), "last_name": gettext_lazy("นามสกุล"),
                  "email": gettext_lazy("อีเมล")}
        help_texts = {"email": gettext_lazy("ใช้รับการแจ้งเตือนกำหนดส่งและผลการตรวจสอบ")}

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = [c for c in phone if c.isdigit()]
        if phone and not 9 <= len(digits) <= 15:
            raise ValidationError(_("หมายเลขโทรศัพท์ไม่ถูกต้อง (ตัวอย่าง 042-511-000 หรือ 081-234-5678)"))
        return phone


class DeactivateForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("เหตุผล"), max_length=300, required=False)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("รหัส 6 หลักจากแอปยืนยันตัวตน"), max_length=6, min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise ValidationError(_("รหัสต้องเป็นตัวเลข 6 หลัก"))
        return token


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class AccountListForm(forms.Form):
    """An XLSX list of the province's district officers: one row per district."""

    file = forms.FileField(label=gettext_lazy("ไฟล์รายชื่อ (.xlsx)"))

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province
        self.row_errors: list[str] = []

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        budget = ReadBudget()
        workbook = load_xlsx(uploaded)
        try:
            rows = list(bounded_rows(workbook.worksheets[0], budget, max_row=MAX_LIST_ROWS + 2, max_col=MAX_LIST_COLUMNS))
        finally:
            workbook.close()
        self.cleaned_data["details"] = self._parse(rows)
        return uploaded

    def _parse(self, rows) -> dict[str, AccountDetails]:
        if not rows:
            raise ValidationError(_("ไม่พบข้อมูลในไฟล์"))
        header = [_text(h) for h in rows[0]]
        wanted = {key: str(label) for key, label in LIST_COLUMNS.items()}
        positions = {key: header.index(label) for key, label in wanted.items() if label in header}
        if "code" not in positions:
            raise ValidationError(_("แถวแรกต้องเป็นหัวตาราง และต้องมีคอลัมน์ \"รหัสอำเภอ\" (ใช้แบบฟอร์มที่ดาวน์โหลดจากระบบ)"))
        body = [row for row in rows[1:] if any(_text(v) for v in row)]
        if len(body) > MAX_LIST_ROWS:
            raise ValidationError(_("ไฟล์มีเกิน %(n)s แถว") % {"n": MAX_LIST_ROWS})
        if not body:
            raise ValidationError(_("ไม่พบข้อมูลในไฟล์"))
        codes = set(self.province.districts.values_list("code", flat=True))
        details, errors = {}, []

        def cell(row, key):
            index = positions.get(key)
            return _text(row[index]) if index is not None and index < len(row) else ""

        for number, row in enumerate(body, start=2):
            code = cell(row, "code")
            values = {key: cell(row, key) for key in ("first_name", "last_name", "position", "phone", "email")}
            if code not in codes:
                errors.append(_("แถว %(row)s: รหัสอำเภอ \"%(code)s\" ไม่ใช่อำเภอในจังหวัด%(province)s")
                              % {"row": number, "code": code, "province": self.province.name_th})
                continue
            if code in details:
                errors.append(_("แถว %(row)s: รหัสอำเภอ %(code)s ซ้ำกับแถวก่อนหน้า") % {"row": number, "code": code})
                continue
            if values["email"]:
                try:
                    validate_email(values["email"])
                except ValidationError:
                    errors.append(_("แถว %(row)s: อีเมล \"%(email)s\" ไม่ถูกต้อง") % {"row": number, "email": values["email"]})
                    continue
            limits = {"first_name": 150, "last_name": 150, "position": 200, "phone": 50, "email": 254}
            too_long = [LIST_COLUMNS[k] for k, n in limits.items() if len(values[k]) > n]
            if too_long:
                errors.append(_("แถว %(row)s: %(cols)s ยาวเกินไป") % {"row": number, "cols": ", ".join(map(str, too_long))})
                continue
            details[code] = AccountDetails(**values)
        if errors:
            self.row_errors = errors
            raise ValidationError(_("ไฟล์มีข้อผิดพลาด %(n)s แถว ยังไม่ได้สร้างบัญชีใด แก้ไขแล้วอัปโหลดใหม่") % {"n": len(errors)})
        return details


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form, with the texts its Thai catalogue leaves in English."""

    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_mismatch": gettext_lazy("รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = gettext_lazy("รหัสผ่านปัจจุบัน")
        self.fields["new_password2"].label = gettext_lazy("ยืนยันรหัสผ่านใหม่")
        self.fields["new_password2"].help_text = gettext_lazy("พิมพ์รหัสผ่านใหม่อีกครั้งเพื่อยืนยัน")
