"""Credential slips: one per account, printed by the provincial office and handed over on paper.

The passwords wait for the PDF on the server (CredentialSlip), encrypted with a key derived from
SECRET_KEY and from a random secret that only the administrator's page holds; the link carries
that secret and nothing else. The slip is bound to the administrator who issued it, lives for
minutes and prints once: printing empties the row. A slip is also refused once its account's
password has changed (the hash fingerprint no longer matches).
"""

import base64
import datetime as dt
import hashlib
import io
import json
import secrets

import openpyxl
import segno
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from wts.lib.cells import safe_cell
from wts.lib.errors import Refused
from wts.lib.pdf_fonts import fixed_font_dir, html_to_pdf
from wts.lib.permissions import can
from wts.lib.site import site_url

from .actions import IssuedCredential
from .forms import LIST_COLUMNS
from .models import CredentialSlip, Role, User

SLIP_SALT = "wts.accounts.slips"
SLIP_TOKEN_MAX_AGE = 30 * 60
# Rows already printed or expired carry no secret; they are kept a day to say "already printed".
SLIP_TOMBSTONE_DAYS = 1


class SlipTokenInvalid(Refused):
    pass


def _fingerprint(user: User) -> str:
    return salted_hmac(SLIP_SALT, user.password).hexdigest()[:20]


def _lookup(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _cipher(token: str) -> Fernet:
    key = salted_hmac(SLIP_SALT + ".key", token, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


def make_slip_token(credentials: list[IssuedCredential], *, acting_user) -> str:
    """Keep the passwords encrypted for SLIP_TOKEN_MAX_AGE; return the secret the print link carries."""
    users = {u.username: u for u in User.objects.filter(username__in=[c.username for c in credentials])}
    rows = [[c.username, c.password, c.office, c.display_name, _fingerprint(users[c.username])] for c in credentials]
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    CredentialSlip.objects.filter(created_at__lt=now - dt.timedelta(days=SLIP_TOMBSTONE_DAYS)).delete()
    CredentialSlip.objects.create(
        lookup=_lookup(token), created_by=acting_user, expires_at=now + dt.timedelta(seconds=SLIP_TOKEN_MAX_AGE),
        payload=_cipher(token).encrypt(json.dumps(rows).encode()).decode(),
    )
    return token


def _erase(slip) -> None:
    CredentialSlip.objects.filter(pk=slip.pk).update(payload="", used_at=slip.used_at)


def credentials_from_token(token: str, *, acting_user) -> list[IssuedCredential]:
    """Read the slip once: the passwords are erased from the server as they are handed over."""
    now = timezone.now()
    again = _("ตั้งรหัสผ่านใหม่ที่หน้าบัญชีผู้ใช้ แล้วพิมพ์ใบแจ้งใหม่")
    with transaction.atomic():
        slip = CredentialSlip.objects.select_for_update().filter(lookup=_lookup(token or "")).first()
        if slip is None:
            raise SlipTokenInvalid(_("ข้อมูลใบแจ้งรหัสผ่านไม่ถูกต้อง"))
        if slip.created_by_id != acting_user.pk:
            raise SlipTokenInvalid(_("ใบแจ้งรหัสผ่านนี้ออกโดยผู้ใช้อื่น"))
        if slip.used_at is not None:
            raise SlipTokenInvalid(
                _("ใบแจ้งรหัสผ่านชุดนี้พิมพ์ไปแล้ว และระบบไม่เก็บรหัสผ่านไว้อีก หากต้องการใบแจ้งใหม่ %(again)s")
                % {"again": again}
            )
        expired = slip.expires_at <= now or not slip.payload
        if not expired:
            try:
                rows = json.loads(_cipher(token).decrypt(slip.payload.encode()))
            except InvalidToken:
                raise SlipTokenInvalid(_("ข้อมูลใบแจ้งรหัสผ่านไม่ถูกต้อง")) from None
            slip.used_at = now
        # Erased before anything else happens; an expired slip is erased too (outside the refusal,
        # which would roll the erasure back).
        _erase(slip)
    if expired:
        raise SlipTokenInvalid(
            _("ลิงก์พิมพ์ใบแจ้งรหัสผ่านหมดอายุแล้ว (%(n)s นาที) %(again)s")
            % {"n": SLIP_TOKEN_MAX_AGE // 60, "again": again}
        )
    users = {u.username: u for u in User.objects.filter(username__in=[r[0] for r in rows])}
    credentials = []
    for username, password, office, name, fingerprint in rows:
        user = users.get(username)
        if user is None or not can(acting_user, "wts.manage_user", user):
            raise SlipTokenInvalid(_("ข้อมูลใบแจ้งรหัสผ่านไม่ถูกต้อง"))
        if not user.must_change_password or not constant_time_compare(fingerprint, _fingerprint(user)):
            # The first password was already replaced: printing it would hand out a dead password.
            continue
        credentials.append(IssuedCredential(username, password, office, name))
    return credentials


def _slip_contact(credentials, issued_by):
    """The desk of the province whose accounts these are (the issuer's, or the first account's when
    the department issues them)."""
    from wts.geography.helpdesk import contact_for_province

    province_id = issued_by.province_id
    if province_id is None and credentials:
        province_id = User.objects.filter(username=credentials[0].username).values_list("province_id", flat=True).first()
    return contact_for_province(province_id)


def slips_pdf(credentials: list[IssuedCredential], *, issued_by) -> bytes:
    site = site_url() + "/"
    html = render_to_string("accounts/slips_pdf.html", {
        "credentials": credentials,
        "site_url": site,
        "login_url": site + "accounts/login/",
        "site_qr": segno.make(site + "accounts/login/", error="m").svg_inline(scale=2),
        "issued_by": issued_by,
        "issued_at": timezone.now(),
        "font_dir": fixed_font_dir().as_uri(),
        "HELPDESK_PHONE": settings.HELPDESK_PHONE,
        "contact": _slip_contact(credentials, issued_by),
    })
    return html_to_pdf(html)


def account_list_template(province) -> bytes:
    """The XLSX list a province fills in: its districts, with empty contact columns."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("รายชื่อท้องถิ่นอำเภอ")[:31]
    sheet.append([str(label) for label in LIST_COLUMNS.values()])
    existing = {
        u.district_id: u
        for u in User.objects.filter(role=Role.DISTRICT_OFFICER, district__province=province).order_by("pk")
    }
    for district in province.districts.order_by("code"):
        user = existing.get(district.pk)
        sheet.append([safe_cell(v) for v in (
            district.code, district.name_th,
            user.first_name if user else "", user.last_name if user else "",
            user.position if user else "", user.phone if user else "", user.email if user else "",
        )])
    for column, width in zip("ABCDEFG", (12, 22, 18, 18, 30, 16, 28), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
