"""Issue 18: text copied out of any PDF the system makes is the Thai that was written, every vowel and
tone mark on its consonant, read back with pdftotext (poppler, as PDF viewers on Linux copy text)."""

import pytest
from django.urls import reverse

from wts.documents.tests.artefacts import misread_words, pdftotext, pixels
from wts.lib.pdf_fonts import fixed_font_dir, font_faces, html_to_pdf
from wts.monitoring.tests.helpers import record

# Consonants of every shape the marks sit on differently: plain (ก ต ค), tall (ป ฟ ฬ), with a tail a
# lower vowel replaces (ญ ฐ) or shortens (ฎ ฏ), and ฤ.
CONSONANTS = "กตคปฟฬญฐฎฏฤ"
UPPER_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37"  # ั ิ ี ึ ื
LOWER_VOWELS = "\u0e38\u0e39"  # ุ ู
TONES = "\u0e48\u0e49\u0e4a\u0e4b"  # ่ ้ ๊ ๋
REAL_WORDS = ["ผู้อำนวยการ", "ผู้ว่าราชการจังหวัด", "อยู่", "ปู่ย่า", "ที่นี่", "น้ำ", "ค่ำ", "กู้ภัย", "กิน", "ปิ่นโต",
              "ศักดิ์ศรี", "เป็น", "สำนักงาน", "อำเภอ", "ร่าง", "ปริมาณงาน", "ญี่ปุ่น", "ฤๅษี", "ทุ่งนา", "ตู้", "ฎีกา",
              "บุญ", "ปฏิบัติ", "พุทฺธ", "ปึ๋ง", "ก๋วยเตี๋ยว", "จ๊ะ", "ฐูป"]


def every_mark_on_every_consonant() -> list[str]:
    """Each upper and lower vowel bare and under each tone mark, each tone mark alone and before
    sara aa and sara am, thanthakhat, maitaikhu and phinthu, on each consonant, with a consonant after."""
    words = []
    for consonant in CONSONANTS:
        for vowel in UPPER_VOWELS + LOWER_VOWELS:
            words += [f"{consonant}{vowel}{tone}น" for tone in ("", *TONES)]
        words += [f"{consonant}{tone}{after}" for tone in TONES for after in ("า", "ำ", "น")]
        words += [f"{consonant}ำ", f"{consonant}ิ์น", f"{consonant}์", f"{consonant}็น", f"{consonant}ฺน"]
    return words + REAL_WORDS


def _page(words: list[str]) -> str:
    # Each word kept on one line: Pango would otherwise break the made-up syllables anywhere.
    line = " ".join(f'<span style="white-space: nowrap">{word}</span>' for word in words)
    return (f"<style>{font_faces()} body {{ font-family: Sarabun; font-size: 16pt }}</style>"
            f"<p>{line}</p><p style='font-weight: 600'>{line}</p><p><b>{line}</b></p>")


def test_every_vowel_and_tone_mark_on_every_consonant_copies_out_as_written():
    words = every_mark_on_every_consonant()
    assert len(words) > 500
    assert pdftotext(html_to_pdf(_page(words))).split() == words * 3  # regular, semibold, bold


def test_a_tone_after_a_lower_vowel_copies_out_of_running_text():
    sentence = "ผู้อำนวยการกลุ่มงานส่งเสริมและประสานงานท้องถิ่นอำเภออยู่ที่นี่ ปู่ย่ากู้น้ำค่ำ"
    html = f"<style>{font_faces()} body {{ font-family: Sarabun; font-size: 16pt }}</style><p>{sentence}</p>"
    assert "".join(pdftotext(html_to_pdf(html)).split()) == sentence.replace(" ", "")


def test_marking_the_text_layer_leaves_every_pixel_as_it_was():
    from weasyprint import HTML

    html = _page(every_mark_on_every_consonant()[:120])
    unmarked = HTML(string=html, base_url=str(fixed_font_dir())).write_pdf()
    marked = html_to_pdf(html)
    assert marked != unmarked
    assert pixels(marked) == pixels(unmarked)


@pytest.fixture
def progress(world):
    record(world.round, world.np_pla_pak, partial=2)
    record(world.round, world.sk_mueang, complete=8)
    return world


def _pdfs(world):
    """Every PDF the system makes, as its users ask for them."""
    admin = world.client_for(world.dept_admin)
    letter = {"signer_name": "นายทดสอบ ระบบดี", "signer_position": "ผู้อำนวยการกลุ่มงานส่งเสริมและประสานงานท้องถิ่นอำเภอ",
              "format": "pdf", "thai_digits": "on"}
    yield "national report", admin.get(reverse("documents:national_report", args=["pdf"]), {"digits": "thai"})
    yield "province report", admin.get(reverse("documents:province_report", args=["48", "pdf"]))
    yield "external letter", admin.get(reverse("documents:province_letter", args=["48"]), letter)
    yield "memo", admin.get(reverse("documents:national_letter"), {**letter, "kind": "memo", "urgency": "ด่วนที่สุด"})
    yield "staffing", world.client_for(world.director).get("/analytics/provinces.pdf?include_unconfirmed=on")


def test_every_pdf_the_system_makes_reads_back_word_for_word(progress):
    for name, response in _pdfs(progress):
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", name
        assert misread_words(response.content) == [], name
    letter = pdftotext(dict(_pdfs(progress))["external letter"].content)
    assert "ผู้อำนวยการกลุ่มงานส่งเสริมและประสานงานท้องถิ่นอำเภอ" in "".join(letter.split())
    assert "สิ่งที่ส่งมาด้วย" in letter and "อยู่ระหว่างการบันทึก" in letter  # read "สิง่", "อยูร่" before


def test_the_password_slips_read_back_word_for_word(world):
    from wts.accounts.actions import do_provision_district_accounts
    from wts.accounts.slips import make_slip_token
    from wts.geography.models import District

    District.objects.create(code="4803", province=world.np, name_th="ท่าอุเทน", name_en="Tha Uthen",
                            municipality_count=1, sao_count=5, positions_framework=3, positions_filled=2)
    issued = do_provision_district_accounts(world.np, acting_user=world.provadmin).issued
    response = world.client_for(world.provadmin).post(
        "/accounts/manage/slips.pdf", {"token": make_slip_token(issued, acting_user=world.provadmin)})
    assert misread_words(response.content) == []
    text = pdftotext(response.content)
    assert "ท่าอุเทน" in text and "เปลี่ยนรหัสผ่าน" in text


def test_continuation_pages_are_numbered_on_a_line_of_their_own(progress):
    from wts.documents import letters
    from wts.documents.render import pdf

    letter = letters.draft_letter(progress.round, province=progress.np, signer_name="นายทดสอบ ระบบดี")
    letter.late = [f"{n}. อำเภอที่ยังไม่บันทึกข้อมูล" for n in range(1, 41)]  # three pages of letter
    lines = [line.replace(" ", "") for line in pdftotext(pdf.letter_pdf(letter, thai_digits=True)).splitlines()]
    # "‐ ๒ ‐" with U+2010: pdftotext joins a line ending in "-" (U+002D) to the next one ("-๒จึงเรียน…").
    assert "\u2010๒\u2010" in lines and "\u2010๓\u2010" in lines
    assert "\u2010๑\u2010" not in lines
