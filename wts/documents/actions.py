import time

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from wts.audit.models import AuditEvent, Source
from wts.audit.vocabulary import AuditAction
from wts.lib.permissions import require

from .models import DEPARTMENT, Emblem, LetterCounter, Letterhead, SentLetter


def upload_emblem(*, image: bytes, content_type: str, acting_user, source=Source.WEB, now=None) -> Emblem:
    """The department's Garuda emblem for letters: the new image replaces the one in use."""
    require(acting_user, "wts.upload_emblem")
    now = now or timezone.now()
    with transaction.atomic():
        emblem = Emblem.objects.create(image=image, content_type=content_type, uploaded_at=now,
                                       uploaded_by=acting_user)
        AuditEvent.record(AuditAction.EMBLEM_UPLOADED, actor=acting_user, source=source,
                          new_value=f"{content_type}, {len(image):,} bytes",
                          data={"emblem": emblem.pk, "bytes": len(image), "content_type": content_type})
    return emblem


LETTERHEAD_FIELDS = ["agency", "building", "street", "city", "postcode", "doc_prefix", "owner_unit", "phone",
                     "email", "coordinator"]


def save_letterhead(*, province, values: dict, acting_user, source=Source.WEB, now=None) -> Letterhead:
    """The department's (province None) or a province's letterhead data, as its administrator keeps it."""
    require(acting_user, "wts.edit_letterhead", province)
    now = now or timezone.now()
    with transaction.atomic():
        letterhead = Letterhead.objects.select_for_update().filter(province=province).first()
        before = {name: getattr(letterhead, name) for name in LETTERHEAD_FIELDS} if letterhead else {}
        if letterhead is None:
            letterhead = Letterhead(province=province)
        for name in LETTERHEAD_FIELDS:
            setattr(letterhead, name, values.get(name, "") or "")
        letterhead.updated_at, letterhead.updated_by = now, acting_user
        letterhead.save()
        changed = {name: values.get(name, "") for name in LETTERHEAD_FIELDS if before.get(name, "") != values.get(name, "")}
        AuditEvent.record(AuditAction.LETTERHEAD_CHANGED, actor=acting_user, source=source, province=province,
                          old_value="; ".join(f"{k}={before.get(k, '')}" for k in changed),
                          new_value="; ".join(f"{k}={v}" for k, v in changed.items()),
                          data={"letterhead": letterhead.pk, "fields": sorted(changed)})
    return letterhead


NUMBERING_ATTEMPTS = 8


def _next_number(office: str, year: int) -> int:
    """The office's next running number for the year, the counter row locked until commit (PostgreSQL
    SELECT ... FOR UPDATE; SQLite's immediate transactions serialise writers)."""
    LetterCounter.objects.get_or_create(office=office, year=year)
    counter = LetterCounter.objects.select_for_update().get(office=office, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def issue_letter(*, round_, province, prefix: str, date, subject: str, recipients: str, agency: str, urgency: str,
                 render, acting_user, corrects=None, source=Source.WEB, now=None) -> SentLetter:
    """Number a letter from the office's register and keep the file as issued. ``render(doc_no)``
    makes the file: (bytes, content type, file name). A correction is a new entry naming the letter
    it corrects; a numbered letter is never renumbered or changed."""
    require(acting_user, "wts.draft_national_letter" if province is None else "wts.draft_province_letter")
    now = now or timezone.now()
    office = province.code if province is not None else DEPARTMENT
    year = date.year + 543
    for attempt in range(NUMBERING_ATTEMPTS):
        try:
            with transaction.atomic():
                number = _next_number(office, year)
                doc_no = f"{prefix.strip()} {number}"
                content, content_type, file_name = render(doc_no)
                letter = SentLetter.objects.create(
                    office=office, province=province, round=round_, year=year, number=number, doc_no=doc_no,
                    date=date, subject=subject, recipients=recipients, agency=agency, urgency=urgency,
                    file=content, file_name=file_name, content_type=content_type, corrects=corrects,
                    issued_at=now, issued_by=acting_user)
                AuditEvent.record(
                    AuditAction.LETTER_CORRECTED if corrects else AuditAction.LETTER_ISSUED, actor=acting_user,
                    source=source, province=province, round=round_, new_value=doc_no,
                    old_value=corrects.doc_no if corrects else "",
                    data={"letter": letter.pk, "number": number, "year": year, "office": office,
                          "corrects": corrects.pk if corrects else None})
            return letter
        except IntegrityError:
            # Two first letters of a year created the counter at once: take the number again.
            if attempt == NUMBERING_ATTEMPTS - 1:
                raise
        except OperationalError as error:
            # SQLite with a shared cache (the test database in memory) answers "table is locked"
            # instead of waiting: wait a moment and take the number again.
            if "locked" not in str(error) or attempt == NUMBERING_ATTEMPTS - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def previous_letter(*, round_, province) -> SentLetter | None:
    """The office's latest letter of the same matter (this round's follow-up), for อ้างถึง."""
    office = province.code if province is not None else DEPARTMENT
    return SentLetter.objects.filter(office=office, round=round_).order_by("-issued_at", "-pk").first()


def department_letter(*, round_) -> SentLetter | None:
    """The department's latest letter of the round: what a province's letter cites and encloses."""
    return previous_letter(round_=round_, province=None)
