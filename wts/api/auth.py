import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from wts.lib.prepared import PreparedRead

from .errors import ApiError
from .models import TOKEN_PREFIX, ApiToken, hash_token

# Recording every use would turn each read into a write; once a minute is enough to see activity.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


# Every API call reads its token: compiled once (wts/lib/prepared.py).
_token_by_hash = PreparedRead(lambda key_hash: ApiToken.objects.select_related("user", "user__district", "user__province")
                              .filter(key_hash=key_hash), kinds=(str,))


class TokenAuth(HttpBearer):
    """Authorization: Bearer wts_... — a personal token acts with its owner's role and scope."""

    def authenticate(self, request, token):
        if not token or not token.startswith(TOKEN_PREFIX):
            return None
        row = _token_by_hash.first(hash_token(token))
        now = timezone.now()
        if row is None or not row.is_active(now) or not row.user.is_active:
            return None
        if row.user.must_change_password:
            # The password was handed out by someone else (or reset): until its owner replaces it,
            # nothing acts in the owner's name, by the web or by a program.
            raise ApiError(
                403, "password_change_required",
                _("ต้องเปลี่ยนรหัสผ่านที่หน้าเว็บก่อน จึงจะใช้ API ได้"),
                "The account must change its password on the web site before using the API",
            )
        if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        request.api_token = row
        return row.user
