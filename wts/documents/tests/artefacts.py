"""Rendered pages kept after the run (var/test-artefacts/, gitignored) for a person to look at."""

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


def pdftotext(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
