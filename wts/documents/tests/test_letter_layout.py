"""Issue 27 §5: the layout an officer signs unchanged. The signature block and the owner unit's
lines never stand on a page of their own, ที่ is on one line, the DOCX laid out by LibreOffice has
the PDF's page count within one, its attachment table fitted with its header repeated and rows kept
whole, the QR code an image. Read back with pdftotext and python-docx, for signers and bodies of
many lengths (hypothesis, few examples: each renders a PDF)."""

import io
import shutil

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wts.documents import letters
from wts.documents.render import pdf, word
from wts.documents.tests.artefacts import docx_to_pdf_in_libreoffice, pdftotext

pytestmark = pytest.mark.django_db
POSITIONS = ["ท้องถิ่นจังหวัดนครพนม", "รองอธิบดี ปฏิบัติราชการแทน\nอธิบดีกรมส่งเสริมการปกครองท้องถิ่น",
             "ผู้อำนวยการสำนักส่งเสริมและพัฒนาการบริหารจัดการท้องถิ่น\nรักษาราชการแทน\nอธิบดีกรมส่งเสริมการปกครองท้องถิ่น"]
REFERENCE_WORD = "หนังสือกรมส่งเสริมการปกครองท้องถิ่น ด่วนมาก ที่ มท ๐๘๑๒/ว ๑๕๖๕ ลงวันที่ ๒๓ เมษายน ๒๕๖๙ "


def letter_pages(pdf_bytes: bytes) -> list[str]:
    """The letter's own pages (the attachment, which starts with the report's title, left out)."""
    pages = pdftotext(pdf_bytes).split("\f")
    own = []
    for page in pages:
        if "แบบรายงานสถานะ" in page and own and "ขอแสดงความนับถือ" not in page:
            break
        own.append(page)
    return own


def assert_signature_and_owner_unit_not_alone(pages: list[str], letter) -> None:
    signer_page = next(i for i, page in enumerate(pages) if f"({letter.signer_name.strip()})" in page)
    unit_pages = [i for i, page in enumerate(pages) if letter.contact_unit in "".join(page.split()) or
                  "".join(letter.contact_unit.split()) in "".join(page.split())]
    assert unit_pages and unit_pages[-1] == signer_page, "the owner unit is on another page than the signature"
    own = "".join(pages[signer_page].split())
    closing = "".join(letter.closing.split())[:12]
    assert closing in own, "the signature is on a page without the closing"
    # Something of the letter's text stands before the closing on that page: not a page of the block only.
    before = own.split(closing)[0]
    text_before = before.replace("‐", "").strip("-๐๑๒๓๔๕๖๗๘๙0123456789 ")
    assert len(text_before) > 10, pages[signer_page][:200]


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.sampled_from(POSITIONS), references=st.integers(min_value=0, max_value=5),
       province=st.booleans())
def test_no_page_holds_only_the_signature_or_the_owner_unit(world, position, references, province):
    letter = letters.draft_letter(world.round, province=world.np if province else None,
                                  doc_no="นพ 0023.3/ว 123" if province else "มท 0812/ว 1960",
                                  signer_name="นายจรุญ ศรีธาโพธิ์", signer_position=position,
                                  reference=(REFERENCE_WORD * references).strip())
    content = pdf.letter_pdf(letter, thai_digits=True)
    pages = letter_pages(content)
    assert_signature_and_owner_unit_not_alone(pages, letter)
    first_lines = [line.strip() for line in pages[0].splitlines()]
    number = "ที่ นพ ๐๐๒๓.๓/ว ๑๒๓" if province else "ที่ มท ๐๘๑๒/ว ๑๙๖๐"
    assert any(line.startswith(number) for line in first_lines), first_lines[:8]  # ที่ on one line


def test_the_docx_keeps_the_block_together_and_its_attachment_table_whole(world):
    letter = letters.draft_letter(world.round, signer_name="นายจรุญ ศรีธาโพธิ์", signer_position=POSITIONS[1])
    document = Document(io.BytesIO(word.letter_docx(letter, thai_digits=True)))
    paragraphs = document.paragraphs
    closing = next(i for i, p in enumerate(paragraphs) if p.text.startswith("รายละเอียดปรากฏ"))
    unit = next(i for i, p in enumerate(paragraphs) if p.text == letter.contact_unit)
    # Every paragraph from the last line of the text to the owner unit keeps with the next.
    assert all(p.paragraph_format.keep_with_next for p in paragraphs[closing - 1:unit])
    table = document.tables[0]
    header = table.rows[0]._tr.trPr
    assert header is not None and header.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None
    assert all(row._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}cantSplit")
               is not None for row in table.rows)
    widths = [cell.width.cm for cell in table.rows[0].cells]
    assert widths[0] < 2 and max(widths) >= 5.5  # fitted, not three equal columns
    assert document.inline_shapes, "the QR code is an image in the DOCX"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("province", [False, True])
def test_libreoffice_lays_the_docx_out_within_a_page_of_the_pdf(world, tmp_path, province):
    letter = letters.draft_letter(world.round, province=world.np if province else None,
                                  doc_no="นพ 0023.3/ว 123" if province else "มท 0812/ว 1960",
                                  signer_name="นายจรุญ ศรีธาโพธิ์", signer_position=POSITIONS[1],
                                  reference=REFERENCE_WORD)
    ours = pdf.letter_pdf(letter, thai_digits=True)
    theirs = docx_to_pdf_in_libreoffice(word.letter_docx(letter, thai_digits=True), tmp_path)
    ours_pages, theirs_pages = pdftotext(ours).count("\f"), pdftotext(theirs).count("\f")
    assert abs(ours_pages - theirs_pages) <= 1, (ours_pages, theirs_pages)
    lines = [line.strip() for line in pdftotext(theirs).splitlines()]
    number = "ที่ นพ ๐๐๒๓.๓/ว ๑๒๓" if province else "ที่ มท ๐๘๑๒/ว ๑๙๖๐"
    assert any(line.startswith(number) for line in lines)
    assert_signature_and_owner_unit_not_alone(letter_pages(theirs), letter)


def test_the_workbook_gives_wrapped_notes_room_for_lower_vowels_and_carries_the_qr_image(world):
    from openpyxl import load_workbook

    from wts.documents import reports
    from wts.documents.render import workbook

    content = workbook.status_report_xlsx(reports.national_report(world.round))
    sheet = load_workbook(io.BytesIO(content)).active
    notes = [row for row in range(1, sheet.max_row + 1)
             if str(sheet.cell(row=row, column=1).value or "").startswith(("1. ", "2. "))]
    assert notes
    for row in notes:
        text = sheet.cell(row=row, column=1).value
        lines = workbook.wrapped_lines(text)
        assert lines >= 2 or len(text) < workbook.CHARACTERS_PER_LINE
        assert sheet.row_dimensions[row].height >= workbook.WRAPPED_LINE_POINTS * lines
    import zipfile

    media = [name for name in zipfile.ZipFile(io.BytesIO(content)).namelist() if name.startswith("xl/media/")]
    assert media, "the QR code is an image on the sheet"
