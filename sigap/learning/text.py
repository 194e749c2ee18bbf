"""Safe Markdown for lessons, without a Markdown package: a small subset, escaped first.

Everything the author writes is HTML-escaped, then only these are turned into tags: ``#``–``###``
headings, paragraphs, ``-``/``*`` and ``1.`` lists, ``**bold**``, ``*italic*`` and
``[text](https://…)`` links (http and https only; they open with ``rel="noopener nofollow"``).
Raw HTML, images from anywhere and ``javascript:`` links therefore cannot get through.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^\s)\"'<>]+)\)")
_ORDERED = re.compile(r"^\d+\.\s+")


def _emphasis(text: str) -> str:
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    return _ITALIC.sub(r"<em>\1</em>", text)


def _inline(text: str) -> str:
    # Bold and italic apply to the text between links and inside a link's text, never across a link's
    # tags or inside its address (an address with * would otherwise get <em> in its href).
    text = escape(text)
    pieces: list[str] = []
    start = 0
    for link in _LINK.finditer(text):
        pieces.append(_emphasis(text[start : link.start()]))
        pieces.append(f'<a href="{link.group(2)}" rel="noopener nofollow">{_emphasis(link.group(1))}</a>')
        start = link.end()
    pieces.append(_emphasis(text[start:]))
    return "".join(pieces)


def render_markdown(source: str) -> SafeString:
    """The HTML of a lesson's Markdown (the subset above)."""
    html: list[str] = []
    paragraph: list[str] = []
    list_tag = ""

    def close_paragraph() -> None:
        if paragraph:
            html.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()

    def close_list() -> None:
        nonlocal list_tag
        if list_tag:
            html.append(f"</{list_tag}>")
            list_tag = ""

    for raw in (source or "").splitlines():
        line = raw.strip()
        heading = re.match(r"^(#{1,3})\s+(.*)$", line)
        bullet = re.match(r"^[-*]\s+(.*)$", line)
        ordered = _ORDERED.match(line)
        if not line:
            close_paragraph()
            close_list()
        elif heading:
            close_paragraph()
            close_list()
            level = len(heading.group(1)) + 1  # the page's own title is the h1
            html.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif bullet or ordered:
            close_paragraph()
            tag = "ul" if bullet else "ol"
            if list_tag != tag:
                close_list()
                html.append(f"<{tag}>")
                list_tag = tag
            item = bullet.group(1) if bullet else line[ordered.end() :]  # type: ignore[union-attr]
            html.append(f"<li>{_inline(item)}</li>")
        else:
            close_list()
            paragraph.append(line)
    close_paragraph()
    close_list()
    return mark_safe("\n".join(html))  # noqa: S308 - every piece of author text went through escape()
