"""Thai word boundaries, for breaking a line of Thai (written without spaces between words) only
between words.

The dictionary is libthai's, asked through Pango: the same library and dictionary that break the
lines of the PDFs (WeasyPrint lays text out with Pango, and Pango breaks Thai with libthai), so the
PDF and the DOCX break a line at the same places. No new dependency: Pango is loaded by WeasyPrint
through its own cffi binding, and Debian's Pango depends on libthai and its dictionary.
"""

ZERO_WIDTH_SPACE = "\u200b"


def thai_words(text: str) -> list[str]:
    """The text cut at each place a line may break: "ผู้อำนวยการสำนัก" -> ["ผู้", "อำนวย", "การ", "สำนัก"].
    A space stays at the end of the word before it; the pieces join back to the text."""
    if len(text) < 2:
        return [text] if text else []
    from weasyprint.text.ffi import ffi, pango  # imported on use: it loads Pango

    data = text.encode()
    attrs = ffi.new("PangoLogAttr[]", len(text) + 1)
    pango.pango_get_log_attrs(data, len(data), -1, pango.pango_language_from_string(b"th"), attrs, len(text) + 1)
    cuts = [0] + [i for i in range(1, len(text)) if attrs[i].is_line_break] + [len(text)]
    return [text[start:end] for start, end in zip(cuts, cuts[1:], strict=False)]


def with_word_breaks(text: str) -> str:
    """The text with a zero-width space wherever a line may break between two words that no space
    separates: Word and LibreOffice then wrap a long Thai line there, never inside a word."""
    words = thai_words(text)
    return "".join(word if word.endswith(" ") or i == len(words) - 1 else word + ZERO_WIDTH_SPACE
                   for i, word in enumerate(words))
