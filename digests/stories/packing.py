"""Telegram messages from styled text: cut to Telegram's limits, then escaped, never broken.

The renderers (``digests.stories.render``) describe a message as blocks of paragraphs of spans
(plain, bold, italic, link); ``pack`` fills messages of at most ``limit`` UTF-16 code units of
visible text (what Telegram counts after parsing entities). Messages break at block boundaries
when they can, else between paragraphs, else between sentences or words; a break never falls
inside a tag or an entity because text is cut before it is escaped and every piece gets its own
tags. Only <b>, <i> and <a href> are used, and all text goes through ``html.escape``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from digests.stories.exceptions import RenderError
from digests.stories.text import utf16_len

__all__ = [
    "TELEGRAM_LIMIT",
    "Block",
    "Paragraph",
    "RenderFormat",
    "Span",
    "Style",
    "one_line",
    "pack",
    "safe_url",
    "span",
]

TELEGRAM_LIMIT = 4096
# Below this no message could hold a word and its tags' worth of context: a caller bug.
_MIN_LIMIT = 16

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_WORD_END = re.compile(r"(?<=\s)(?=\S)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Characters that glue to the previous one: a cut before them would split a glyph.
_GLUE = {"\u200d", "\ufe0e", "\ufe0f"}


class RenderFormat(StrEnum):
    """Telegram HTML, or the plain text it shows (sent when Telegram refuses the HTML)."""

    HTML = "html"
    TEXT = "text"


class Style(StrEnum):
    """How a span is shown; each is one Telegram HTML tag (or none)."""

    PLAIN = ""
    BOLD = "b"
    ITALIC = "i"
    LINK = "a"


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text in one style; a link carries its URL."""

    text: str
    style: Style = Style.PLAIN
    url: str | None = None


Paragraph = tuple[Span, ...]
Block = tuple[Paragraph, ...]


def _clean(text: str) -> str:
    # Lone surrogates and control characters make Telegram reject the whole message.
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
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
    """A span of cleaned text; a link whose URL is not a safe http(s) one becomes plain text."""
    if style is Style.LINK:
        url = safe_url(url)
        if url is None:
            style = Style.PLAIN
    return Span(_clean(text), style, url)


def _visible(span: Span, fmt: RenderFormat) -> str:
    if fmt is RenderFormat.TEXT and span.style is Style.LINK and span.url:
        return f"{span.text} ({span.url})"
    return span.text


def _markup(span: Span, fmt: RenderFormat) -> str:
    text = _visible(span, fmt)
    if fmt is RenderFormat.TEXT or not text:
        return text
    escaped = html.escape(text, quote=False)
    if span.style is Style.PLAIN:
        return escaped
    if span.style is Style.LINK:
        return f'<a href="{html.escape(span.url or "", quote=True)}">{escaped}</a>'
    return f"<{span.style.value}>{escaped}</{span.style.value}>"


def _paragraph_length(paragraph: Paragraph, fmt: RenderFormat) -> int:
    return sum(utf16_len(_visible(span, fmt)) for span in paragraph)


def _cut_points(text: str) -> Iterator[str]:
    """Pieces of ``text`` at sentence, then word, boundaries (each keeps its trailing space)."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        yield text[start : match.end()]
        start = match.end()
    if start < len(text):
        yield text[start:]


def _clusters(text: str) -> list[str]:
    """Code points grouped so that a joiner, a variation selector or a combining mark stays with
    the character it modifies (an approximation of grapheme clusters, enough to cut safely)."""
    clusters: list[str] = []
    for char in text:
        if clusters and (
            char in _GLUE or unicodedata.combining(char) or clusters[-1].endswith("\u200d")
        ):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _hard_pieces(text: str, limit: int) -> list[str]:
    """Cut a piece with no usable boundary into runs of at most ``limit`` UTF-16 units."""
    pieces: list[str] = []
    current, size = "", 0
    for cluster in _clusters(text):
        # A single cluster longer than the limit (endless joiners) is cut by code point.
        for part in [cluster] if utf16_len(cluster) <= limit else list(cluster):
            width = utf16_len(part)
            if current and size + width > limit:
                pieces.append(current)
                current, size = "", 0
            current += part
            size += width
    if current:
        pieces.append(current)
    return pieces


def _atoms(span: Span, limit: int, fmt: RenderFormat) -> list[Span]:
    """A span split into pieces that each fit ``limit`` when rendered in ``fmt``."""
    if utf16_len(_visible(span, fmt)) <= limit:
        return [span]
    if span.style is Style.LINK and fmt is RenderFormat.TEXT:
        # "text (url)" cannot be cut sensibly: give the URL its own span.
        return [
            *_atoms(Span(span.text + " ", Style.PLAIN), limit, fmt),
            *_atoms(Span(f"({span.url})", Style.PLAIN), limit, fmt),
        ]
    atoms: list[Span] = []
    for sentence in _cut_points(span.text):
        if utf16_len(sentence) <= limit:
            atoms.append(Span(sentence, span.style, span.url))
            continue
        for word in re.split(r"(?<=\s)(?=\S)", sentence):
            for piece in [word] if utf16_len(word) <= limit else _hard_pieces(word, limit):
                atoms.append(Span(piece, span.style, span.url))
    return atoms


def _split_paragraph(paragraph: Paragraph, limit: int, fmt: RenderFormat) -> list[Paragraph]:
    """A paragraph too long for one message, as several that each fit."""
    parts: list[Paragraph] = []
    current: list[Span] = []
    size = 0
    for span in paragraph:
        for atom in _atoms(span, limit, fmt):
            width = utf16_len(_visible(atom, fmt))
            if current and size + width > limit:
                parts.append(tuple(current))
                current, size = [], 0
            if not current:
                stripped = Span(atom.text.lstrip(), atom.style, atom.url)
                if not stripped.text:
                    continue
                atom, width = stripped, utf16_len(_visible(stripped, fmt))
            current.append(atom)
            size += width
    if current:
        parts.append(tuple(current))
    return parts


def _render_paragraph(paragraph: Paragraph, fmt: RenderFormat) -> str:
    merged: list[Span] = []
    for span in paragraph:
        if not span.text:
            continue
        if merged and merged[-1].style == span.style and merged[-1].url == span.url:
            merged[-1] = Span(merged[-1].text + span.text, span.style, span.url)
        else:
            merged.append(span)
    return "".join(_markup(span, fmt) for span in merged)


class _Packer:
    """Fills messages with blocks, breaking at block boundaries first."""

    def __init__(self, fmt: RenderFormat, limit: int, block_sep: str) -> None:
        self.fmt, self.limit, self.block_sep = fmt, limit, block_sep
        self.messages: list[str] = []
        self.parts: list[str] = []
        self.size = 0

    def flush(self) -> None:
        text = "".join(self.parts).strip()
        if text:
            self.messages.append(text)
        self.parts, self.size = [], 0

    def _add(self, text: str, width: int, sep: str) -> None:
        if self.parts:
            self.parts.append(sep)
            self.size += len(sep)
        self.parts.append(text)
        self.size += width

    def add_block(self, block: Block) -> None:
        rendered = [
            (_render_paragraph(p, self.fmt), _paragraph_length(p, self.fmt)) for p in block if p
        ]
        rendered = [(text, width) for text, width in rendered if text.strip()]
        if not rendered:
            return
        width = sum(w for _, w in rendered) + len(rendered) - 1
        gap = len(self.block_sep) if self.parts else 0
        if self.size + gap + width <= self.limit:
            self._add("\n".join(text for text, _ in rendered), width, self.block_sep)
            return
        self.flush()
        if width <= self.limit:
            self._add("\n".join(text for text, _ in rendered), width, self.block_sep)
            return
        first = True
        for paragraph in block:
            if not paragraph:
                continue
            pieces = (
                [paragraph]
                if _paragraph_length(paragraph, self.fmt) <= self.limit
                else _split_paragraph(paragraph, self.limit, self.fmt)
            )
            for piece in pieces:
                text, piece_width = (
                    _render_paragraph(piece, self.fmt),
                    _paragraph_length(piece, self.fmt),
                )
                if not text.strip():
                    continue
                if self.parts and self.size + (0 if first else 1) + piece_width > self.limit:
                    self.flush()
                self._add(text, piece_width, "\n")
                first = False


def pack(blocks: Sequence[Block], fmt: RenderFormat, limit: int, block_sep: str) -> list[str]:
    """The blocks as messages of at most ``limit`` visible UTF-16 units, ``block_sep`` between
    blocks that share a message."""
    if limit < _MIN_LIMIT:
        raise RenderError(f"message limit {limit} is below the minimum of {_MIN_LIMIT}")
    packer = _Packer(fmt, limit, block_sep)
    for block in blocks:
        packer.add_block(block)
    packer.flush()
    return packer.messages
