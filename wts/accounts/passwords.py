"""Password rules for this audience, and the generator of first passwords.

First passwords are printed on a paper slip and typed by hand once, so they avoid characters
that look alike in print (0/O, 1/l/I) while keeping about 70 bits of entropy.
"""

import secrets

from django.contrib.auth import password_validation
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SLIP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"
GROUPS, GROUP_LENGTH = 3, 4

# Words people here reach for first: the system, the office, the keyboard.
OFFICE_WORDS = ("password", "passw0rd", "qwerty", "admin", "district", "province", "thongthin",
                "amphoe", "123456", "654321", "wts", "dla")


def generate_password(user=None) -> str:
    """A new random password that passes every configured validator, e.g. 'Kp7m-Tx4r-Qz9w'."""
    while True:
        groups = ["".join(secrets.choice(SLIP_ALPHABET) for _c in range(GROUP_LENGTH)) for _g in range(GROUPS)]
        candidate = "-".join(groups)
        has_digit = any(c.isdigit() for c in candidate)
        has_upper = any(c.isupper() for c in candidate)
        has_lower = any(c.islower() for c in candidate)
        if not (has_digit and has_upper and has_lower):
            continue
        try:
            validate_password(candidate, user)
        except ValidationError:
            continue
        return candidate


class NotUsernameValidator:
    """The password must not contain the user name, nor the office code in it (district-4801 → 4801)."""

    def validate(self, password, user=None):
        if user is None or not getattr(user, "username", ""):
            return
        lowered = password.lower()
        username = user.username.lower()
        parts = [username] + [p for p in username.replace("_", "-").split("-") if len(p) >= 3]
        if any(part in lowered for part in parts):
            raise ValidationError(_("รหัสผ่านต้องไม่มีชื่อผู้ใช้หรือรหัสหน่วยงานอยู่ในรหัสผ่าน"), code="password_has_username")

    def get_help_text(self):
        return _("รหัสผ่านต้องไม่มีชื่อผู้ใช้หรือรหัสหน่วยงานอยู่ในรหัสผ่าน")


class NotOfficeWordsValidator:
    def validate(self, password, user=None):
        lowered = password.lower()
        if any(word in lowered for word in OFFICE_WORDS):
            raise ValidationError(_("รหัสผ่านเดาง่ายเกินไป (มีคำที่ใช้กันทั่วไป เช่น password, admin, 123456)"),
                                  code="password_office_word")

    def get_help_text(self):
        return _("หลีกเลี่ยงคำที่เดาง่าย เช่น password, admin, 123456")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rules, with messages in Thai (Django's own Thai catalogue lacks them)."""

    def get_error_message(self):
        return _("รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย %(min_length)d ตัวอักษร")

    def get_help_text(self):
        return _("รหัสผ่านต้องมีอย่างน้อย %(min_length)d ตัวอักษร") % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return _("รหัสผ่านคล้ายกับ%(verbose_name)sมากเกินไป")

    def get_help_text(self):
        return _("รหัสผ่านต้องไม่คล้ายกับชื่อผู้ใช้ ชื่อ นามสกุล หรืออีเมล")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return _("รหัสผ่านนี้ถูกใช้กันทั่วไป เดาได้ง่าย")

    def get_help_text(self):
        return _("ห้ามใช้รหัสผ่านที่ใช้กันทั่วไป")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return _("รหัสผ่านต้องไม่เป็นตัวเลขล้วน")

    def get_help_text(self):
        return _("รหัสผ่านต้องไม่เป็นตัวเลขล้วน")
