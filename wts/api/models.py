import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TOKEN_PREFIX = "wts_"


def hash_token(plaintext: str) -> str:
    # Tokens are 256 random bits, so a plain SHA-256 is enough (no salt or slow hash needed).
    return hashlib.sha256(plaintext.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token. Only its hash is stored; the token itself is shown once, at creation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("ชื่อ token"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    # The first characters, so the owner can tell tokens apart; not enough to guess the rest.
    key_prefix = models.CharField(_("ขึ้นต้นด้วย"), max_length=12)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    expires_at = models.DateTimeField(_("หมดอายุ"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("ใช้ล่าสุด"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ยกเลิกเมื่อ"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("รหัสเชื่อมต่อระบบ (API)")
        verbose_name_plural = _("รหัสเชื่อมต่อระบบ (API)")

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
