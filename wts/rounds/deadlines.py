"""Effective windows per district: the round's dates, overridden by the most specific extension
(district, then province, then everyone); among extensions of one level the latest wins."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from .models import Extension, Round, Window


@dataclass(frozen=True)
class Deadlines:
    entry_opens_at: datetime
    entry_closes_at: datetime
    confirm_opens_at: datetime
    confirm_closes_at: datetime
    entry_extension: Extension | None = None
    confirm_extension: Extension | None = None

    def entry_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.entry_opens_at <= now <= self.entry_closes_at

    def confirm_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.confirm_opens_at <= now <= self.confirm_closes_at


def _pick(extensions, window, province_id, district_id):
    best = None
    for ext in extensions:
        if ext.window != window:
            continue
        if ext.district_id and ext.district_id != district_id:
            continue
        if ext.province_id and ext.province_id != province_id:
            continue
        # extensions come newest first: keep the first one seen at the highest level
        if best is None or ext.scope_level > best.scope_level:
            best = ext
    return best


def _deadlines(round_: Round, extensions, province_id, district_id) -> Deadlines:
    entry_ext = _pick(extensions, Window.ENTRY, province_id, district_id)
    confirm_ext = _pick(extensions, Window.CONFIRM, province_id, district_id)
    return Deadlines(
        entry_opens_at=round_.entry_opens_at,
        entry_closes_at=entry_ext.closes_at if entry_ext else round_.entry_closes_at,
        confirm_opens_at=round_.confirm_opens_at,
        confirm_closes_at=confirm_ext.closes_at if confirm_ext else round_.confirm_closes_at,
        entry_extension=entry_ext,
        confirm_extension=confirm_ext,
    )


def deadlines_for(round_: Round, district) -> Deadlines:
    """One district's effective deadlines (one query)."""
    in_scope = (
        Q(province__isnull=True, district__isnull=True) | Q(province_id=district.province_id) | Q(district_id=district.pk)
    )
    extensions = list(Extension.objects.filter(in_scope, round=round_).order_by("-created_at", "-id"))
    return _deadlines(round_, extensions, district.province_id, district.pk)


def deadlines_for_districts(round_: Round, districts) -> dict[int, Deadlines]:
    """Effective deadlines of many districts, keyed by district id, in one query whatever their number."""
    extensions = list(Extension.objects.filter(round=round_).order_by("-created_at", "-id"))
    return {d.pk: _deadlines(round_, extensions, d.province_id, d.pk) for d in districts}

