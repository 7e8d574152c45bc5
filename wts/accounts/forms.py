from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wts.geography.models import ProvinceHelpDesk
from wts.lib.ids import is_ascii_digits
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


def clean_person_phone(value: str) -> str:
    """A person's phone: optional, else 9 to 15 digits whatever the separators."""
    phone = value.strip()
    digits = [c for c in phone if c.isdigit()]
    if phone and not 9 <= len(digits) <= 15:
        raise ValidationError(_("หมายเลขโทรศัพท์ไม่ถูกต้อง (ตัวอย่าง 042-511-000 หรือ 081-234-5678)"))
    return phone


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "position", "phone", "email"]
        labels = {"first_name": gettext_lazy("ชื่อ"), "last_name": gettext_lazy("นามสกุล"),
                  "email": gettext_lazy("อีเมล")}
        help_texts = {"email": gettext_lazy("ใช้รับการแจ้งเตือนกำหนดส่งและผลการตรวจสอบ")}

    def clean_phone(self):
        return clean_person_phone(self.cleaned_data["phone"])


class HelpDeskForm(forms.ModelForm):
    """A province's help-desk contact, as its users will read it."""

    class Meta:
        model = ProvinceHelpDesk
        fields = ["name", "phone", "line_id", "hours"]
        help_texts = {
            "name": gettext_lazy("เช่น กลุ่มงานส่งเสริมและประสานงานท้องถิ่นอำเภอ สถ.จ."),
            "phone": gettext_lazy("หมายเลขที่ท้องถิ่นอำเภอโทรได้ในเวลาทำการ อาจมีหลายหมายเลขหรือเลขต่อ"),
            "hours": gettext_lazy("เช่น จันทร์–ศุกร์ 08:30–16:30 น."),
        }

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if sum(1 for c in phone if c.isdigit()) < 9:
            raise ValidationError(_("หมายเลขโทรศัพท์ไม่ถูกต้อง (ตัวอย่าง 042-511-000 ต่อ 12)"))
        return phone

    def clean_line_id(self):
        return self.cleaned_data["line_id"].strip()

    def clean_hours(self):
        return self.cleaned_data["hours"].strip()


class AddOfficerForm(forms.Form):
    """Another officer for one district of the province (offices have several staff)."""

    district = forms.ModelChoiceField(label=gettext_lazy("อำเภอ"), queryset=None,
                                      empty_label=gettext_lazy("— เลือกอำเภอ —"),
                                      error_messages={"required": gettext_lazy("โปรดเลือกอำเภอ"),
                                                      "invalid_choice": gettext_lazy("โปรดเลือกอำเภอในจังหวัดนี้")})
    first_name = forms.CharField(label=gettext_lazy("ชื่อ"), max_length=150,
                                 error_messages={"required": gettext_lazy("โปรดกรอกชื่อ")})
    last_name = forms.CharField(label=gettext_lazy("นามสกุล"), max_length=150,
                                error_messages={"required": gettext_lazy("โปรดกรอกนามสกุล")})
    position = forms.CharField(label=gettext_lazy("ตำแหน่ง"), max_length=200, required=False)
    phone = forms.CharField(label=gettext_lazy("โทรศัพท์"), max_length=50, required=False)
    email = forms.EmailField(label=gettext_lazy("อีเมล"), required=False,
                             error_messages={"invalid": gettext_lazy("อีเมลไม่ถูกต้อง")})

    def __init__(self, *args, province, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = province.districts.order_by("code")
        self.fields["district"].label_from_instance = lambda d: f"{d.code} {d.name_th}"

    def clean_phone(self):
        return clean_person_phone(self.cleaned_data["phone"])

    def details(self) -> AccountDetails:
        return AccountDetails(**{name: self.cleaned_data[name].strip() for name in
                                 ("first_name", "last_name", "position", "phone", "email")})


class DeactivateForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("เหตุผล"), max_length=300, required=False)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("รหัส 6 หลักจากแอปยืนยันตัวตน"), max_length=6, min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not is_ascii_digits(token, max_digits=8):
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


def lockout_minutes() -> int:
    return round(settings.AXES_COOLOFF_TIME * 60)


def failures_of(username: str) -> int:
    """Failed logins counted against this user name now (django-axes, within the cool-off time)."""
    from axes.models import AccessAttempt

    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    return max(AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
               .values_list("failures_since_start", flat=True), default=0)


class LoginForm(auth_forms.AuthenticationForm):
    """Django's login, telling a suspended user (and only one who typed the right password) that the
    account is suspended and whom to call, and warning how many attempts are left before a lockout."""

    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "suspended": gettext_lazy("บัญชีนี้ถูกระงับการใช้งาน จึงเข้าสู่ระบบไม่ได้ โปรดติดต่อเจ้าหน้าที่จังหวัดตามช่องทางด้านล่าง"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.suspended_contact = None
        self.attempts_left = None
        self.lockout_minutes = lockout_minutes()

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            if error.code != "invalid_login":
                raise
            username = self.cleaned_data.get("username") or ""
            password = self.cleaned_data.get("password") or ""
            user = User.objects.filter(username=username).first()
            # Inactive accounts fail authentication like a wrong password; only the right password
            # earns the truth, so a guesser learns nothing about the account.
            if user is not None and not user.is_active and password and user.check_password(password):
                from wts.geography.helpdesk import contact_for_province

                self.suspended_contact = contact_for_province(user.province_id)
                raise ValidationError(self.error_messages["suspended"], code="suspended") from None
            self.attempts_left = max(settings.AXES_FAILURE_LIMIT - failures_of(username), 0)
            raise


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
