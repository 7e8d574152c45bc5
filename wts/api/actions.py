"""Creating and revoking personal API tokens: each one an audited action."""

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wts.audit.models import AuditEvent, Source
from wts.audit.vocabulary import AuditAction
from wts.lib.errors import Refused
from wts.lib.permissions import require

from .models import TOKEN_PREFIX, ApiToken, hash_token

MAX_ACTIVE_TOKENS = 10


class TokenRefused(Refused):
    pass


def create_token(*, acting_user, name: str, valid_days: int | None = 365, source=Source.WEB, now=None):
    """A new token for the acting user. Returns (token row, plaintext); the plaintext is never stored."""
    now = now or timezone.now()
    name = (name or "").strip()
    if not name:
        raise TokenRefused(_("กรุณาตั้งชื่อ token เพื่อให้จำได้ว่าใช้กับงานใด"))
    if acting_user.must_change_password:
        raise TokenRefused(_("กรุณาเปลี่ยนรหัสผ่านก่อนสร้าง token"))
    with transaction.atomic():
        active = ApiToken.objects.select_for_update().filter(user=acting_user, revoked_at__isnull=True)
        if sum(1 for t in active if t.is_active(now)) >= MAX_ACTIVE_TOKENS:
            raise TokenRefused(
                _("มี token ที่ใช้งานอยู่ครบ %(n)s รายการแล้ว กรุณายกเลิก token ที่ไม่ใช้ก่อน") % {"n": MAX_ACTIVE_TOKENS}
            )
        plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            user=acting_user, name=name[:100], key_hash=hash_token(plaintext), key_prefix=plaintext[:10],
            expires_at=now + dt.timedelta(days=valid_days) if valid_days else None,
        )
        AuditEvent.record(
            AuditAction.API_TOKEN_CREATED, actor=acting_user, source=source, subject_user=acting_user,
            province=acting_user.province,
            message=_("สร้างรหัสเชื่อมต่อระบบ %(name)s") % {"name": token.name}, data={"token_id": token.pk},
        )
    return token, plaintext


def revoke_token(token: ApiToken, *, acting_user, source=Source.WEB, now=None) -> ApiToken:
    """The owner, or an administrator of the owner's account, revokes a token; twice changes nothing."""
    owner = token.user
    require(acting_user, "wts.revoke_tokens_of", owner)
    now = now or timezone.now()
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
        if updated:
            AuditEvent.record(
                AuditAction.API_TOKEN_REVOKED, actor=acting_user, source=source, subject_user=owner,
                province=owner.province,
                message=_("ยกเลิกรหัสเชื่อมต่อระบบ %(name)s") % {"name": token.name}, data={"token_id": token.pk},
            )
    token.refresh_from_db()
    return token


def revoke_user_tokens(user, *, acting_user, reason: str, source=Source.WEB, now=None) -> int:
    """Every live token of the user, at once: called when the user's sessions end (password reset or
    changed, account deactivated). Revoked, not suspended: reactivating the account revives none."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(ApiToken.objects.filter(user=user, revoked_at__isnull=True).values_list("pk", flat=True))
        if not ids:
            return 0
        ApiToken.objects.filter(pk__in=ids).update(revoked_at=now)
        AuditEvent.record(
            AuditAction.API_TOKEN_REVOKED, actor=acting_user, source=source, subject_user=user,
            province=user.province,
            message=_("ยกเลิกรหัสเชื่อมต่อระบบทั้งหมดของ %(u)s (%(n)s รายการ): %(reason)s")
            % {"u": user.username, "n": len(ids), "reason": reason},
            data={"token_ids": ids, "reason": reason},
        )
    return len(ids)
