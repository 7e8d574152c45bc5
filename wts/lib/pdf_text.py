"""ActualText spans around the Thai words of a PDF, so that text copied out of it (pdftotext, a PDF
viewer's copy, a search) is the Thai that was written, every mark in its place.

Why: Thai vowel and tone marks are zero-width glyphs drawn at the end of their consonant, where the
next consonant starts too. The ToUnicode map of the font is right, glyph by glyph (`pdf_fonts` sees
to ำ), but a text extractor rebuilds words from glyph positions: poppler (pdftotext, Evince, Okular)
takes a glyph that starts within a tenth of an em of the one before for duplicated text (a fake
bold), cuts the word there and puts the pieces back in order of position. Measured with Sarabun:
"ผู้อำนวยการ" came out as "ผูอ ้ ำนวยการ" (sara uu and mai tho drawn at one origin), "ปู่ย่า" as
"ปู่ยา่", "กิน" and "ที่นี่" misplaced their vowels too. Copies of glyphs cannot help (the positions,
not the glyphs, mislead), and a span per cluster is not enough either: a mark that leans left ends
the cluster's box early and the reader sees a space before the next consonant ("ปิ่ นโต"). So the
whole word (a run of glyphs up to a space, a line or a font change) that holds a Thai mark goes in
one marked-content span with /ActualText (PDF 32000-1, 14.9.4): readers lay its text out over the
word's box like any run of characters. Readers that ignore ActualText (pypdf) still read the
ToUnicode text in drawing order. Nothing drawn changes: the page looks the same, pixel for pixel.
"""

import codecs
import io
import re

# The Thai marks: above and below vowels, tone marks and the other signs (U+0E31, U+0E34-0E3A,
# U+0E47-0E4E), and sara am, which Sarabun draws as nikhahit (an empty text in ToUnicode) + sara aa.
THAI_MARK = re.compile("[\u0e31\u0e33-\u0e3a\u0e47-\u0e4e]")
TEXT_OPERATORS = {b"TJ", b"Tj", b"Ts"}  # a word may span these (Ts: a mark raised); any other ends it
BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
BFCHAR_ENTRY = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")


def _is_mark(text: str) -> bool:
    return text == "" or THAI_MARK.match(text) is not None


def _to_unicode(font) -> dict[bytes, str] | None:
    """Glyph code (two bytes) -> text, for the Type0 fonts WeasyPrint writes; None for any other font."""
    font = font.get_object()
    if font.get("/Subtype") != "/Type0" or "/ToUnicode" not in font:
        return None
    cmap = font["/ToUnicode"].get_object().get_data()
    mapping = {}
    for block in BFCHAR.findall(cmap):
        for code, text in BFCHAR_ENTRY.findall(block):
            mapping[bytes.fromhex(code.decode())] = bytes.fromhex(text.decode()).decode("utf-16-be")
    return mapping


def _glyph_items(operator: bytes, operands) -> list:
    """The items of a text-showing operator: glyph strings and position adjustments."""
    if operator == b"Tj":
        return [operands[0]]
    return list(operands[0])


def _words(operations, fonts) -> dict:
    """The words to mark: (op, item, byte offset) of a word's first glyph -> that of its last glyph and
    the word's text. A word is a run of glyphs up to a space, a line or a font change; it is marked
    when it has a Thai mark in it."""
    words = {}
    font, word = None, None  # word: [first position, last position, text, has a mark]

    def close():
        nonlocal word
        if word and word[3]:
            words[word[0]] = (word[1], word[2])
        word = None

    for index, (operands, operator) in enumerate(operations):
        if operator == b"Tf":
            close()
            font = fonts.get(operands[0])
            continue
        if operator not in TEXT_OPERATORS:
            close()
            continue
        if operator == b"Ts" or font is None:
            continue
        for item_index, item in enumerate(_glyph_items(operator, operands)):
            if not isinstance(item, bytes):
                continue  # a position adjustment
            for offset in range(0, len(item) - 1, 2):
                text = font.get(item[offset:offset + 2], "")
                position = (index, item_index, offset)
                if text.isspace():
                    close()
                elif word is None:
                    word = [position, position, text, False]
                else:
                    word[1], word[2] = position, word[2] + text
                    word[3] = word[3] or _is_mark(text)
    close()
    return words


def _span(text: str):
    from pypdf.generic import ByteStringObject, DictionaryObject, NameObject

    actual = ByteStringObject(codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
    return [NameObject("/Span"), DictionaryObject({NameObject("/ActualText"): actual})], b"BDC"


def _rewrite(operations, words: dict) -> list:
    """The operations with a BDC before each marked word's first glyph and an EMC after its last,
    text-showing operators cut there (the glyphs, their adjustments and their order unchanged)."""
    from pypdf.generic import ArrayObject, ByteStringObject

    ends = {last for last, _text in words.values()}
    touched = {position[0] for position in words.keys() | ends}
    out = []
    for index, (operands, operator) in enumerate(operations):
        if index not in touched:
            out.append((operands, operator))
            continue
        items, glyphs = [], b""

        def flush():
            nonlocal items, glyphs
            if glyphs:
                items.append(ByteStringObject(glyphs))
            if items:
                out.append(([ArrayObject(items)], b"TJ"))
            items, glyphs = [], b""

        for item_index, item in enumerate(_glyph_items(operator, operands)):
            if not isinstance(item, bytes):
                if glyphs:
                    items.append(ByteStringObject(glyphs))
                    glyphs = b""
                items.append(item)
                continue
            for offset in range(0, len(item) - 1, 2):
                position = (index, item_index, offset)
                if position in words:
                    flush()
                    out.append(_span(words[position][1]))
                glyphs += item[offset:offset + 2]
                if position in ends:
                    flush()
                    out.append(([], b"EMC"))
        flush()
    return out


def _mark_stream(content, resources, reader):
    """The content stream with its Thai words in ActualText spans, or None when it has none."""
    from pypdf.generic import ContentStream

    fonts = {}
    for name, font in (resources.get("/Font") or {}).items():
        mapping = _to_unicode(font)
        if mapping is not None:
            fonts[name] = mapping
    if not fonts:
        return None
    # Strings as bytes: glyph codes are two-byte values, not text (pypdf would decode them otherwise).
    stream = ContentStream(content, reader, forced_encoding="bytes")
    words = _words(stream.operations, fonts)
    if not words:
        return None
    stream.operations = _rewrite(stream.operations, words)
    return stream


def mark_thai_words(pdf: bytes) -> bytes:
    """The PDF with every word that has a Thai mark in an ActualText span."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    changed = False
    for page in writer.pages:
        resources = page.get("/Resources", {})
        stream = _mark_stream(page.get_contents(), resources, writer)
        if stream is not None:
            page.replace_contents(stream)
            changed = True
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") != "/Form":
                continue
            form = _mark_stream(xobject, xobject.get("/Resources", resources), writer)
            if form is not None:
                xobject.set_data(form.get_data())
                changed = True
        page.compress_content_streams()
    if not changed:
        return pdf
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
