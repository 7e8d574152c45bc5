"""Rounds and their deadlines: create, edit, close and reopen a round; extend a deadline for
everyone, one province or one district, and withdraw an extension. Each is one action: who may do
it (permissions.py), the rules, the audit row in the same transaction, notifications after commit.

An extension can do no harm: it moves the deadline in effect later for every district it covers,
and an entry extension never passes the close of the confirmation window in effect."""

import copy
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wts.accounts import recipients
from wts.audit.models import AuditEvent, Source
from wts.audit.vocabulary import AuditAction
from wts.geography.models import District
from wts.lib.errors import Refused
from wts.lib.permissions import require
from wts.lib.thai import thai_datetime
from wts.notifications.service import notify
from wts.notifications.vocabulary import NotificationKind

from .deadlines import deadlines_for_districts
from .models import Extension, Round, Window
from .signals import round_created


class RoundRefused(Refused):
    """The change to a round or its deadlines is not allowed. ``field`` names the form field the
    message belongs beside (None: the form as a whole)."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field


class ExtensionRefused(RoundRefused):
    """The extension (or its withdrawal) cannot be made: closed round, earlier than the deadline in
    effect, past the confirmation window..."""


def reason_given(reason, message):
    reason = (reason or "").strip()
    if not reason:
        raise RoundRefused(message, field="reason")
    return reason


# --- which districts a scope covers (who hears about it: wts/accounts/recipients.py) ---------------

def _covered_districts(province, district):
    if district is not None:
        return [district]
    districts = District.objects.all()
    if province is not None:
        districts = districts.filter(province=province)
    return list(districts.only("pk", "province_id", "code", "name_th"))


def _scope_label(province, district):
    if district is not None:
        return district.display_name
    if province is not None:
        return _("จังหวัด%(p)s") % {"p": province.name_th}
    return _("ทุกอำเภอ")


# --- the effect of a change of deadlines ---------------------------------------------------------

@dataclass(frozen=True)
class DeadlineChange:
    """Districts sharing the same old and new deadline of one window."""

    window: str
    old: datetime
    new: datetime
    district_count: int

    @property
    def window_label(self):
        return Window(self.window).label

    @property
    def later(self) -> bool:
        return self.new > self.old


@dataclass
class DeadlineEffect:
    """What an extension or a withdrawal would do, shown before it is saved."""

    scope_label: str
    district_count: int
    changes: list[DeadlineChange]
    unchanged_count: int  # covered districts whose deadline stays (a more specific extension decides)
    officer_count: int
    director_count: int
    past_count: int = 0  # districts whose deadline would already be over
    notes: list[str] = field(default_factory=list)

    @property
    def changed_count(self) -> int:
        return self.district_count - self.unchanged_count


def _effect(round_, districts, before, after, scope_label, now, *, new_round=None) -> DeadlineEffect:
    """The deadlines in effect of ``districts`` with the extensions ``before``, then with ``after``
    (and the round's own dates of ``new_round``, when the round's windows change)."""
    old = deadlines_for_districts(round_, districts, extensions=before)
    new = deadlines_for_districts(new_round or round_, districts, extensions=after)
    groups = Counter()
    changed = set()
    past = set()
    for d in districts:
        for window in Window.values:
            was, will = old[d.pk].closes_at(window), new[d.pk].closes_at(window)
            if was != will:
                groups[(window, was, will)] += 1
                changed.add(d.pk)
                if will < now:
                    past.add(d.pk)
    changes = sorted(
        (DeadlineChange(window, was, will, n) for (window, was, will), n in groups.items()),
        key=lambda c: (c.window != Window.ENTRY, c.old, c.new),
    )
    province_ids = {d.province_id for d in districts if d.pk in changed}
    return DeadlineEffect(
        scope_label=str(scope_label), district_count=len(districts), changes=changes,
        unchanged_count=len(districts) - len(changed),
        officer_count=recipients.officers([pk for pk in changed]).count() if changed else 0,
        director_count=recipients.directors(province_ids).count() if province_ids else 0,
        past_count=len(past),
    )


def _in_force(round_):
    return list(Extension.objects.in_force().filter(round=round_).order_by("-created_at", "-id"))


# --- extensions ----------------------------------------------------------------------------------

def _check_extension(round_, *, window, closes_at, province, district, confirm_closes_at, now):
    """Refuse an extension that could do harm; answer the unsaved extensions and the covered districts."""
    if window not in Window.values:
        raise ValueError(f"unknown window {window!r}")
    if province is not None and district is not None:
        raise ValueError("an extension is for one province or one district, not both")
    if confirm_closes_at is not None and window != Window.ENTRY:
        raise ValueError("only an entry extension moves the confirmation window with it")
    if round_.is_closed:
        raise ExtensionRefused(_("รอบการรายงานนี้ปิดแล้ว ขยายเวลาไม่ได้"))
    opens_at = round_.entry_opens_at if window == Window.ENTRY else round_.confirm_opens_at
    if closes_at <= opens_at:
        raise ExtensionRefused(_("วันที่ขยายถึงต้องอยู่หลังวันเริ่ม%(window)s (%(opens)s)") % {
            "window": Window(window).label, "opens": thai_datetime(opens_at)}, field="closes_at")
    if closes_at <= now:
        raise ExtensionRefused(_("วันที่ขยายถึงต้องอยู่ในอนาคต"), field="closes_at")
    districts = _covered_districts(province, district)
    existing = _in_force(round_)
    current = list(deadlines_for_districts(round_, districts, extensions=existing).values())
    if not current:
        raise ExtensionRefused(_("ไม่มีอำเภอในขอบเขตที่เลือก"), field="province")
    latest = max(d.closes_at(window) for d in current)
    if closes_at <= latest:
        raise ExtensionRefused(_(
            "การขยายเวลาต้องเลื่อนกำหนดให้ช้ากว่ากำหนดที่มีผลอยู่ของทุกอำเภอที่ครอบคลุม: "
            "กำหนด%(window)sที่มีผลอยู่ช้าที่สุดคือ %(deadline)s") % {
            "window": Window(window).label, "deadline": thai_datetime(latest)}, field="closes_at")
    unsaved = [Extension(round=round_, window=window, province=province, district=district, closes_at=closes_at)]
    if window == Window.ENTRY:
        confirm_end = min(d.confirm_closes_at for d in current)
        if confirm_closes_at is None:
            if closes_at > confirm_end:
                raise ExtensionRefused(_(
                    "วันที่ขยายการบันทึกเลยวันสิ้นสุดการยืนยันข้อมูลที่มีผลอยู่ (%(deadline)s) "
                    "เลือก \"ขยายช่วงยืนยันไปพร้อมกัน\" แล้วระบุวันสิ้นสุดการยืนยันใหม่") % {
                    "deadline": thai_datetime(confirm_end)}, field="closes_at")
        else:
            if confirm_closes_at < closes_at:
                raise ExtensionRefused(_("วันสิ้นสุดการยืนยันต้องไม่ก่อนวันที่ขยายการบันทึก (%(deadline)s)") % {
                    "deadline": thai_datetime(closes_at)}, field="confirm_closes_at")
            confirm_latest = max(d.confirm_closes_at for d in current)
            if confirm_closes_at <= confirm_latest:
                raise ExtensionRefused(_(
                    "การขยายช่วงยืนยันต้องช้ากว่ากำหนดที่มีผลอยู่ของทุกอำเภอที่ครอบคลุม: "
                    "กำหนดการยืนยันข้อมูลที่มีผลอยู่ช้าที่สุดคือ %(deadline)s") % {
                    "deadline": thai_datetime(confirm_latest)}, field="confirm_closes_at")
            unsaved.append(Extension(round=round_, window=Window.CONFIRM, province=province, district=district,
                                     closes_at=confirm_closes_at))
    return unsaved, existing, districts


def preview_extension(round_, *, window, closes_at, acting_user, province=None, district=None,
                      confirm_closes_at=None, now=None) -> DeadlineEffect:
    """What ``extend_deadline`` with the same arguments would change; changes nothing."""
    require(acting_user, "wts.manage_rounds")
    now = now or timezone.now()
    unsaved, existing, districts = _check_extension(
        round_, window=window, closes_at=closes_at, province=province, district=district,
        confirm_closes_at=confirm_closes_at, now=now)
    effect = _effect(round_, districts, existing, unsaved + existing, _scope_label(province, district), now)
    if effect.unchanged_count:
        effect.notes.append(_("%(n)s อำเภอมีการขยายเวลาเฉพาะอำเภอหรือจังหวัดอยู่แล้ว จึงยังใช้กำหนดของตนเอง") % {
            "n": effect.unchanged_count})
    return effect


def extend_deadline(
    round_, *, window, closes_at, reason, acting_user, province=None, district=None, confirm_closes_at=None,
    source=Source.WEB, now=None,
) -> Extension:
    """Extend one window (or, with ``confirm_closes_at``, the entry and confirmation windows
    together) for everyone, one province or one district. Answers the extension of ``window``."""
    require(acting_user, "wts.manage_rounds")
    reason = (reason or "").strip()
    if not reason:
        raise ExtensionRefused(_("ต้องระบุเหตุผลของการขยายเวลา"), field="reason")
    now = now or timezone.now()
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        unsaved, existing, districts = _check_extension(
            round_, window=window, closes_at=closes_at, province=province, district=district,
            confirm_closes_at=confirm_closes_at, now=now)
        effect = _effect(round_, districts, existing, unsaved + existing, "", now)
        changed = {c.window for c in effect.changes}
        scope = _scope_label(province, district)
        created = []
        for ext in unsaved:
            ext.reason, ext.created_by = reason, acting_user
            ext.save()
            created.append(ext)
            AuditEvent.record(
                AuditAction.DEADLINE_EXTENDED, actor=acting_user, source=source, round=round_, district=district,
                province=province if district is None else district.province,
                new_value=ext.closes_at.isoformat(), message=reason,
                data={"window": ext.window, "window_label": str(Window(ext.window).label), "extension": ext.pk,
                      "scope": str(scope), "closes_at_display": thai_datetime(ext.closes_at),
                      "districts_changed": effect.changed_count},
            )
        lines = [_("%(window)s ถึง %(deadline)s") % {"window": Window(e.window).label, "deadline": thai_datetime(e.closes_at)}
                 for e in created]
        title = _("ขยายกำหนด%(window)s %(round)s ถึง %(deadline)s") % {
            "window": Window(window).label, "round": round_, "deadline": thai_datetime(closes_at)}
        body = _("ขยายเวลาสำหรับ: %(scope)s\n%(lines)s\nเหตุผล: %(reason)s") % {
            "scope": scope, "lines": "\n".join(str(line) for line in lines), "reason": reason}
        # Only the people whose deadline actually moves; one notification each, however many windows.
        if changed:
            moved = _moved_districts(round_, districts, existing, unsaved + existing)
            told = list(recipients.officers(moved)) + list(recipients.directors({d.province_id for d in districts if d.pk in moved}))
            notify(told, kind=NotificationKind.DEADLINE_EXTENDED, title=title, body=body, link=reverse("home"))
        return created[0]


def _moved_districts(round_, districts, before, after):
    old = deadlines_for_districts(round_, districts, extensions=before)
    new = deadlines_for_districts(round_, districts, extensions=after)
    return {
        d.pk for d in districts
        if (old[d.pk].entry_closes_at, old[d.pk].confirm_closes_at) != (new[d.pk].entry_closes_at, new[d.pk].confirm_closes_at)
    }


def _check_withdrawal(round_, extension, now):
    if round_.is_closed:
        raise ExtensionRefused(_("รอบการรายงานนี้ปิดแล้ว ยกเลิกการขยายเวลาไม่ได้"))
    if extension.is_withdrawn:
        raise ExtensionRefused(_("การขยายเวลานี้ถูกยกเลิกไปแล้ว"))
    districts = _covered_districts(extension.province, extension.district)
    existing = _in_force(round_)
    remaining = [e for e in existing if e.pk != extension.pk]
    after = deadlines_for_districts(round_, districts, extensions=remaining)
    broken = [d for d in after.values() if d.entry_closes_at > d.confirm_closes_at]
    if broken:
        raise ExtensionRefused(_(
            "ยกเลิกไม่ได้: กำหนดการยืนยันข้อมูลจะสิ้นสุดก่อนกำหนดการบันทึกข้อมูลที่ขยายไว้ของ %(n)s อำเภอ "
            "ให้ยกเลิกการขยายการบันทึกข้อมูลก่อน") % {"n": len(broken)})
    return existing, remaining, districts


def preview_withdrawal(extension, *, acting_user, now=None) -> DeadlineEffect:
    """What withdrawing ``extension`` would change; changes nothing."""
    require(acting_user, "wts.manage_rounds")
    now = now or timezone.now()
    existing, remaining, districts = _check_withdrawal(extension.round, extension, now)
    effect = _effect(extension.round, districts, existing, remaining,
                     _scope_label(extension.province, extension.district), now)
    if effect.past_count:
        effect.notes.append(_(
            "หลังยกเลิก กำหนดของ %(n)s อำเภอจะเลยไปแล้ว อำเภอเหล่านั้นจะบันทึกหรือส่งข้อมูลในช่วงนี้ไม่ได้อีก") % {
            "n": effect.past_count})
    return effect


def withdraw_extension(extension, *, reason, acting_user, source=Source.WEB, now=None) -> Extension:
    """Withdraw an extension with a reason: the previous extension, or the round's date, applies
    again. The affected district officers and directors are told the deadline now in effect."""
    require(acting_user, "wts.manage_rounds")
    reason = (reason or "").strip()
    if not reason:
        raise ExtensionRefused(_("ต้องระบุเหตุผลของการยกเลิกการขยายเวลา"), field="reason")
    now = now or timezone.now()
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=extension.round_id)
        extension = (Extension.objects.select_for_update(of=("self",)).select_related("province", "district")
                     .get(pk=extension.pk))
        existing, remaining, districts = _check_withdrawal(round_, extension, now)
        effect = _effect(round_, districts, existing, remaining, "", now)
        extension.withdrawn_at, extension.withdrawn_by, extension.withdrawal_reason = now, acting_user, reason
        extension.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        scope = _scope_label(extension.province, extension.district)
        window_label = Window(extension.window).label
        AuditEvent.record(
            AuditAction.DEADLINE_EXTENSION_WITHDRAWN, actor=acting_user, source=source, round=round_,
            district=extension.district,
            province=extension.province if extension.district is None else extension.district.province,
            old_value=extension.closes_at.isoformat(), message=reason,
            data={"window": extension.window, "window_label": str(window_label), "extension": extension.pk,
                  "scope": str(scope), "closes_at_display": thai_datetime(extension.closes_at),
                  "districts_changed": effect.changed_count, "districts_past": effect.past_count},
        )
        _notify_withdrawal(round_, extension, districts, remaining, scope, reason)
        return extension


def _notify_withdrawal(round_, extension, districts, remaining, scope, reason):
    """Each officer is told its own deadline now in effect; each director those of its province."""
    after = deadlines_for_districts(round_, districts, extensions=remaining)
    window = extension.window
    title = _("ยกเลิกการขยายกำหนด%(window)s %(round)s") % {"window": Window(window).label, "round": round_}

    def body(deadlines_text):
        return _("ยกเลิกการขยายเวลาถึง %(old)s สำหรับ: %(scope)s\nกำหนด%(window)sที่มีผลขณะนี้: %(now)s\nเหตุผล: %(reason)s") % {
            "old": thai_datetime(extension.closes_at), "scope": scope, "window": Window(window).label,
            "now": deadlines_text, "reason": reason}

    groups = defaultdict(list)
    for officer in recipients.officers([d.pk for d in districts]):
        groups[thai_datetime(after[officer.district_id].closes_at(window))].append(officer)
    by_province = defaultdict(set)
    for d in districts:
        by_province[d.province_id].add(after[d.pk].closes_at(window))
    for director in recipients.directors(by_province):
        groups[", ".join(thai_datetime(when) for when in sorted(by_province[director.province_id]))].append(director)
    for deadlines_text, users in groups.items():
        notify(users, kind=NotificationKind.DEADLINE_EXTENSION_WITHDRAWN, title=title, body=body(deadlines_text),
               link=reverse("home"))


# --- the round lifecycle -------------------------------------------------------------------------

ROUND_FIELDS = [
    "fiscal_year", "title", "entry_opens_at", "entry_closes_at", "confirm_opens_at", "confirm_closes_at",
    "productive_hours", "allowance_factor", "averaging_rounds", "change_flag_percent", "change_flag_min_units",
    "outlier_threshold", "peer_size_percent",
]
WINDOW_FIELDS = ["entry_opens_at", "entry_closes_at", "confirm_opens_at", "confirm_closes_at"]


def _display(value):
    if isinstance(value, datetime):
        return thai_datetime(value)
    return "" if value is None else str(value)


def create_round(*, acting_user, values: dict, source=Source.WEB) -> Round:
    """A new round with the previous round's catalog (or the default one if there is none)."""
    require(acting_user, "wts.manage_rounds")
    with transaction.atomic():
        round_ = Round(**{name: values[name] for name in ROUND_FIELDS if name in values})
        round_.full_clean()
        round_.save()
        data = {name: _display(getattr(round_, name)) for name in ROUND_FIELDS}
        messages = [_("สร้าง%(round)s") % {"round": round_}]
        for _receiver, answer in round_created.send(sender=Round, round=round_, acting_user=acting_user, source=source):
            if answer:
                messages.append(str(answer.pop("message", "")))
                data |= answer
        AuditEvent.record(
            AuditAction.ROUND_CREATED, actor=acting_user, source=source, round=round_,
            message=" ".join(m for m in messages if m), data=data,
        )
        return round_


@dataclass
class RoundChange:
    """What a change of a round's windows would do to the deadlines in effect, extensions taken
    into account: shown before it is saved, like an extension's effect."""

    effect: DeadlineEffect
    lines: list[str]  # "field: old → new" for each window field changed
    shortened_count: int  # districts whose deadline in effect would move earlier

    @property
    def shortens(self) -> bool:
        return self.shortened_count > 0


def _round_with(round_, values):
    changed = copy.copy(round_)
    for name in ROUND_FIELDS:
        if name in values:
            setattr(changed, name, values[name])
    return changed


def _window_change(old_round, new_round, now) -> RoundChange | None:
    """None when no window changes. Refuses a change after which a district's confirmation would
    close before its entry deadline in effect (the round's date or an extension)."""
    changed = [name for name in WINDOW_FIELDS if getattr(old_round, name) != getattr(new_round, name)]
    if not changed:
        return None
    districts = list(District.objects.only("pk", "province_id"))
    existing = _in_force(old_round)
    after = deadlines_for_districts(new_round, districts, extensions=existing)
    broken = [d for d in after.values() if d.confirm_closes_at < d.entry_closes_at]
    if broken:
        latest = max(broken, key=lambda d: d.entry_closes_at)
        if latest.entry_extended:
            message = _("วันสิ้นสุดการยืนยันข้อมูล %(confirm)s อยู่ก่อนกำหนดการบันทึกข้อมูลที่มีผลอยู่ช้าที่สุด "
                        "%(entry)s (ตามการขยายเวลา) ของ %(n)s อำเภอ การยืนยันต้องไม่สิ้นสุดก่อนการบันทึกข้อมูล "
                        "ให้เลือกวันสิ้นสุดการยืนยันไม่ก่อน %(entry)s")
        else:
            message = _("วันสิ้นสุดการยืนยันข้อมูล %(confirm)s อยู่ก่อนกำหนดการบันทึกข้อมูลที่มีผลอยู่ช้าที่สุด "
                        "%(entry)s ของ %(n)s อำเภอ การยืนยันต้องไม่สิ้นสุดก่อนการบันทึกข้อมูล "
                        "ให้เลือกวันสิ้นสุดการยืนยันไม่ก่อน %(entry)s")
        raise RoundRefused(message % {
            "confirm": thai_datetime(min(d.confirm_closes_at for d in broken)),
            "entry": thai_datetime(latest.entry_closes_at), "n": len(broken)},
            field="confirm_closes_at" if "confirm_closes_at" in changed else "entry_closes_at")
    effect = _effect(old_round, districts, existing, existing, _("ทุกอำเภอ"), now, new_round=new_round)
    before = deadlines_for_districts(old_round, districts, extensions=existing)
    shortened = sum(
        1 for d in districts
        if any(after[d.pk].closes_at(w) < before[d.pk].closes_at(w) for w in Window.values))
    if effect.unchanged_count and any(name.endswith("_closes_at") for name in changed):
        effect.notes.append(_("%(n)s อำเภอมีการขยายเวลาที่ยังมีผล จึงยังใช้กำหนดตามการขยายเวลาของตนเอง") % {
            "n": effect.unchanged_count})
    if effect.past_count:
        effect.notes.append(_("หลังเปลี่ยน กำหนดของ %(n)s อำเภอจะเลยไปแล้ว อำเภอเหล่านั้นจะบันทึกหรือส่งข้อมูลในช่วงนี้ไม่ได้อีก")
                            % {"n": effect.past_count})
    lines = [f"{Round._meta.get_field(name).verbose_name}: {_display(getattr(old_round, name))} → "
             f"{_display(getattr(new_round, name))}" for name in changed]
    return RoundChange(effect=effect, lines=lines, shortened_count=shortened)


def preview_round_change(round_, *, values: dict, acting_user, now=None) -> RoundChange | None:
    """What ``update_round`` with the same values would do to the deadlines in effect (None: no
    window changes); refuses what it would refuse. Changes nothing."""
    require(acting_user, "wts.manage_rounds")
    if round_.is_closed:
        raise RoundRefused(_("รอบการรายงานนี้ปิดแล้ว แก้ไขไม่ได้ ให้เปิดรอบอีกครั้งก่อน"))
    new_round = _round_with(round_, values)
    new_round.full_clean()
    return _window_change(round_, new_round, now or timezone.now())


def update_round(round_, *, acting_user, values: dict, reason="", confirm_shortening=False, source=Source.WEB,
                 now=None) -> list[str]:
    """Change a round's windows or analysis settings; answers the names of the fields changed.
    A change that moves anyone's deadline in effect earlier needs ``confirm_shortening`` and a
    reason; one that would close a confirmation before an entry deadline in effect is refused.
    The officers and directors are told when a window changes."""
    require(acting_user, "wts.manage_rounds")
    reason = (reason or "").strip()
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.is_closed:
            raise RoundRefused(_("รอบการรายงานนี้ปิดแล้ว แก้ไขไม่ได้ ให้เปิดรอบอีกครั้งก่อน"))
        old_round = copy.copy(round_)
        before = {name: getattr(round_, name) for name in ROUND_FIELDS}
        for name in ROUND_FIELDS:
            if name in values:
                setattr(round_, name, values[name])
        # A time typed to the minute that shows as the stored one (23:59 for 23:59:59) is no change:
        # the stored value stays, and no notice lists a line whose two sides read the same.
        for name in ROUND_FIELDS:
            if getattr(round_, name) != before[name] and _display(getattr(round_, name)) == _display(before[name]):
                setattr(round_, name, before[name])
        changed = [name for name in ROUND_FIELDS if getattr(round_, name) != before[name]]
        if not changed:
            return []
        round_.full_clean()
        window_change = _window_change(old_round, round_, now or timezone.now())
        if window_change and window_change.shortens:
            if not confirm_shortening:
                raise RoundRefused(_(
                    "การเปลี่ยนแปลงนี้ทำให้กำหนดที่มีผลอยู่ของ %(n)s อำเภอเร็วขึ้น "
                    "ต้องทำเครื่องหมายยืนยันการเลื่อนกำหนดให้เร็วขึ้น") % {"n": window_change.shortened_count},
                    field="confirm_shortening")
            if not reason:
                raise RoundRefused(_("ต้องระบุเหตุผลของการเลื่อนกำหนดให้เร็วขึ้น"), field="reason")
        round_.save(update_fields=changed)
        lines = [
            f"{Round._meta.get_field(name).verbose_name}: {_display(before[name])} → {_display(getattr(round_, name))}"
            for name in changed
        ]
        data = {name: [_display(before[name]), _display(getattr(round_, name))] for name in changed}
        if window_change:
            data["districts_changed"] = window_change.effect.changed_count
            data["districts_shortened"] = window_change.shortened_count
        if reason:
            data["reason"] = reason
        AuditEvent.record(
            AuditAction.ROUND_UPDATED, actor=acting_user, source=source, round=round_,
            message="\n".join([*lines, *([_("เหตุผล: %(reason)s") % {"reason": reason}] if reason else [])]),
            data=data,
        )
        window_lines = [line for name, line in zip(changed, lines, strict=True) if name in WINDOW_FIELDS]
        if window_lines:
            if reason:
                window_lines.append(_("เหตุผล: %(reason)s") % {"reason": reason})
            notify(
                list(recipients.officers()) + list(recipients.directors()), kind=NotificationKind.ROUND_UPDATED,
                title=_("เปลี่ยนช่วงเวลาของ%(round)s") % {"round": round_},
                body="\n".join(window_lines) + "\n" + _("การขยายเวลาเฉพาะจังหวัดหรืออำเภอที่มีอยู่ยังมีผลตามเดิม"),
                link=reverse("home"),
            )
        return changed


def reopen_round(round_, *, acting_user, reason, source=Source.WEB, now=None) -> Round:
    """Reopen a closed round with a reason. Its windows and extensions are what they were; the
    department extends them if the districts need more time."""
    require(acting_user, "wts.manage_rounds")
    reason = reason_given(reason, _("ต้องระบุเหตุผลของการเปิดรอบอีกครั้ง"))
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if not round_.is_closed:
            raise RoundRefused(_("รอบการรายงานนี้ยังไม่ได้ปิด"))
        closed_at, closed_reason = round_.closed_at, round_.closed_reason
        round_.closed_at, round_.closed_by, round_.closed_reason = None, None, ""
        round_.save(update_fields=["closed_at", "closed_by", "closed_reason"])
        AuditEvent.record(
            AuditAction.ROUND_REOPENED, actor=acting_user, source=source, round=round_, message=reason,
            data={"closed_at": thai_datetime(closed_at), "closed_reason": closed_reason},
        )
        notify(
            list(recipients.officers()) + list(recipients.directors()), kind=NotificationKind.ROUND_REOPENED,
            title=_("เปิด%(round)s อีกครั้ง") % {"round": round_},
            body=_("เหตุผล: %(reason)s") % {"reason": reason}, link=reverse("home"),
        )
        return round_
