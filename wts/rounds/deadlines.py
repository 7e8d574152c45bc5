"""Effective windows per district: the round's dates, overridden by the most specific extension
(district, then province, then everyone); among extensions of one level the newest wins.
A withdrawn extension never counts: the previous one, or the round's own date, applies again."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wts.lib.prepared import PreparedRead
from wts.lib.thai import days_left

from .models import Extension, Round, Window


@dataclass(frozen=True)
class Deadlines:
    entry_opens_at: datetime
    entry_closes_at: datetime
    confirm_opens_at: datetime
    confirm_closes_at: datetime
    entry_extension: Extension | None = None
    confirm_extension: Extension | None = None
    round_entry_closes_at: datetime | None = None
    round_confirm_closes_at: datetime | None = None

    def entry_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.entry_opens_at <= now <= self.entry_closes_at

    def confirm_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.confirm_opens_at <= now <= self.confirm_closes_at

    # "Extended" only when the deadline in effect is really later than the round's own: an
    # extension that (before the rule against it) shortened a deadline is no extension.
    @property
    def entry_extended(self) -> bool:
        return self.entry_extension is not None and self.entry_closes_at > self.round_entry_closes_at

    @property
    def confirm_extended(self) -> bool:
        return self.confirm_extension is not None and self.confirm_closes_at > self.round_confirm_closes_at

    def closes_at(self, window) -> datetime:
        return self.entry_closes_at if window == Window.ENTRY else self.confirm_closes_at

    def extension(self, window) -> Extension | None:
        return self.entry_extension if window == Window.ENTRY else self.confirm_extension


def _pick(extensions, window, province_id, district_id):
    best = None
    for ext in extensions:
        if ext.window != window or ext.withdrawn_at is not None:
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
        round_entry_closes_at=round_.entry_closes_at,
        round_confirm_closes_at=round_.confirm_closes_at,
    )


# Every officer page and save reads its district's extensions: compiled once (wts/lib/prepared.py).
_extensions_of_district = PreparedRead(lambda round_id, province_id, district_id: Extension.objects.in_force().filter(
    Q(province__isnull=True, district__isnull=True) | Q(province_id=province_id) | Q(district_id=district_id),
    round_id=round_id,
).order_by("-created_at", "-id"))


def deadlines_for(round_: Round, district) -> Deadlines:
    """One district's effective deadlines (one query)."""
    extensions = _extensions_of_district.objects(round_.pk, district.province_id, district.pk)
    return _deadlines(round_, extensions, district.province_id, district.pk)


def deadlines_for_districts(round_: Round, districts, *, extensions=None) -> dict[int, Deadlines]:
    """Effective deadlines of many districts, keyed by district id, in one query whatever their number.

    ``extensions`` (newest first) replaces the round's stored ones: the preview of an extension or a
    withdrawal computes the deadlines as they would be."""
    if extensions is None:
        extensions = list(Extension.objects.in_force().filter(round=round_).order_by("-created_at", "-id"))
    return {d.pk: _deadlines(round_, extensions, d.province_id, d.pk) for d in districts}


class ExtensionStatus:
    IN_EFFECT = "in_effect"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"
    LABELS = {IN_EFFECT: _("มีผล"), SUPERSEDED: _("ถูกแทนที่แล้ว"), WITHDRAWN: _("ยกเลิกแล้ว")}


def extensions_with_status(round_: Round, districts) -> list[Extension]:
    """Every extension of the round, newest first, each with ``status`` (in effect / superseded /
    withdrawn), ``status_label`` and ``district_count``: the number of districts whose deadline it
    decides now. An extension deciding no district's deadline is superseded (by a newer one at its
    level or by more specific ones)."""
    extensions = list(
        Extension.objects.filter(round=round_)
        .select_related("province", "district", "district__province", "created_by", "withdrawn_by")
        .order_by("-created_at", "-id")
    )
    deciding = Counter()
    for deadlines in deadlines_for_districts(round_, districts, extensions=extensions).values():
        for ext in (deadlines.entry_extension, deadlines.confirm_extension):
            if ext is not None:
                deciding[ext.pk] += 1
    for ext in extensions:
        if ext.withdrawn_at is not None:
            ext.status = ExtensionStatus.WITHDRAWN
        elif deciding[ext.pk]:
            ext.status = ExtensionStatus.IN_EFFECT
        else:
            ext.status = ExtensionStatus.SUPERSEDED
        ext.status_label = ExtensionStatus.LABELS[ext.status]
        ext.district_count = deciding[ext.pk]
    return extensions


@dataclass(frozen=True)
class DeadlineAhead:
    closes_at: datetime
    window: str
    extension: Extension | None
    district_count: int
    days_left: int


def deadlines_ahead(round_: Round, districts, now=None) -> list[DeadlineAhead]:
    """The deadlines in effect still to come, soonest first, each with the number of districts it
    applies to: a superseded or withdrawn extension is not a deadline anyone has."""
    now = now or timezone.now()
    extensions = list(
        Extension.objects.in_force().filter(round=round_).select_related("province", "district")
        .order_by("-created_at", "-id")
    )
    counts = Counter()
    for deadlines in deadlines_for_districts(round_, districts, extensions=extensions).values():
        for window in Window.values:
            ext = deadlines.extension(window)
            counts[(deadlines.closes_at(window), window, ext.pk if ext else None)] += 1
    if not counts:  # no district at all: the round's own dates
        counts = {(round_.entry_closes_at, Window.ENTRY, None): 0, (round_.confirm_closes_at, Window.CONFIRM, None): 0}
    by_pk = {ext.pk: ext for ext in extensions}
    ahead = [
        DeadlineAhead(when, window, by_pk.get(pk), n, days_left(when, now))
        for (when, window, pk), n in counts.items() if when >= now
    ]
    return sorted(ahead, key=lambda d: (d.closes_at, d.window))


def national_deadlines(round_: Round) -> tuple[datetime, datetime]:
    """The round's entry and confirmation deadlines for everyone: the newest extension for everyone
    still in force, else the round's own dates."""
    national = Extension.objects.in_force().filter(round=round_, province__isnull=True, district__isnull=True)
    entry = national.filter(window=Window.ENTRY).order_by("-created_at", "-id").first()
    confirm = national.filter(window=Window.CONFIRM).order_by("-created_at", "-id").first()
    return (entry.closes_at if entry else round_.entry_closes_at,
            confirm.closes_at if confirm else round_.confirm_closes_at)
