"""Every change to an account: provisioning, resets, (de)activation, unlocking, profile, 2FA.

Each function is one transaction with its audit row(s). Passwords are returned to the caller
once, to be shown or printed right away; they are never stored anywhere but as a hash.
"""

from dataclasses import dataclass, field

from axes.utils import reset as axes_reset
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from wts.audit.models import AuditEvent, Source
from wts.audit.vocabulary import AuditAction
from wts.geography.models import District, Province
from wts.lib.permissions import can, require
from wts.notifications.service import notify
from wts.notifications.vocabulary import NotificationKind

from .models import Role, User
from .passwords import generate_password
from .sessions import end_web_sessions
from .signals import sessions_ended

PROFILE_FIELDS = ("first_name", "last_name", "position", "phone", "email")


@dataclass(frozen=True)
class AccountDetails:
    first_name: str = ""
    last_name: str = ""
    position: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class IssuedCredential:
    """What goes on one credential slip. Lives in memory, then encrypted for minutes (slips.py)."""

    username: str
    password: str
    office: str
    display_name: str = ""


@dataclass
class ProvisionResult:
    issued: list[IssuedCredential] = field(default_factory=list)
    skipped: list[tuple[District, str]] = field(default_factory=list)


def district_username(district: District) -> str:
    return f"district-{district.code}"


def office_name(user: User) -> str:
    if user.district_id:
        return _("ท้องถิ่นอำเภอ%(name)s จังหวัด%(province)s") % {
            "name": user.district.name_th, "province": user.district.province.name_th,
        }
    if user.province_id:
        return _("จังหวัด%(province)s") % {"province": user.province.name_th}
    return _("กรมส่งเสริมการปกครองท้องถิ่น")


def do_provision_district_accounts(
    province: Province, *, acting_user, details: dict[str, AccountDetails] | None = None, source=Source.WEB
) -> ProvisionResult:
    """Create the district officer account of every district of the province that has none.

    With details (district code → name, position, phone, email, from an uploaded list) only the
    listed districts are provisioned, with those details. A district that already has an
    account keeps it: resetting its password is a separate, deliberate action.
    """
    if not can(acting_user, "wts.manage_accounts_of_province", province):
        raise PermissionDenied
    result = ProvisionResult()
    with transaction.atomic():
        districts = District.objects.filter(province=province).select_related("province").order_by("code")
        if details is not None:
            districts = districts.filter(code__in=list(details))
        districts = list(districts.select_for_update())
        with_account = set(
            User.objects.filter(role=Role.DISTRICT_OFFICER, district__in=districts).values_list("district_id", flat=True)
        )
        taken = set(User.objects.filter(username__in=[district_username(d) for d in districts])
                    .values_list("username", flat=True))
        created = []
        for district in districts:
            if district.pk in with_account:
                result.skipped.append((district, _("มีบัญชีอยู่แล้ว")))
                continue
            username = district_username(district)
            if username in taken:
                result.skipped.append((district, _("ชื่อผู้ใช้ %(u)s ถูกใช้แล้ว") % {"u": username}))
                continue
            info = (details or {}).get(district.code, AccountDetails())
            user = User(
                username=username, role=Role.DISTRICT_OFFICER, district=district, province=province,
                must_change_password=True,
                **{name: getattr(info, name) for name in PROFILE_FIELDS},
            )
            if not user.position:
                user.position = _("ท้องถิ่นอำเภอ%(name)s") % {"name": district.name_th}
            password = generate_password(user)
            user.set_password(password)
            user.save()
            created.append(user)
            result.issued.append(IssuedCredential(username, password, office_name(user), user.display_name))
        AuditEvent.record_many([
            AuditEvent.build(
                AuditAction.ACCOUNT_CREATED, actor=acting_user, source=source, subject_user=user,
                district=user.district, province=province,
                message=_("สร้างบัญชี %(u)s") % {"u": user.username},
                data={"username": user.username, "role": user.role, "batch_size": len(created),
                      "from_list": details is not None},
            )
            for user in created
        ])
    return result


def next_officer_username(district: District) -> str:
    """district-4801 for a district's first officer, then district-4801-2, -3...: each officer of an
    office has its own login (and so its own audit trail)."""
    base = district_username(district)
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def do_add_district_officer(district: District, details: AccountDetails, *, acting_user,
                            source=Source.WEB) -> IssuedCredential:
    """Another officer for a district that may already have some: own user name, own first password."""
    require(acting_user, "wts.manage_accounts_of_province", district.province)
    with transaction.atomic():
        District.objects.select_for_update().filter(pk=district.pk).first()  # one new name at a time per office
        user = User(
            username=next_officer_username(district), role=Role.DISTRICT_OFFICER, district=district,
            province=district.province, must_change_password=True,
            **{name: getattr(details, name) for name in PROFILE_FIELDS},
        )
        if not user.position:
            user.position = _("เจ้าหน้าที่ท้องถิ่นอำเภอ%(name)s") % {"name": district.name_th}
        password = generate_password(user)
        user.set_password(password)
        user.save()
        AuditEvent.record(
            AuditAction.ACCOUNT_CREATED, actor=acting_user, source=source, subject_user=user, district=district,
            province=district.province, message=_("สร้างบัญชี %(u)s") % {"u": user.username},
            data={"username": user.username, "role": user.role, "additional_officer": True},
        )
    return IssuedCredential(user.username, password, office_name(user), user.display_name)


def _end_credentials(user: User, *, acting_user, source, reason: str) -> None:
    """Whatever else stands for the user (API tokens) ends with the sessions, in this transaction."""
    sessions_ended.send(sender=User, user=user, acting_user=acting_user, source=source, reason=reason)


def do_change_password(user: User, new_password: str, *, acting_user, source=Source.WEB) -> None:
    """The owner replaces the password (validated by the form): a first or reset password is no longer
    pending, and every other session and every API token of the account ends."""
    if acting_user.pk != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        AuditEvent.record(AuditAction.ACCOUNT_PASSWORD_CHANGED, actor=user, source=source, subject_user=user,
                          district=user.district, province=user.province)
        _end_credentials(user, acting_user=user, source=source, reason=_("เปลี่ยนรหัสผ่าน"))


def do_reset_password(target: User, *, acting_user, source=Source.WEB) -> IssuedCredential:
    """A new first password; the old one and every open session of the account stop working."""
    require(acting_user, "wts.manage_user", target)
    with transaction.atomic():
        password = generate_password(target)
        target.set_password(password)
        target.must_change_password = True
        target.save(update_fields=["password", "must_change_password"])
        removed = axes_reset(username=target.username)
        AuditEvent.record(
            AuditAction.ACCOUNT_PASSWORD_RESET, actor=acting_user, source=source, subject_user=target,
            district=target.district, province=target.province,
            message=_("ตั้งรหัสผ่านใหม่ให้ %(u)s") % {"u": target.username}, data={"lockouts_cleared": removed},
        )
        _end_credentials(target, acting_user=acting_user, source=source, reason=_("ตั้งรหัสผ่านใหม่"))
        notify(
            [target], kind=NotificationKind.PASSWORD_RESET,
            title=_("รหัสผ่านของท่านถูกตั้งใหม่"),
            body=_("%(who)s ตั้งรหัสผ่านใหม่ให้บัญชี %(u)s หากท่านไม่ได้ขอ โปรดติดต่อสำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด")
            % {"who": acting_user.display_name, "u": target.username},
            link=reverse("login"),
        )
    return IssuedCredential(target.username, password, office_name(target), target.display_name)


def do_set_active(target: User, active: bool, *, acting_user, reason: str = "", source=Source.WEB) -> bool:
    """Deactivate or reactivate; an inactive account cannot log in and its sessions end at once."""
    require(acting_user, "wts.manage_user", target)
    if target.is_active == active:
        return False
    with transaction.atomic():
        target.is_active = active
        target.save(update_fields=["is_active"])
        AuditEvent.record(
            AuditAction.ACCOUNT_REACTIVATED if active else AuditAction.ACCOUNT_DEACTIVATED, actor=acting_user,
            source=source, subject_user=target, district=target.district, province=target.province,
            old_value=_("ระงับ") if active else _("ใช้งานได้"), new_value=_("ใช้งานได้") if active else _("ระงับ"),
            message=reason,
        )
        if not active:
            # Ended, not suspended: reactivating the account later revives no session and no token.
            end_web_sessions(target)
            _end_credentials(target, acting_user=acting_user, source=source, reason=_("ระงับบัญชี"))
    return True


def do_unlock(target: User, *, acting_user, source=Source.WEB) -> int:
    """Lift a lockout after too many failed logins (the password stays as it was)."""
    require(acting_user, "wts.manage_user", target)
    with transaction.atomic():
        removed = axes_reset(username=target.username)
        AuditEvent.record(
            AuditAction.ACCOUNT_UNLOCKED, actor=acting_user, source=source, subject_user=target,
            district=target.district, province=target.province, data={"attempts_cleared": removed},
        )
    return removed


def do_update_profile(user: User, values: dict, *, acting_user, source=Source.WEB) -> list[str]:
    """Name, position, phone and email; returns the names of the fields that changed."""
    if acting_user.pk != user.pk:
        require(acting_user, "wts.manage_user", user)
    changed = [name for name in PROFILE_FIELDS if name in values and getattr(user, name) != values[name]]
    if not changed:
        return []
    with transaction.atomic():
        old = {name: getattr(user, name) for name in changed}
        for name in changed:
            setattr(user, name, values[name])
        user.save(update_fields=changed)
        AuditEvent.record(
            AuditAction.ACCOUNT_PROFILE_UPDATED, actor=acting_user, source=source, subject_user=user,
            district=user.district, province=user.province,
            old_value=", ".join(f"{user._meta.get_field(k).verbose_name}: {v}" for k, v in old.items()),
            new_value=", ".join(f"{user._meta.get_field(k).verbose_name}: {values[k]}" for k in changed),
            data={"fields": changed},
        )
    return changed


def do_start_second_factor(user: User, *, acting_user, source=Source.WEB):
    """An unconfirmed TOTP device for the user to scan; the one already pending is kept, so a
    reload shows the same QR code. It counts for nothing until do_enable_second_factor."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if acting_user.pk != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
            AuditEvent.record(AuditAction.ACCOUNT_OTP_SETUP_STARTED, actor=user, source=source, subject_user=user,
                              province=user.province)
    return device


def do_enable_second_factor(device, *, acting_user, source=Source.WEB) -> None:
    """Confirm a TOTP device the user proved they can read; any older device is removed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = device.user
    if acting_user.pk != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        AuditEvent.record(AuditAction.ACCOUNT_OTP_ENABLED, actor=acting_user, source=source, subject_user=user,
                          province=user.province)


def do_remove_second_factor(target: User, *, acting_user, source=Source.WEB) -> int:
    """Turn the second factor off: by its owner (after a valid code) or an administrator (lost phone)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if acting_user.pk != target.pk:
        require(acting_user, "wts.manage_user", target)
    with transaction.atomic():
        removed, _detail = TOTPDevice.objects.filter(user=target).delete()
        AuditEvent.record(AuditAction.ACCOUNT_OTP_REMOVED, actor=acting_user, source=source, subject_user=target,
                          province=target.province, data={"devices": removed})
    return removed


def do_record_second_factor_check(user: User, *, passed: bool, source=Source.WEB) -> None:
    """A code typed at login: accepted (the user acted) or refused (recorded without an actor)."""
    AuditEvent.record(
        AuditAction.ACCOUNT_OTP_VERIFIED if passed else AuditAction.ACCOUNT_OTP_FAILED,
        actor=user if passed else None, source=source, subject_user=user, province=user.province,
    )


def do_print_slips(token: str, *, acting_user, source=Source.WEB) -> list[IssuedCredential]:
    """Hand over the passwords waiting behind a slip link, once: they are erased from the server in
    the same transaction as the audit row. A refused link (another administrator's, expired, already
    printed) raises SlipTokenInvalid with a Thai message; an expired slip is erased all the same."""
    from .slips import SlipTokenInvalid, credentials_from_token

    require(acting_user, "wts.manage_accounts")
    refusal = None
    with transaction.atomic():
        try:
            credentials = credentials_from_token(token, acting_user=acting_user)
        except SlipTokenInvalid as exc:
            refusal = exc
        else:
            AuditEvent.record(AuditAction.ACCOUNT_SLIPS_PRINTED, actor=acting_user, source=source,
                              province=acting_user.province,
                              data={"usernames": [c.username for c in credentials]})
    if refusal is not None:
        raise refusal
    return credentials
