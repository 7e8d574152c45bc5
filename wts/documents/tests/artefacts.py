"""Rendered pages kept after the run (var/test-artefacts/, gitignored) for a person to look at, and
the readers the tests use on the files: pdftotext (poppler, as PDF viewers on Linux read text) and
pypdf (the text as drawn, glyph by glyph in drawing order)."""

import io
import subprocess
from pathlib import Path

from django.conf import settings


def keep_rendered_pages(name: str, pdf: bytes, *, dpi: int = 60) -> list[Path]:
    directory = Path(settings.VAR_DIR) / "test-artefacts"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{name}.pdf").write_bytes(pdf)
    for old in directory.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(directory / f"{name}.pdf"), str(directory / name)],
                   check=True)
    return sorted(directory.glob(f"{name}-*.png"))


def pdftotext(pdf: bytes, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def drawn_text(pdf: bytes) -> str:
    """Every glyph's text in drawing order, without white space: what a copy must be made of."""
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return "".join(text.split())


def misread_words(pdf: bytes) -> list[str]:
    """The words pdftotext reads that are nowhere in the text as drawn: a mark moved to another
    consonant, a word cut and its pieces swapped."""
    drawn = drawn_text(pdf)
    return [word for word in pdftotext(pdf).split() if word not in drawn]


def pixels(pdf: bytes, *, dpi: int = 40) -> bytes:
    """Every page rendered in grey (PGM), for comparing two PDFs pixel for pixel."""
    return subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-"], input=pdf, capture_output=True,
                          check=True).stdout


def docx_text(content: bytes) -> str:
    """A DOCX's paragraphs as a reader sees them: a no-break space is a space, a word joiner or a
    zero-width space shows nothing (the letter keeps ที่ and unit names on one line with them)."""
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    return text.replace("\u00a0", " ").replace("\u2060", "").replace("\u200b", "")


SOFFICE = shutil.which("soffice") if (shutil := __import__("shutil")) else None


def docx_to_pdf_in_libreoffice(content: bytes, workdir: Path) -> bytes:
    """The DOCX as LibreOffice headless lays it out, with Sarabun standing in for TH Sarabun New
    (a fontconfig alias: the machine has no Thai font of its own, an officer's PC has TH Sarabun New)."""
    from wts.lib.pdf_fonts import SOURCE_DIR

    workdir.mkdir(parents=True, exist_ok=True)
    config = workdir / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        "<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>"
        f"<dir>{SOURCE_DIR}</dir><cachedir>{workdir / 'fc-cache'}</cachedir>"
        '<alias binding="same"><family>TH Sarabun New</family><prefer><family>Sarabun</family></prefer></alias>'
        "</fontconfig>")
    source = workdir / "letter.docx"
    source.write_bytes(content)
    env = {**__import__("os").environ, "FONTCONFIG_FILE": str(config), "HOME": str(workdir)}
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{workdir / 'profile'}", "--convert-to",
                    "pdf", "--outdir", str(workdir), str(source)], check=True, capture_output=True, env=env,
                   timeout=180)
    return (workdir / "letter.pdf").read_bytes()
