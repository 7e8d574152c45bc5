"""A PNG copy of an SVG, for the places that take no SVG: the Garuda emblem in a DOCX letter (Word
places an SVG only beside a PNG fallback, and older Word and LibreOffice versions show only that).

Route: WeasyPrint, which already draws every PDF of the system (the emblem of the PDF letters too),
draws the SVG alone on a page of the picture's size; PDFium (pypdfium2, self-contained wheels)
rasterises that page with a transparent background. So the DOCX shows the picture the PDF shows.
CairoSVG would need the system's cairo, which the servers do not install (docs/deploy.md); WeasyPrint
itself writes no PNG since version 53.
"""

import base64
import re
import struct
import zlib
from xml.etree.ElementTree import ParseError

CM_PER_INCH = 2.54
LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px|pt|pc|mm|cm|in)?\s*$")
UNIT_PX = {None: 1, "px": 1, "pt": 4 / 3, "pc": 16, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96}


class ImageError(ValueError):
    """The SVG cannot be drawn."""


def svg_aspect_ratio(svg: bytes) -> float:
    """Width over height, from the viewBox, else from the width and height, else square."""
    from defusedxml import ElementTree

    root = ElementTree.fromstring(svg)
    view_box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(view_box) == 4 and float(view_box[3]) > 0:
        return float(view_box[2]) / float(view_box[3])
    width, height = (LENGTH.match(root.get(name) or "") for name in ("width", "height"))
    if width and height and float(height.group(1)) > 0:
        return (float(width.group(1)) * UNIT_PX[width.group(2)]) / (float(height.group(1)) * UNIT_PX[height.group(2)])
    return 1.0


def svg_to_png(svg: bytes, *, height_cm: float, dpi: int = 600) -> bytes:
    """The SVG drawn `height_cm` high (its width by its own proportions) as a PNG of `dpi` dots per
    inch that says so (pHYs), so that Word places it at that size."""
    import pypdfium2
    from weasyprint import HTML

    try:
        width_cm = height_cm * svg_aspect_ratio(svg)
        uri = f"data:image/svg+xml;base64,{base64.b64encode(svg).decode()}"
        pdf = HTML(string=(
            f"<style>@page {{ size: {width_cm:.4f}cm {height_cm:.4f}cm; margin: 0 }} body {{ margin: 0 }}"
            f" img {{ display: block; width: {width_cm:.4f}cm; height: {height_cm:.4f}cm }}</style>"
            f'<img src="{uri}" alt="">')).write_pdf()
        document = pypdfium2.PdfDocument(pdf)
        bitmap = document[0].render(scale=dpi / 72, fill_color=(255, 255, 255, 0), rev_byteorder=True)
    except (ValueError, ArithmeticError, ParseError, pypdfium2.PdfiumError) as error:
        raise ImageError(str(error)) from error
    rgba = bytes(bitmap.buffer)
    rows = [rgba[y * bitmap.stride:y * bitmap.stride + bitmap.width * 4] for y in range(bitmap.height)]
    if not any(row[3::4].strip(b"\0") for row in rows):
        raise ImageError("nothing drawn")
    return png(bitmap.width, bitmap.height, rows, dpi=dpi)


def png(width: int, height: int, rows: list[bytes], *, dpi: int) -> bytes:
    """An 8-bit RGBA PNG from its rows of pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    dots_per_metre = round(dpi / CM_PER_INCH * 100)
    return b"".join([
        b"\x89PNG\r\n\x1a\n",
        chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)),
        chunk(b"pHYs", struct.pack(">IIB", dots_per_metre, dots_per_metre, 1)),
        chunk(b"IDAT", zlib.compress(b"".join(b"\0" + row for row in rows))),
        chunk(b"IEND", b""),
    ])
