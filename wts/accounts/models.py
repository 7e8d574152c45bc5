from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DISTRICT_OFFICER = "district_officer", _("ท้องถิ่นอำเภอ")
    PROVINCIAL_DIRECTOR = "provincial_director", _("ผู้อำนวยการกลุ่มงานส่งเสริมและประสานงานท้องถิ่นอำเภอ")
    PROVINCIAL_ADMIN = "provincial_admin", _("เจ้าหน้าที่สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด")
    DEPARTMENT_ADMIN = "department_admin", _("ผู้ดูแลระบบ กรมส่งเสริมการปกครองท้องถิ่น")
    DEPARTMENT_VIEWER = "department_viewer", _("ผู้บริหาร กรมส่งเสริมการปกครองท้องถิ่น")


PROVINCE_ROLES = {Role.PROVINCIAL_DIRECTOR, Role.PROVINCIAL_ADMIN}
DEPARTMENT_ROLES = {Role.DEPARTMENT_ADMIN, Role.DEPARTMENT_VIEWER}


class User(AbstractUser):
    """One role per account; the scope (district or province) follows from the role."""

    role = models.CharField(_("บทบาท"), max_length=32, choices=Role.choices)
    province = models.ForeignKey(
        "geography.Province", verbose_name=_("จังหวัด"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    district = models.ForeignKey(
        "geography.District", verbose_name=_("อำเภอ"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="users",
    )
    position = models.CharField(_("ตำแหน่ง"), max_length=200, blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=50, blank=True)
    must_change_password = models.BooleanField(_("ต้องเปลี่ยนรหัสผ่าน"), default=False)

    class Meta:
        verbose_name = _("ผู้ใช้")
        verbose_name_plural = _("ผู้ใช้")
        constraints = [
            models.CheckConstraint(
                name="district_officer_has_district",
                condition=~models.Q(role="district_officer") | models.Q(district__isnull=False),
            ),
            models.CheckConstraint(
                name="province_roles_have_province",
                condition=~models.Q(role__in=["provincial_director", "provincial_admin"])
                | models.Q(province__isnull=False),
            ),
        ]

    def clean(self):
        super().clean()
        if self.role == Role.DISTRICT_OFFICER:
            if not self.district_id:
                raise ValidationError({"district": _("ท้องถิ่นอำเภอต้องระบุอำเภอ")})
            self.province_id = self.district.province_id
        elif self.role in PROVINCE_ROLES:
            if not self.province_id:
                raise ValidationError({"province": _("บทบาทระดับจังหวัดต้องระบุจังหวัด")})
            self.district = None
        elif self.role in DEPARTMENT_ROLES:
            self.province = None
            self.district = None

    def save(self, *args, **kwargs):
        if self.role == Role.DISTRICT_OFFICER and self.district_id and not self.province_id:
            from wts.geography.models import District

            self.province_id = District.objects.values_list("province_id", flat=True).get(pk=self.district_id)
        # Department administrators manage rounds and the catalog in the admin screens.
        self.is_staff = self.is_superuser or self.role == Role.DEPARTMENT_ADMIN
        super().save(*args, **kwargs)

    @property
    def is_district_officer(self):
        return self.role == Role.DISTRICT_OFFICER

    @property
    def is_provincial_director(self):
        return self.role == Role.PROVINCIAL_DIRECTOR

    @property
    def is_provincial_admin(self):
        return self.role == Role.PROVINCIAL_ADMIN

    @property
    def is_province_user(self):
        return self.role in PROVINCE_ROLES

    @property
    def is_department_admin(self):
        return self.role == Role.DEPARTMENT_ADMIN

    @property
    def is_department_user(self):
        return self.role in DEPARTMENT_ROLES

    @property
    def display_name(self):
        """The person's name or, for an account issued without one, its role in Thai: a user name
        like district-4801 is no name (pages that list accounts show the user name beside it)."""
        return self.get_full_name() or self.get_role_display() or self.username


class CredentialSlip(models.Model):
    """First passwords waiting to be printed on their slips, for minutes and once.

    The link on the page holds a random secret; this row holds only its hash and the passwords
    encrypted with a key derived from that secret and SECRET_KEY, so neither the link, nor the
    database, nor both without SECRET_KEY reveal a password. Printing empties the row.
    """

    lookup = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    payload = models.TextField(blank=True)

    class Meta:
        verbose_name = _("ใบแจ้งรหัสผ่านที่รอพิมพ์")
        verbose_name_plural = _("ใบแจ้งรหัสผ่านที่รอพิมพ์")
