"""The optional second factor (TOTP codes from an authenticator app) for administrators."""

import base64

import segno
from django_otp.plugins.otp_totp.models import TOTPDevice


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice | None:
    """The unconfirmed device being set up (created by actions.do_start_second_factor), if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def qr_svg(device) -> str:
    """The provisioning QR code as inline SVG markup (no data URI, no script)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, omitsize=False)


def manual_secret(device) -> str:
    """The secret as authenticator apps expect it when typed by hand: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
