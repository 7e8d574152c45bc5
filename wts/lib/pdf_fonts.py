"""Sarabun for the PDFs the system makes, rebuilt once so that copying text out of a PDF gives the
Thai that was written.

Why: HarfBuzz draws sara am (ำ) as nikhahit + the sara aa glyph (with a tone mark, Sarabun's
nikhahit+tone ligature + sara aa). A PDF maps each glyph to one text, so the shared sara aa glyph
reads either as า everywhere or as ำ everywhere ("สำนักงำน"). The build below adds identical copies
of sara aa, one per context (after nikhahit, after each nikhahit+tone ligature), substituted by a
chained-context lookup appended to `ccmp`; each copy is then always seen with the same text.
The outlines and advances are the original's, so the page looks the same.

The fixed files are built on first use into VAR_DIR/fonts, named after a hash of the source font
and of this build, so a new Sarabun or a new build rule makes new files (fontTools comes from PyPI).
"""

import copy
import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path

import fontpkg_sarabun
from django.conf import settings

SOURCE_DIR = fontpkg_sarabun.ROOT / "files"
WEIGHTS = ((400, "Regular"), (600, "SemiBold"), (700, "Bold"))
BUILD_VERSION = "am-1"
SARA_AA = "uni0E32"
NIKHAHIT = ("uni0E4D", "uni0E4D.narrow")
TONES = ("0E48", "0E49", "0E4A", "0E4B")


def _single_subst_lookup(mapping: dict[str, str]):
    from fontTools.otlLib.builder import buildLookup, buildSingleSubstSubtable

    return buildLookup([buildSingleSubstSubtable(mapping)])


def _chain_subtable(backtrack: list[str], glyph: str, lookup_index: int, glyph_map: dict[str, int]):
    from fontTools.otlLib.builder import buildCoverage
    from fontTools.ttLib.tables import otTables

    def coverage(glyphs):
        return buildCoverage(glyphs, glyph_map)

    st = otTables.ChainContextSubst()
    st.Format = 3
    st.BacktrackGlyphCount, st.BacktrackCoverage = 1, [coverage(backtrack)]
    st.InputGlyphCount, st.InputCoverage = 1, [coverage([glyph])]
    st.LookAheadGlyphCount, st.LookAheadCoverage = 0, []
    record = otTables.SubstLookupRecord()
    record.SequenceIndex, record.LookupListIndex = 0, lookup_index
    st.SubstCount, st.SubstLookupRecord = 1, [record]
    return st


def fix_sara_am(font) -> None:
    """Add the sara-aa copies and the `ccmp` lookup that picks them (in place)."""
    from fontTools.ttLib.tables import otTables

    order = font.getGlyphOrder()
    # Context -> (glyphs that precede sara aa, name of its copy). Copies go last in the glyph
    # order so every existing coverage table keeps its sorted order.
    contexts = [(list(NIKHAHIT), f"{SARA_AA}.am")]
    for tone in TONES:
        ligatures = [g for g in (f"uni0E4D{tone}", f"uni0E4D{tone}.narrow") if g in order]
        contexts.append((ligatures, f"{SARA_AA}.am{tone}"))
    glyf, hmtx = font["glyf"], font["hmtx"]
    new_order = order + [name for _before, name in contexts]
    for _before, name in contexts:
        glyf.glyphs[name] = copy.deepcopy(glyf[SARA_AA])
        hmtx.metrics[name] = hmtx.metrics[SARA_AA]
    font.setGlyphOrder(new_order)
    glyf.glyphOrder = new_order
    glyph_map = font.getReverseGlyphMap(rebuild=True)

    gsub = font["GSUB"].table
    lookups = gsub.LookupList.Lookup
    chain = otTables.Lookup()
    chain.LookupType, chain.LookupFlag = 6, 0
    chain.SubTable = []
    for before, name in contexts:
        lookups.append(_single_subst_lookup({SARA_AA: name}))
        chain.SubTable.append(_chain_subtable(before, SARA_AA, len(lookups) - 1, glyph_map))
    chain.SubTableCount = len(chain.SubTable)
    # Last in the list: it runs after Sarabun's own ccmp has made the nikhahit+tone ligatures.
    lookups.append(chain)
    gsub.LookupList.LookupCount = len(lookups)
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag == "ccmp":
            record.Feature.LookupListIndex.append(len(lookups) - 1)
            record.Feature.LookupCount = len(record.Feature.LookupListIndex)


def _source_hash(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes())
    digest.update(BUILD_VERSION.encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


@cache
def fixed_font_dir() -> Path:
    """A directory holding Sarabun-{Regular,SemiBold,Bold}.ttf with the text layer fix."""
    from fontTools.ttLib import TTFont

    key = _source_hash(SOURCE_DIR / "Sarabun-Regular.ttf")
    target = Path(settings.VAR_DIR) / "fonts" / f"sarabun-{key}"
    if all((target / f"Sarabun-{name}.ttf").exists() for _w, name in WEIGHTS):
        return target
    target.mkdir(parents=True, exist_ok=True)
    for _weight, name in WEIGHTS:
        font = TTFont(SOURCE_DIR / f"Sarabun-{name}.ttf")
        fix_sara_am(font)
        # Written beside the target and renamed, so a parallel worker never reads half a file.
        fd, tmp = tempfile.mkstemp(dir=target, suffix=".tmp")
        os.close(fd)
        font.save(tmp)
        os.replace(tmp, target / f"Sarabun-{name}.ttf")
    return target


def font_faces(family: str = "Sarabun") -> str:
    """@font-face rules for the fixed Sarabun, for every PDF template."""
    directory = fixed_font_dir()
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
        f'src: url("{(directory / f"Sarabun-{name}.ttf").as_uri()}"); }}'
        for weight, name in WEIGHTS
    )


def html_to_pdf(html: str) -> bytes:
    """Every PDF of the system goes through here, with the fixed font at hand and its Thai words
    marked for text extraction (`pdf_text`)."""
    from weasyprint import HTML  # imported on use: it loads Pango and fontconfig

    from wts.lib.pdf_fetcher import ProjectFetcher
    from wts.lib.pdf_text import mark_thai_words

    document = HTML(string=html, base_url=str(fixed_font_dir()), url_fetcher=ProjectFetcher(roots=document_roots()))
    return mark_thai_words(document.write_pdf())


def document_roots() -> list[Path]:
    """The only directories a PDF may read from: the fixed fonts and the project's static files."""
    from django.apps import apps

    roots = [fixed_font_dir(), Path(settings.STATIC_ROOT), *(Path(d) for d in settings.STATICFILES_DIRS)]
    return roots + [Path(app.path) / "static" for app in apps.get_app_configs()
                    if (Path(app.path) / "static").is_dir()]
