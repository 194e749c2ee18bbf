"""PDF styles with a font that can print every name.

reportlab's built-in fonts (Helvetica …) cover Latin-1 only: a name such as "Ṣaputri" or one in
another script would print as black boxes. DejaVu Sans (vendored from npm by
``scripts/vendor-assets.sh``, licence beside it) covers Latin, Greek, Cyrillic, Arabic and more.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, str]:
    """Register DejaVu Sans with reportlab once per process; returns (regular, bold) font names."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    # <b> and <i> in paragraphs: bold has its own face; italics print upright rather than fail.
    for bold, italic, face in ((0, 0, REGULAR), (0, 1, REGULAR), (1, 0, BOLD), (1, 1, BOLD)):
        addMapping(REGULAR, bold, italic, face)
    return REGULAR, BOLD


def stylesheet() -> Any:
    """reportlab's sample styles, each set in DejaVu Sans (bold where the sample is bold)."""
    from reportlab.lib.styles import getSampleStyleSheet

    regular, bold = register_fonts()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        current = getattr(style, "fontName", None)  # list styles carry no font
        if current:
            style.fontName = bold if "Bold" in current else regular
    return styles
