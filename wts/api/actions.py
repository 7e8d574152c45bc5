"""Creating and revoking personal API tokens: each one an audited action of the token's owner."""

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wts.audit.models import AuditEvent, Source

from .models import TOKEN_PREFIX, ApiToken, hash_token

MAX_ACTIVE_TOKENS = 10


class TokenRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def create_token(*, acting_user, name: str, valid_days: int | None = 365, source=Source.WEB, now=None):
    """A new token for the acting user. Returns (token row, plaintext); the plaintext is never stored."""
    now = now or timezone.now()
    name = (name or "").strip()
    if not name:
        raise TokenRefused(_("กรุณาตั้งชื่อ token เพื่อให้จำได้ว่าใช้กับงานใด"))
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
            "api_token.created", actor=acting_user, source=source, subject_user=acting_user,
            message=_("สร้าง API token %(name)s") % {"name": token.name}, data={"token_id": token.pk},
        )
    return token, plaintext


def revoke_token(token: ApiToken, *, acting_user, source=Source.WEB, now=None) -> ApiToken:
    """Only the owner revokes a token; revoking twice changes nothing."""
    if token.user_id != acting_user.pk:
        raise PermissionDenied
    now = now or timezone.now()
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
        if updated:
            AuditEvent.record(
                "api_token.revoked", actor=acting_user, source=source, subject_user=acting_user,
                message=_("ยกเลิก API token %(name)s") % {"name": token.name}, data={"token_id": token.pk},
            )
    token.refresh_from_db()
    return token
