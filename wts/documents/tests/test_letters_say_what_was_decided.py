"""Issue 27 §2, §6: a letter says what was decided. With an extension in effect (for everyone, a
province, a district) the body gives the original period, then the extension with its new dates
for entry and confirmation and whom it covers; without one, the plain follow-up. Read back with
pdftotext and python-docx."""

import datetime as dt

import pytest
from django.urls import reverse

from wts.documents import letters
from wts.documents.render import pdf, word
from wts.documents.tests.artefacts import docx_text, keep_rendered_pages, pdftotext
from wts.lib.thai import BANGKOK
from wts.monitoring.tests.helpers import record
from wts.rounds.actions import extend_deadline
from wts.rounds.models import Window

pytestmark = pytest.mark.django_db
NEW_ENTRY = dt.datetime(2026, 9, 30, 23, 59, 59, tzinfo=BANGKOK)
NEW_CONFIRM = dt.datetime(2026, 10, 8, 23, 59, 59, tzinfo=BANGKOK)
NOW = dt.datetime(2026, 9, 10, 10, 0, tzinfo=BANGKOK)


def _flat(text: str) -> str:
    """pdftotext's lines joined: a sentence wraps across lines (and Thai has no spaces to lose)."""
    return "".join(text.split())


def extend_everyone(world, **scope):
    extend_deadline(world.round, window=Window.ENTRY, closes_at=NEW_ENTRY, confirm_closes_at=NEW_CONFIRM,
                    reason="ข้อมูลยังไม่ครบถ้วน", acting_user=world.dept_admin, now=NOW, **scope)


def test_without_an_extension_the_department_letter_is_the_plain_follow_up(world):
    letter = letters.draft_letter(world.round)
    text = "\n".join(letter.body)
    assert "ระหว่างวันที่ 1 สิงหาคม 2569 - 15 กันยายน 2569" in text  # the original period
    assert "จำนวน 8 ด้าน" in text
    assert "ขยาย" not in text
    assert "1. ขอให้สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดมอบหมาย" in text
    assert "ภายในวันที่ 15 กันยายน 2569" in text and "ให้แล้วเสร็จภายในวันที่ 25 กันยายน 2569" in text


def test_after_a_national_extension_the_department_letter_keeps_the_original_period_and_announces_both_dates(
        world, time_machine):
    time_machine.move_to(NOW, tick=False)
    extend_everyone(world)
    letter = letters.draft_letter(world.round, signer_name="นายทดสอบ ระบบดี")
    first, second = letter.body[0], letter.body[1]
    assert first.startswith("ตามที่") and first.endswith("นั้น")
    assert "ระหว่างวันที่ 1 สิงหาคม 2569 - 15 กันยายน 2569" in first  # not restated as the new date
    assert "ระหว่างวันที่ 16 กันยายน 2569 - 25 กันยายน 2569" in first
    assert "30 กันยายน" not in first
    assert second.endswith("ดังนี้")
    item = next(p for p in letter.body if p.startswith("2. "))
    assert ("2. แจ้งขยายระยะเวลาการบันทึกข้อมูลในระบบดังกล่าว โดยกำหนดให้ท้องถิ่นอำเภอสามารถบันทึกข้อมูลฯ"
            " ได้ถึงวันที่ 30 กันยายน 2569") in item
    assert "ได้ถึงวันที่ 8 ตุลาคม 2569" in item
    for content in (pdftotext(pdf.letter_pdf(letter, thai_digits=True)),):
        flat = _flat(content)
        assert _flat("ได้ถึงวันที่ ๓๐ กันยายน ๒๕๖๙") in flat and _flat("ได้ถึงวันที่ ๘ ตุลาคม ๒๕๖๙") in flat
        assert _flat("ระหว่างวันที่ ๑ สิงหาคม ๒๕๖๙ - ๑๕ กันยายน ๒๕๖๙") in flat
    text = docx_text(word.letter_docx(letter, thai_digits=True))
    assert "ได้ถึงวันที่ ๓๐ กันยายน ๒๕๖๙" in text and "ได้ถึงวันที่ ๘ ตุลาคม ๒๕๖๙" in text
    assert "จำนวน ๘ ด้าน" in text


def test_a_province_extension_is_named_in_the_department_letter_and_announced_in_the_provinces(world, time_machine):
    time_machine.move_to(NOW, tick=False)
    extend_everyone(world, province=world.np)
    national = "\n".join(letters.draft_letter(world.round).body)
    assert "ภายในวันที่ 15 กันยายน 2569" in national  # everyone else keeps the round's dates
    assert "จังหวัดนครพนม บันทึกข้อมูลได้ถึงวันที่ 30 กันยายน 2569 ยืนยันได้ถึงวันที่ 8 ตุลาคม 2569" in national
    province = "\n".join(letters.draft_letter(world.round, province=world.np).body)
    assert ("แจ้งขยายระยะเวลาการบันทึกข้อมูลในระบบดังกล่าว โดยกำหนดให้ท้องถิ่นอำเภอ ทุกอำเภอ สามารถบันทึกข้อมูลฯ"
            " ได้ถึงวันที่ 30 กันยายน 2569") in province
    assert "ยืนยันการบันทึกข้อมูลฯ ได้ถึงวันที่ 8 ตุลาคม 2569" in province
    assert "ระหว่างวันที่ 1 สิงหาคม 2569 - 15 กันยายน 2569" in province
    other = "\n".join(letters.draft_letter(world.round, province=world.sk).body)
    assert "ขยาย" not in other


def test_a_district_extension_says_whom_it_covers(world, time_machine):
    time_machine.move_to(NOW, tick=False)
    extend_everyone(world, district=world.np_pla_pak)
    body = "\n".join(letters.draft_letter(world.round, province=world.np).body)
    assert "โดยกำหนดให้ท้องถิ่นอำเภอปลาปาก สามารถบันทึกข้อมูลฯ ได้ถึงวันที่ 30 กันยายน 2569" in body
    assert "ทุกอำเภอ สามารถ" not in body


def test_the_confirmation_column_says_the_confirmation_state_only(world):
    record(world.round, world.np_pla_pak, complete=8)  # all areas recorded, not submitted
    client = world.client_for(world.director)
    board = client.get(reverse("monitoring:province_board", args=["48"]), {"round": world.round.fiscal_year})
    row = board.content.decode().split('data-district="4802"')[1].split("</tr>")[0]
    assert "บันทึกข้อมูลครบ" in row and "ยังไม่ส่งให้จังหวัด" in row and "อยู่ระหว่างการบันทึก" not in row
    report = client.get(reverse("documents:province_report", args=["48", "pdf"]), {"round": world.round.fiscal_year})
    lines = [line for line in pdftotext(report.content, "-layout").splitlines() if "ปลาปาก" in line]
    assert lines and "ยังไม่ส่งให้จังหวัด" in lines[0] and "อยู่ระหว่าง" not in lines[0]


def test_both_letters_as_a_user_sees_them(world, time_machine):
    time_machine.move_to(NOW, tick=False)
    extend_everyone(world)
    signer = {"signer_name": "นายจรุญ ศรีธาโพธิ์", "signer_position": "รองอธิบดี ปฏิบัติราชการแทน\nอธิบดีกรมส่งเสริมการปกครองท้องถิ่น"}
    national = letters.draft_letter(world.round, doc_no="มท 0812/ว 1960", urgency="ด่วนมาก",
                                    reference="หนังสือกรมส่งเสริมการปกครองท้องถิ่น ด่วนมาก ที่ มท 0812/ว 1565 ลงวันที่ 23 เมษายน 2569",
                                    **signer)
    keep_rendered_pages("letter-extension-national", pdf.letter_pdf(national, thai_digits=True), dpi=70)
    province = letters.draft_letter(world.round, province=world.np, doc_no="นพ 0023.3/ว 123", urgency="ด่วนที่สุด",
                                    signer_name="นายวิจิต ทองปาน")
    keep_rendered_pages("letter-extension-province", pdf.letter_pdf(province, thai_digits=True), dpi=70)
    text = pdftotext(pdf.letter_pdf(province, thai_digits=True))
    assert "ที่ นพ ๐๐๒๓.๓/ว ๑๒๓" in text



def test_the_department_viewer_sees_the_letter_page_read_only(world):
    client = world.client_for(world.dept_viewer)
    page = client.get(reverse("documents:national_letter"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "หน้านี้ดูได้อย่างเดียว" in html and "<form" not in html.split("<main")[-1].split("</main>")[0]
    assert client.get(reverse("documents:national_letter"), {"format": "pdf"}).status_code == 200
    assert client.get(reverse("documents:national_letter"), {"format": "pdf"})["Content-Type"].startswith("text/html")
