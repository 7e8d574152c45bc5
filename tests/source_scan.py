"""The application's source as syntax trees, for the checks that read it (states, audit codes,
notification kinds): every module of wts/ outside tests and migrations."""

import ast
from pathlib import Path

WTS = Path(__file__).resolve().parents[1] / "wts"


def application_sources(root: Path = WTS):
    """(path, tree) of each application module below `root`."""
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
