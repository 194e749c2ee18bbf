"""PDF building blocks every app prints with: a font that can print every name, titled blocks of
fields and tables (:class:`Block`, :func:`blocks_pdf`), and times in the organisation's zone
(:func:`format_when`).

reportlab's built-in fonts (Helvetica …) cover Latin-1 only: a name such as "Ṣaputri" or one in
another script would print as black boxes. DejaVu Sans (vendored from npm by
``scripts/vendor-assets.sh``, licence beside it) covers Latin, Greek, Cyrillic, Arabic and more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from sigap.lib.dates import format_when as format_when  # the one date format, for the PDFs

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


@dataclass
class Block:
    """A titled part of the summary: label/value pairs and/or a table."""

    title: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    head: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    # Relative column widths in the PDF.
    weights: list[int] = field(default_factory=list)
    empty: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.fields and not self.rows


def paragraph(text: str, style: Any) -> Any:
    """``text`` escaped, its line breaks kept, as a reportlab paragraph."""
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def blocks_pdf(title: str, blocks: list[Block], *, footer: str) -> bytes:
    """Titled blocks as an A4 PDF with ``footer`` and the page number on every page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    styles = stylesheet()
    body, h1, h2 = styles["BodyText"], styles["Title"], styles["Heading2"]
    small = body.clone("small", fontSize=8, leading=10)
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=title,
        author="Sigap",
    )

    def on_page(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(register_fonts()[0], 8)
        canvas.drawString(15 * mm, 10 * mm, footer)
        canvas.drawRightString(A4[0] - 15 * mm, 10 * mm, _("Page %(page)d") % {"page": document.page})
        canvas.restoreState()

    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
        ]
    )
    story: list[Any] = [paragraph(title, h1)]
    for block in blocks:
        story.append(paragraph(block.title, h2))
        if block.is_empty:
            story.append(paragraph(block.empty, body))
            continue
        if block.fields:
            table = Table(
                [[paragraph(label, small), paragraph(value, small)] for label, value in block.fields],
                colWidths=[doc.width * 0.3, doc.width * 0.7],
            )
            table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story.append(table)
            story.append(Spacer(1, 3 * mm))
        if block.rows:
            weights = block.weights or [1] * len(block.head)
            widths = [doc.width * w / sum(weights) for w in weights]
            data = [[paragraph(h, small) for h in block.head]] + [
                [paragraph(c, small) for c in row] for row in block.rows
            ]
            table = Table(data, colWidths=widths, repeatRows=1)
            table.setStyle(grid)
            story.append(table)
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
