"""A PNG copy of an SVG, for the places that take no SVG: the Garuda emblem in a DOCX letter (Word
places an SVG only beside a PNG fallback, and older Word and LibreOffice versions show only that).

Route: WeasyPrint, which already draws every PDF of the system (the emblem of the PDF letters too),
draws the SVG alone on a page of the picture's size; PDFium (pypdfium2, self-contained wheels)
rasterises that page with a transparent background. So the DOCX shows the picture the PDF shows.
CairoSVG would need the system's cairo, which the servers do not install (docs/deploy.md); WeasyPrint
itself writes no PNG since version 53.

Bounded: an SVG is a program of sorts (a 108-byte one with `viewBox="0 0 1000 1"` asked for a
picture 709,000 dots wide and ran the server out of memory). So the proportions are bounded before
anything is drawn, and the drawing runs in a child process (`python -m wts.lib.images`) that limits
its own address space and CPU time before it imports WeasyPrint, killed after a wall-time budget;
it fetches nothing (wts.lib.pdf_fetcher with no directories: data: URLs only).
"""

import base64
import os
import re
import resource
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

CM_PER_INCH = 2.54
LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px|pt|pc|mm|cm|in)?\s*$")
UNIT_PX = {None: 1, "px": 1, "pt": 4 / 3, "pc": 16, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96}
# The Garuda is about as wide as it is high; a picture 4 times wider (or higher) is no emblem.
MAX_ASPECT_RATIO = 4.0
MAX_DRAWN_PIXELS = 16_000_000
# The child's limits. Drawing the emblem takes about 1 s and 150 MB; WeasyPrint's libraries map
# about 600 MB of address space before drawing anything.
DRAW_SECONDS = 20
DRAW_CPU_SECONDS = 15
DRAW_ADDRESS_SPACE_BYTES = 2 * 1024 ** 3
PROJECT_DIR = Path(__file__).resolve().parents[2]


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


def checked_aspect_ratio(svg: bytes, *, height_cm: float, dpi: int) -> float:
    """The SVG's aspect ratio, if the picture it asks for is of an emblem's proportions and size."""
    from defusedxml.common import DefusedXmlException

    try:
        ratio = svg_aspect_ratio(svg)
    except (ValueError, ArithmeticError, ParseError, DefusedXmlException) as error:
        raise ImageError(str(error)) from error
    if not 1 / MAX_ASPECT_RATIO <= ratio <= MAX_ASPECT_RATIO:
        raise ImageError(f"aspect ratio {ratio:g} is beyond {MAX_ASPECT_RATIO:g}")
    height_px = height_cm / CM_PER_INCH * dpi
    if height_px * height_px * ratio > MAX_DRAWN_PIXELS:
        raise ImageError("picture too large")
    return ratio


def svg_to_png(svg: bytes, *, height_cm: float, dpi: int = 600) -> bytes:
    """The SVG drawn `height_cm` high (its width by its own proportions) as a PNG of `dpi` dots per
    inch that says so (pHYs), so that Word places it at that size. Drawn in a bounded child
    process; raises ImageError if it cannot be drawn within the bounds."""
    checked_aspect_ratio(svg, height_cm=height_cm, dpi=dpi)
    try:
        child = subprocess.run(
            [sys.executable, "-m", "wts.lib.images", repr(float(height_cm)), str(int(dpi))],
            input=svg, capture_output=True, timeout=DRAW_SECONDS, cwd=PROJECT_DIR, check=False)
    except subprocess.TimeoutExpired as error:
        raise ImageError("drawing took too long") from error
    if child.returncode != 0 or not child.stdout.startswith(b"\x89PNG"):
        message = child.stderr.decode(errors="replace").strip().splitlines()
        raise ImageError(message[-1] if message else f"drawing failed ({child.returncode})")
    return child.stdout


def draw_svg_png(svg: bytes, *, height_cm: float, dpi: int) -> bytes:
    """The drawing itself, in the child process."""
    import pypdfium2
    from weasyprint import HTML

    from wts.lib.pdf_fetcher import ProjectFetcher

    try:
        width_cm = height_cm * checked_aspect_ratio(svg, height_cm=height_cm, dpi=dpi)
        uri = f"data:image/svg+xml;base64,{base64.b64encode(svg).decode()}"
        pdf = HTML(string=(
            f"<style>@page {{ size: {width_cm:.4f}cm {height_cm:.4f}cm; margin: 0 }} body {{ margin: 0 }}"
            f" img {{ display: block; width: {width_cm:.4f}cm; height: {height_cm:.4f}cm }}</style>"
            f'<img src="{uri}" alt="">'), url_fetcher=ProjectFetcher()).write_pdf()
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


def limit_this_process() -> None:
    address_space = int(os.environ.get("WTS_SVG_DRAW_ADDRESS_SPACE_BYTES", DRAW_ADDRESS_SPACE_BYTES))
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    resource.setrlimit(resource.RLIMIT_CPU, (DRAW_CPU_SECONDS, DRAW_CPU_SECONDS))


if __name__ == "__main__":
    limit_this_process()
    try:
        sys.stdout.buffer.write(draw_svg_png(sys.stdin.buffer.read(), height_cm=float(sys.argv[1]), dpi=int(sys.argv[2])))
    except (ImageError, MemoryError) as failure:
        sys.exit(f"{type(failure).__name__}: {failure}")
