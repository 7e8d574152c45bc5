"""Bulk reads leave a trace: who took which figures out of the system (a download, an export, an
API listing), in which scope, and when. One helper for every such read, so they all look alike."""

from django.utils.translation import gettext as _

from .models import AuditEvent, Source
from .vocabulary import AuditAction


def record_bulk_read(
    *, acting_user, what: str, fmt: str, source=Source.WEB, round=None, province=None, district=None,
    action=AuditAction.DATA_EXPORTED, data=None,
) -> AuditEvent:
    """`what` names the data in a few words (Thai), `fmt` its form (pdf, xlsx, csv, json...)."""
    scope = district.code if district is not None else province.code if province is not None else "national"
    return AuditEvent.record(
        action, actor=acting_user, source=source, round=round, district=district,
        **({"province": province} if district is None else {}),
        message=_("ส่งออกข้อมูล %(what)s (%(fmt)s)") % {"what": what, "fmt": fmt.upper()},
        data={"what": what, "format": fmt, "scope": scope,
              "round": round.fiscal_year if round is not None else None, **(data or {})},
    )
