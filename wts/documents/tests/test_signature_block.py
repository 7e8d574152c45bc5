"""Issue 18: the signer's position (ตำแหน่ง), however long, stays inside the right margin and breaks
between Thai words only, in the PDF (read back with pdftotext -bbox) and in the DOCX (its XML)."""

import io
import re
import zipfile
from html import unescape

import pytest
from django.urls import reverse

from wts.documents.tests.artefacts import keep_rendered_pages, pdftotext
from wts.lib.thai_words import ZERO_WIDTH_SPACE, thai_words

pytestmark = pytest.mark.django_db
LONG_POSITION = "ผู้อำนวยการสำนักส่งเสริมและพัฒนาการบริหารจัดการท้องถิ่นอำเภอและจังหวัดรักษาราชการแทน"
SIGNER = "นายทดสอบ ระบบดี"
CM = 72 / 2.54
RIGHT_MARGIN = 2 * CM  # ระเบียบงานสารบรรณ, ภาคผนวก 3: right margin 2 cm
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', re.S)


def _letter(world, fmt, position, **params):
    client = world.client_for(world.dept_admin)
    response = client.get(reverse("documents:national_letter"), {
        "format": fmt, "signer_name": SIGNER, "signer_position": position, "thai_digits": "on", **params})
    assert response.status_code == 200
    return response.content


def _letter_pages(pdf: bytes):
    """(page width, [(xMin, xMax, word)]) of each page of the letter itself, before the attachment
    (which has its own, narrower margins)."""
    pages = []
    for width, body in PAGE.findall(pdftotext(pdf, "-bbox")):
        words = [(float(x0), float(x1), unescape(text)) for x0, x1, text in WORD.findall(body)]
        if any("แบบรายงานสถานะ" in text for _x0, _x1, text in words) and pages:
            break
        pages.append((float(width), words))
    return pages


def _position_lines(pdf: bytes, position: str) -> list[str]:
    """The lines under the signer's name that spell the position."""
    lines = [line.strip() for line in pdftotext(pdf).splitlines()]
    start = lines.index(f"({SIGNER})") + 1
    taken = []
    while "".join(taken) != position.replace(" ", "").replace("\n", ""):
        taken.append(lines[start + len(taken)].replace(" ", ""))
        assert len(taken) < 6, taken
    return taken


@pytest.mark.parametrize("kind", ["external", "memo"])
def test_a_long_position_wraps_between_words_inside_the_right_margin_of_the_pdf(world, kind):
    pdf = _letter(world, "pdf", LONG_POSITION, kind=kind)
    keep_rendered_pages(f"letter-long-position-{kind}", pdf)
    pages = _letter_pages(pdf)
    assert any(text.startswith("ผู้อำนวยการสำนัก") for _w, words in pages for _x0, _x1, text in words)
    for width, words in pages:
        past = [text for _x0, x1, text in words if x1 > width - RIGHT_MARGIN + 0.5]
        assert past == [], past
    lines = _position_lines(pdf, LONG_POSITION)
    assert len(lines) >= 2
    boundaries = {sum(len(w) for w in thai_words(LONG_POSITION)[:i]) for i in range(len(thai_words(LONG_POSITION)))}
    cuts = [sum(len(line) for line in lines[:i]) for i in range(1, len(lines))]
    assert set(cuts) <= boundaries, (lines, cuts)


def test_the_positions_lines_as_typed_stay_lines_in_pdf_and_docx(world):
    typed = "รองอธิบดี ปฏิบัติราชการแทน\nอธิบดีกรมส่งเสริมการปกครองท้องถิ่น"
    assert _position_lines(_letter(world, "pdf", typed), typed) == ["รองอธิบดีปฏิบัติราชการแทน", typed.split("\n")[1]]
    with zipfile.ZipFile(io.BytesIO(_letter(world, "docx", typed))) as docx:
        paragraphs = _paragraph_texts(docx.read("word/document.xml").decode())
    start = paragraphs.index(f"({SIGNER})") + 1
    assert [p.replace(ZERO_WIDTH_SPACE, "") for p in paragraphs[start:start + 2]] == typed.split("\n")


def _paragraph_texts(xml: str) -> list[str]:
    return ["".join(unescape(t) for t in re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p))
            for p in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S)]


def test_the_docx_lets_word_break_a_long_position_between_words_only(world):
    with zipfile.ZipFile(io.BytesIO(_letter(world, "docx", LONG_POSITION))) as docx:
        xml = docx.read("word/document.xml").decode()
        styles = docx.read("word/styles.xml").decode()
    paragraphs = _paragraph_texts(xml)
    with_breaks = [p for p in paragraphs if ZERO_WIDTH_SPACE in p]
    assert len(with_breaks) == 1  # the position, and nothing else
    position = with_breaks[0]
    assert position.replace(ZERO_WIDTH_SPACE, "") == LONG_POSITION
    assert position.split(ZERO_WIDTH_SPACE) == thai_words(LONG_POSITION)  # a break between each two words
    assert paragraphs[paragraphs.index(position) - 1] == f"({SIGNER})"
    assert 'w:bidi="th-TH"' in styles  # Thai as the complex-script language: Word's Thai line breaking


def test_thai_words_are_cut_by_the_dictionary():
    assert thai_words("ผู้อำนวยการสำนักส่งเสริม") == ["ผู้", "อำนวย", "การ", "สำนัก", "ส่งเสริม"]
    assert thai_words("ปฏิบัติราชการแทน ท้องถิ่นจังหวัด") == ["ปฏิบัติ", "ราชการ", "แทน ", "ท้องถิ่น", "จังหวัด"]
    assert thai_words("") == [] and thai_words("ก") == ["ก"]
