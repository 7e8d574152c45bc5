"""Issue 27 §3, §4: the register of letters sent (ทะเบียนหนังสือส่ง) numbers each office's letters
under its prefix, keeps the file as issued, offers the previous letter for อ้างถึง, never renumbers;
two letters issued at once never share a number (threads, each with its own connection). Each
office's letterhead data is kept by its administrator (audited) and used by default."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection
from django.urls import reverse

from wts.audit.models import AuditEvent
from wts.audit.vocabulary import AuditAction
from wts.documents.actions import issue_letter
from wts.documents.models import SentLetter
from wts.documents.tests.artefacts import docx_text, pdftotext
from wts.geography.models import ProvinceHelpDesk

LETTERHEAD = {"agency": "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดนครพนม", "building": "ศาลากลางจังหวัดนครพนม",
              "street": "ถนนอภิบาลบัญชา", "city": "นพ", "postcode": "48000", "doc_prefix": "นพ 0023.3/ว",
              "owner_unit": "กลุ่มงานส่งเสริมและประสานงานท้องถิ่นอำเภอ", "phone": "",
              "email": "nakhonphanom@dla.go.th", "coordinator": "นายชูชาติ มูลอินทร์"}


def _issue(world, client, province=None, **params):
    url = reverse("documents:province_letter", args=[province]) if province else reverse("documents:national_letter")
    return client.post(f"{url}?round={world.round.fiscal_year}", {
        "format": "pdf", "thai_digits": "on", "signer_name": "นายทดสอบ ระบบดี", "date": "10/09/2569", **params})


@pytest.mark.django_db
def test_the_province_keeps_its_letterhead_and_its_letters_use_it(world):
    ProvinceHelpDesk.objects.create(province=world.np, name="นายชูชาติ มูลอินทร์", phone="08 2165 5338")
    client = world.client_for(world.provadmin)
    url = reverse("documents:province_letterhead", args=["48"])
    assert client.get(url).status_code == 200
    bad = client.post(url, {**LETTERHEAD, "postcode": "480"})
    assert bad.status_code == 400 and "รหัสไปรษณีย์ต้องเป็นตัวเลข 5 หลัก" in bad.content.decode()
    assert "ถนนอภิบาลบัญชา" in bad.content.decode()  # nothing typed is lost
    assert client.post(url, LETTERHEAD).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LETTERHEAD_CHANGED, province=world.np).count() == 1
    assert world.client_for(world.provadmin_sk).get(url).status_code == 404
    assert world.client_for(world.director).get(url).status_code == 403
    response = world.client_for(world.director).get(reverse("documents:province_letter", args=["48"]),
                                                    {"format": "docx", "thai_digits": "on"})
    text = docx_text(response.content)
    assert "ศาลากลางจังหวัดนครพนม" in text and "ถนนอภิบาลบัญชา นพ ๔๘๐๐๐" in text
    assert "ที่ นพ ๐๐๒๓.๓/ว" in text
    assert "โทร. ๐๘ ๒๑๖๕ ๕๓๓๘" in text  # the province's help desk, not the department's Bangkok phone
    assert "ผู้ประสานงาน นายชูชาติ มูลอินทร์" in text and "nakhonphanom@dla.go.th" in text


@pytest.mark.django_db
def test_a_letter_is_numbered_from_the_register_and_the_next_one_cites_it(world):
    client = world.client_for(world.dept_admin)
    response = _issue(world, client, doc_no="มท 0812/ว")
    assert response.status_code == 302
    first = SentLetter.objects.get()
    assert first.doc_no == "มท 0812/ว 1" and first.number == 1 and first.year == 2569
    assert "ที่ มท ๐๘๑๒/ว ๑" in pdftotext(bytes(first.file))  # the file as issued carries its number
    assert AuditEvent.objects.filter(action=AuditAction.LETTER_ISSUED, new_value="มท 0812/ว 1").exists()
    register = client.get(reverse("documents:national_register")).content.decode()
    assert "มท 0812/ว 1" in register
    assert client.get(reverse("documents:national_register_file", args=[first.pk])).content == bytes(first.file)
    form = client.get(reverse("documents:national_letter")).content.decode()
    assert "หนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่ มท 0812/ว 1 ลงวันที่ 10 กันยายน 2569" in form  # อ้างถึง offered
    assert _issue(world, client, doc_no="มท 0812/ว").status_code == 302
    assert sorted(SentLetter.objects.values_list("number", flat=True)) == [1, 2]
    # A province's letter offers the department's letter for อ้างถึง.
    province_form = world.client_for(world.provadmin).get(reverse("documents:province_letter", args=["48"]))
    assert "ที่ มท 0812/ว 2" in province_form.content.decode()
    # Without a prefix of its own a province cannot issue: it is asked for one.
    refused = _issue(world, world.client_for(world.provadmin), province="48")
    assert refused.status_code == 400 and "ยังไม่มีรหัสหนังสือของส่วนราชการ" in refused.content.decode()


@pytest.mark.django_db
def test_a_correction_is_a_new_entry_and_the_numbered_letter_is_unchanged(world):
    def render(doc_no):
        return doc_no.encode(), "text/plain", "letter.txt"

    common = dict(round_=world.round, province=None, prefix="มท 0812/ว", date=dt.date(2026, 9, 10), subject="s",
                  recipients="r", agency="กรมส่งเสริมการปกครองท้องถิ่น", urgency="", render=render,
                  acting_user=world.dept_admin)
    first = issue_letter(**common)
    correction = issue_letter(**common, corrects=first)
    first.refresh_from_db()
    assert (first.number, bytes(first.file)) == (1, b"\xe0\xb8\xa1\xe0\xb8\x97 0812/\xe0\xb8\xa7 1")
    assert correction.number == 2 and correction.corrects == first
    assert AuditEvent.objects.filter(action=AuditAction.LETTER_CORRECTED, old_value="มท 0812/ว 1").exists()


@pytest.mark.django_db(transaction=True)
def test_two_letters_issued_at_once_never_share_a_number(world):
    """Each thread has its own connection; the counter row is locked (PostgreSQL) or the write
    transaction immediate (SQLite) while a number is taken and the file made."""
    barrier = threading.Barrier(2)
    numbers, errors = [], []

    def render(doc_no):
        time.sleep(0.3)  # a letter takes time to render, with its number taken: the race's window
        return doc_no.encode(), "text/plain", "letter.txt"

    def issue():
        try:
            barrier.wait(timeout=10)  # both ask for a number at once
            letter = issue_letter(round_=world.round, province=None, prefix="มท 0812/ว", date=dt.date(2026, 9, 10),
                                  subject="s", recipients="r", agency="a", urgency="", render=render,
                                  acting_user=world.dept_admin)
            numbers.append(letter.number)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(numbers) == 2 and sorted(numbers) == [1, 2], (numbers, errors)
