"""Styled text as the renderers describe it: spans in paragraphs, folds, blocks.

A span is a run of cleaned text in one style (plain, bold, italic, code, link, bold link; control
characters, lone surrogates, bidi controls and invisible format characters,
``digests.analysis.invisible``, never reach a chat); a paragraph
is a line of spans; a ``Fold`` holds paragraphs a reader opens on demand (Telegram's expandable
blockquote); a block is what belongs together (a story, a person). ``digests.stories.packing``
cuts blocks into messages; the functions here say what a span shows and costs in Telegram.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from enum import StrEnum

from digests.analysis.invisible import strip_invisible
from digests.stories.text import utf16_len

__all__ = [
    "ENTITIES",
    "Block",
    "Fold",
    "Paragraph",
    "Part",
    "RenderFormat",
    "Span",
    "Style",
    "entity_count",
    "markup",
    "merged",
    "one_line",
    "paragraph_length",
    "render_paragraph",
    "safe_url",
    "span",
    "visible",
]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class RenderFormat(StrEnum):
    """Telegram HTML, or the plain text it shows (sent when Telegram refuses the HTML)."""

    HTML = "html"
    TEXT = "text"


class Style(StrEnum):
    """How a span is shown: one Telegram HTML tag (or none), or a bold link (a headline)."""

    PLAIN = ""
    BOLD = "b"
    ITALIC = "i"
    CODE = "code"
    LINK = "a"
    # <b><a href>: in plain text only its words (the URL is in the story's sources line).
    BOLD_LINK = "b+a"


# Telegram entities one run of each style makes.
ENTITIES = {
    Style.PLAIN: 0,
    Style.BOLD: 1,
    Style.ITALIC: 1,
    Style.CODE: 1,
    Style.LINK: 1,
    Style.BOLD_LINK: 2,
}


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text in one style; a link carries its URL."""

    text: str
    style: Style = Style.PLAIN
    url: str | None = None


Paragraph = tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Fold:
    """Paragraphs a reader opens on demand: an expandable blockquote in Telegram."""

    paragraphs: tuple[Paragraph, ...]


Part = Paragraph | Fold
Block = tuple[Part, ...]


def _clean(text: str) -> str:
    # Lone surrogates and control characters make Telegram reject the whole message; bidi
    # overrides and zero-width characters would turn or hide what a reader sees.
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = strip_invisible(text)
    return _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str) -> str:
    """``text`` cleaned and on one line: how titles, names and quotes are shown."""
    return " ".join(_clean(text).split())


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for an href (quotes and brackets percent-encoded), else None."""
    if not url:
        return None
    url = url.strip()
    if not re.match(r"https?://[^\s/?#]+", url, re.IGNORECASE) or re.search(r"\s", url):
        return None
    for char, code in (('"', "%22"), ("<", "%3C"), (">", "%3E"), ("'", "%27")):
        url = url.replace(char, code)
    return url


def span(text: str, style: Style = Style.PLAIN, url: str | None = None) -> Span:
    """A span of cleaned text; a link whose URL is not a safe http(s) one loses its link."""
    if style in (Style.LINK, Style.BOLD_LINK):
        url = safe_url(url)
        if url is None:
            style = Style.PLAIN if style is Style.LINK else Style.BOLD
    else:
        url = None
    return Span(_clean(text), style, url)


def visible(span: Span, fmt: RenderFormat) -> str:
    """The words a span shows: in plain text a link adds its URL in brackets."""
    if fmt is RenderFormat.TEXT and span.style is Style.LINK and span.url:
        return f"{span.text} ({span.url})"
    return span.text


def markup(span: Span, fmt: RenderFormat) -> str:
    """A span as Telegram HTML (escaped, in its tags), or as plain text."""
    text = visible(span, fmt)
    if fmt is RenderFormat.TEXT or not text:
        return text
    escaped = html.escape(text, quote=False)
    if span.style is Style.PLAIN:
        return escaped
    if span.style in (Style.LINK, Style.BOLD_LINK):
        link = f'<a href="{html.escape(span.url or "", quote=True)}">{escaped}</a>'
        return link if span.style is Style.LINK else f"<b>{link}</b>"
    return f"<{span.style.value}>{escaped}</{span.style.value}>"


def paragraph_length(paragraph: Paragraph, fmt: RenderFormat) -> int:
    """What Telegram counts of a paragraph: its visible UTF-16 code units."""
    return sum(utf16_len(visible(span, fmt)) for span in paragraph)


def merged(paragraph: Paragraph) -> list[Span]:
    """Adjacent spans of one style and URL as one: one tag, one entity."""
    runs: list[Span] = []
    for span in paragraph:
        if not span.text:
            continue
        if runs and runs[-1].style == span.style and runs[-1].url == span.url:
            runs[-1] = Span(runs[-1].text + span.text, span.style, span.url)
        else:
            runs.append(span)
    return runs


def entity_count(paragraph: Paragraph, fmt: RenderFormat) -> int:
    """The Telegram entities a paragraph makes (none in plain text)."""
    if fmt is RenderFormat.TEXT:
        return 0
    return sum(ENTITIES[span.style] for span in merged(paragraph))


def render_paragraph(paragraph: Paragraph, fmt: RenderFormat) -> str:
    """A paragraph as Telegram HTML or plain text, adjacent spans of one style in one tag."""
    return "".join(markup(span, fmt) for span in merged(paragraph))
