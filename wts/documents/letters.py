"""The follow-up letter's data (หนังสือติดตาม), modelled on the two seed letters: the department
writes to every governor, or a province to its district offices. It says what was decided: the
original period, any extension in effect with its new dates and whom it covers, else the plain
follow-up. Its wording is in documents/letter/*.txt; its renderings in wts/documents/render/."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from wts.geography.models import District, Province, ProvinceHelpDesk
from wts.lib.thai import thai_date
from wts.lib.thai_sort import thai_sort_key
from wts.monitoring.status import Progress, area_count_of, province_status
from wts.rounds.deadlines import deadlines_for_districts, national_deadlines

from .reports import REPORT_TITLE, SYSTEM_NAME, StatusReport, national_report, province_report, template_parts

# A blank signer leaves room for the name to be written in, not a placeholder word.
BLANK_SIGNER = "\u00a0" * 36


@dataclass
class LetterContent:
    """A follow-up letter in the Thai government format (หนังสือภายนอก or บันทึกข้อความ)."""

    agency: str
    address: list[str]
    doc_no: str
    date: dt.date
    subject: str
    salutation: str
    reference: str
    enclosure: str
    body: list[str]
    late_heading: str
    late: list[str]
    closing: str
    signer_name: str
    signer_position: str
    contact_unit: str
    contact_phone: str
    status_report: StatusReport
    kind: str = "external"
    urgency: str = ""
    emblem: object = None  # documents.models.Emblem, or None until the department uploads it
    after: list[str] = field(default_factory=list)  # ทั้งนี้ ... : after the list, before the closing
    contact_email: str = ""
    coordinator: str = ""

    @property
    def is_memo(self) -> bool:
        return self.kind == "memo"

    def position_lines(self) -> list[str]:
        """The signer's position as the signer typed it: one line per typed line."""
        return [line.strip() for line in self.signer_position.splitlines() if line.strip()]

    def dated(self, thai_digits: bool) -> str:
        return thai_date(self.date, long=True, thai_digits=thai_digits)

    def contact_lines(self) -> list[str]:
        """The owner unit's lines under the signature (ส่วนราชการเจ้าของเรื่อง): unit, phone, e-mail, ผู้ประสานงาน."""
        return [line for line in self.contact_parts() if line]

    def contact_parts(self) -> list[str]:
        from django.utils.translation import gettext as _

        return [
            self.contact_unit,
            _("โทร. %(phone)s") % {"phone": self.contact_phone} if self.contact_phone else "",
            _("ไปรษณีย์อิเล็กทรอนิกส์ %(email)s") % {"email": self.contact_email} if self.contact_email else "",
            _("ผู้ประสานงาน %(names)s") % {"names": self.coordinator} if self.coordinator else "",
        ]


def _long(value) -> str:
    return thai_date(value, long=True)


def _day(value) -> dt.date:
    return timezone.localdate(value)


@dataclass
class ExtensionGroup:
    """Districts that share one pair of deadlines later than the round's own."""

    names: list[str]
    entry_closes: str
    confirm_closes: str
    entry_extended: bool
    confirm_extended: bool
    everyone: bool = False


def _period_context(round_) -> dict:
    return {
        "system": SYSTEM_NAME, "title": REPORT_TITLE, "area_count": area_count_of(round_),
        "entry_opens": _long(round_.entry_opens_at), "entry_closes": _long(round_.entry_closes_at),
        "confirm_opens": _long(round_.confirm_opens_at), "confirm_closes": _long(round_.confirm_closes_at),
    }


def _groups(round_, deadlines_by_district: dict, districts) -> list[ExtensionGroup]:
    """The extensions in effect, as whom they cover: districts grouped by their pair of days."""
    by_pair: dict[tuple, list] = {}
    for district in districts:
        d = deadlines_by_district[district.pk]
        pair = (_day(d.entry_closes_at), _day(d.confirm_closes_at))
        by_pair.setdefault(pair, []).append(district)
    round_pair = (_day(round_.entry_closes_at), _day(round_.confirm_closes_at))
    groups = []
    for (entry, confirm), members in sorted(by_pair.items()):
        if (entry, confirm) == round_pair or (entry <= round_pair[0] and confirm <= round_pair[1]):
            continue
        groups.append(ExtensionGroup(
            names=[m.display_name for m in sorted(members, key=lambda m: thai_sort_key(m.name_th))],
            entry_closes=_long(entry), confirm_closes=_long(confirm),
            entry_extended=entry > round_pair[0], confirm_extended=confirm > round_pair[1],
            everyone=len(members) == len(districts),
        ))
    return groups


def _national_context(round_) -> tuple[dict, StatusReport]:
    report = national_report(round_)
    entry_deadline, confirm_deadline = national_deadlines(round_)
    context = _period_context(round_)
    late = [(Progress.LABELS[key], [row.name for row in report.rows if row.status == key])
            for key in (Progress.NOT_STARTED, Progress.IN_PROGRESS)]
    # Provinces whose own deadlines (a province's or its districts' extension) are later than everyone's.
    districts = list(District.objects.select_related("province"))
    deadlines = deadlines_for_districts(round_, districts)
    national_pair = (_day(entry_deadline), _day(confirm_deadline))
    later: dict[int, set] = {}
    for district in districts:
        d = deadlines[district.pk]
        pair = (_day(d.entry_closes_at), _day(d.confirm_closes_at))
        if pair != national_pair and (pair[0] > national_pair[0] or pair[1] > national_pair[1]):
            later.setdefault(district.province_id, set()).add(pair)
    provinces = {p.pk: p for p in Province.objects.filter(pk__in=later)}
    province_extensions = [
        {"name": provinces[pk].name_th, "entry": _long(max(p[0] for p in pairs)),
         "confirm": _long(max(p[1] for p in pairs))}
        for pk, pairs in sorted(later.items(), key=lambda item: thai_sort_key(provinces[item[0]].name_th))
    ]
    context |= dict(
        entry_deadline=_long(entry_deadline), confirm_deadline=_long(confirm_deadline),
        entry_extended=_day(entry_deadline) > _day(round_.entry_closes_at),
        confirm_extended=_day(confirm_deadline) > _day(round_.confirm_closes_at),
        province_extensions=province_extensions,
        late_groups=[(label, names) for label, names in late if names],
        late_count=sum(len(names) for _label, names in late),
    )
    return context, report


def _province_context(round_, province) -> tuple[dict, StatusReport]:
    status = province_status(round_, province)
    report = province_report(round_, province, status)
    context = _period_context(round_)
    late_rows = [row for row in status.rows if row.needs_follow_up]
    # The body names a deadline only when it is every listed district's; otherwise each line
    # carries its own, so the body never contradicts the list (extensions differ by district).
    entry_days = {_day(row.deadlines.entry_closes_at) for row in late_rows}
    confirm_days = {_day(row.deadlines.confirm_closes_at) for row in status.rows}
    national_entry, national_confirm = national_deadlines(round_)
    districts = [row.district for row in status.rows]
    helpdesk = ProvinceHelpDesk.objects.filter(province=province).first()
    context |= dict(
        province=province, late_rows=late_rows,
        entry_deadline_common=_long(entry_days.pop()) if len(entry_days) == 1 else (
            _long(national_entry) if not entry_days else ""),
        confirm_deadline_common=_long(confirm_days.pop()) if len(confirm_days) == 1 else (
            _long(national_confirm) if not confirm_days else ""),
        extension_groups=_groups(round_, {row.district.pk: row.deadlines for row in status.rows}, districts),
        helpdesk=helpdesk,
    )
    return context, report


def numbered(items: list[str]) -> list[str]:
    """The regulation's numbered items (๑. ๒. ...), numbered here because which items a letter has
    depends on what was decided; the digits follow the letter's choice when rendered."""
    return [f"{i}. {item}" for i, item in enumerate(items, start=1)]


def draft_letter(round_, *, province=None, kind="external", urgency="", emblem=None, doc_no="", date=None,
                 reference="", signer_name="", signer_position="", contact_unit="", contact_phone="",
                 contact_email="", coordinator="", letterhead=None) -> LetterContent:
    """The follow-up letter for the round, for everyone (province None) or one province. The
    letterhead (documents.models.Letterhead) gives the agency's address, owner unit, phone,
    e-mail and ผู้ประสานงาน when the form leaves them blank."""
    if province is None:
        context, report = _national_context(round_)
        template = "documents/letter/national.txt"
    else:
        context, report = _province_context(round_, province)
        template = "documents/letter/province.txt"
    parts = template_parts(template, context)

    def part(name):
        return " ".join(parts.get(name, []))

    def given(value, attribute, default=""):
        if value:
            return value
        if letterhead is not None and getattr(letterhead, attribute):
            return getattr(letterhead, attribute)
        return default

    address = letterhead.address_lines() if letterhead is not None and letterhead.address_lines() else parts["address"]
    default_phone = settings.HELPDESK_PHONE
    if province is not None and context.get("helpdesk") is not None:
        default_phone = context["helpdesk"].phone
    return LetterContent(
        agency=given("", "agency", part("agency")), address=address,
        doc_no=doc_no or given("", "doc_prefix", part("doc_no")),
        date=date or timezone.localdate(), subject=part("subject"), salutation=part("salutation"),
        reference=reference, enclosure=part("enclosure"),
        body=parts["body"] + numbered(parts.get("items", [])),
        late_heading=part("late_heading"), late=parts.get("late", []), after=parts.get("after", []),
        closing=part("closing"), signer_name=signer_name or BLANK_SIGNER,
        signer_position=signer_position or part("signer_position"),
        contact_unit=given(contact_unit, "owner_unit", part("contact_unit")),
        contact_phone=given(contact_phone, "phone", default_phone),
        contact_email=given(contact_email, "email"), coordinator=given(coordinator, "coordinator"),
        status_report=report, kind=kind, urgency=urgency, emblem=emblem,
    )

