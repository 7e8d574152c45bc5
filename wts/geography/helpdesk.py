"""Whom a user calls: the help desk of the user's province, or the national one (settings
HELPDESK_*) when the province has none or the user has no province."""

from dataclasses import dataclass

from django.conf import settings

from wts.lib.prepared import PreparedRead

from .models import ProvinceHelpDesk


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str
    line_id: str = ""
    hours: str = ""
    province: object = None  # the Province for a provincial desk; None for the national one


def national_contact() -> Contact:
    return Contact(name=settings.HELPDESK_NAME, phone=settings.HELPDESK_PHONE, line_id=settings.HELPDESK_LINE_ID)


def contact_of(desk: ProvinceHelpDesk) -> Contact:
    return Contact(name=desk.name, phone=desk.phone, line_id=desk.line_id, hours=desk.hours, province=desk.province)


# Shown on most pages of province and district users: compiled once (wts/lib/prepared.py).
_desk_of_province = PreparedRead(lambda province_id: ProvinceHelpDesk.objects.select_related("province")
                                 .filter(province_id=province_id))


def contact_for_province(province_id) -> Contact:
    if province_id is not None:
        desk = _desk_of_province.first(province_id)
        if desk is not None:
            return contact_of(desk)
    return national_contact()


def contact_for_user(user) -> Contact:
    """A signed-in user's desk. Read by templates lazily (core's context processor), so a page that
    shows no contact costs no query."""
    if user is not None and getattr(user, "is_authenticated", False) and user.province_id:
        return contact_for_province(user.province_id)
    return national_contact()
