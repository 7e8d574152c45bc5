"""Credential slips: one per account, printed by the provincial office and handed over on paper.

The passwords travel from the creation page to the PDF in a signed token that expires quickly
and is bound to the administrator who created them; the server keeps no copy. A slip is refused
once its account's password has changed (the hash fingerprint no longer matches).
"""

import io

import fontpkg_sarabun
import openpyxl
import segno
from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from wts.lib.cells import safe_cell

from .actions import IssuedCredential
from .forms import LIST_COLUMNS
from .models import Role, User
from .permissions import may_manage

SLIP_SALT = "wts.accounts.slips"
SLIP_TOKEN_MAX_AGE = 30 * 60
FONT_DIR = fontpkg_sarabun.ROOT / "files"


class SlipTokenInvalid(Exception):
    pass


def _fingerprint(user: User) -> str:
    return salted_hmac(SLIP_SALT, user.password).hexdigest()[:20]


def make_slip_token(credentials: list[IssuedCredential], *, acting_user) -> str:
    users = {u.username: u for u in User.objects.filter(username__in=[c.username for c in credentials])}
    payload = {
        "by": acting_user.pk,
        "c": [[c.username, c.password, c.office, c.display_name, _fingerprint(users[c.username])]
              for c in credentials],
    }
    return signing.dumps(payload, salt=SLIP_SALT, compress=True)


def credentials_from_token(token: str, *, acting_user) -> list[IssuedCredential]:
    try:
        payload = signing.loads(token, salt=SLIP_SALT, max_age=SLIP_TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise SlipTokenInvalid(_("ลิงก์พิมพ์ใบแจ้งรหัสผ่านหมดอายุแล้ว (30 นาที) โปรดตั้งรหัสผ่านใหม่แล้วพิมพ์อีกครั้ง")) from None
    except signing.BadSignature:
        raise SlipTokenInvalid(_("ข้อมูลใบแจ้งรหัสผ่านไม่ถูกต้อง")) from None
    if payload.get("by") != acting_user.pk:
        raise SlipTokenInvalid(_("ใบแจ้งรหัสผ่านนี้ออกโดยผู้ใช้อื่น"))
    rows = payload.get("c", [])
    users = {u.username: u for u in User.objects.filter(username__in=[r[0] for r in rows])}
    credentials = []
    for username, password, office, name, fingerprint in rows:
        user = users.get(username)
        if user is None or not may_manage(acting_user, user):
            raise SlipTokenInvalid(_("ข้อมูลใบแจ้งรหัสผ่านไม่ถูกต้อง"))
        if not user.must_change_password or not constant_time_compare(fingerprint, _fingerprint(user)):
            # The first password was already replaced: printing it would hand out a dead password.
            continue
        credentials.append(IssuedCredential(username, password, office, name))
    return credentials


def slips_pdf(credentials: list[IssuedCredential], *, issued_by) -> bytes:
    from weasyprint import HTML

    site = settings.SITE_URL.rstrip("/") + "/"
    html = render_to_string("accounts/slips_pdf.html", {
        "credentials": credentials,
        "site_url": site,
        "login_url": site + "accounts/login/",
        "site_qr": segno.make(site + "accounts/login/", error="m").svg_inline(scale=2),
        "issued_by": issued_by,
        "issued_at": timezone.now(),
        "font_dir": FONT_DIR.as_uri(),
        "HELPDESK_PHONE": settings.HELPDESK_PHONE,
    })
    return HTML(string=html, base_url=str(FONT_DIR)).write_pdf()


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
