"""Telegram HTML and plain-text rendering of digests, /who and /when answers.

Every renderer returns a list of messages, each at most ``limit`` UTF-16 code units of visible text
(what Telegram counts after parsing entities). Messages break at story boundaries when they can,
else between paragraphs, else between sentences or words; a break never falls inside a tag or an
entity because text is cut before it is escaped and every piece gets its own tags. Only <b>, <i>
and <a href> are used, and all article text goes through ``html.escape``. The bot sends the
messages with link previews off, and resends the plain rendering if Telegram rejects the HTML.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from digests.analysis.models import QuoteKind
from digests.stories.exceptions import RenderError
from digests.stories.models import (
    DigestEdition,
    PersonDetail,
    PersonSummary,
    QuoteRef,
    StoryQuote,
    StoryView,
    TimelineLine,
)
from digests.stories.text import utf16_len

__all__ = [
    "ENGLISH",
    "TELEGRAM_LIMIT",
    "RenderFormat",
    "RenderLabels",
    "render_edition",
    "render_lines",
    "render_people",
    "render_person",
    "render_stories",
    "render_timeline",
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
    HTML = "html"
    TEXT = "text"


class _Style(StrEnum):
    PLAIN = ""
    BOLD = "b"
    ITALIC = "i"
    LINK = "a"


@dataclass(frozen=True, slots=True)
class _Span:
    text: str
    style: _Style = _Style.PLAIN
    url: str | None = None


_Paragraph = tuple[_Span, ...]
_Block = tuple[_Paragraph, ...]


def _outlets_en(count: int) -> str:
    return f"{count} outlets"


def _stories_en(count: int) -> str:
    return f"{count} {'story' if count == 1 else 'stories'}"


def _edition_en(count: int, since: str) -> str:
    return f"📰 {_stories_en(count)} since {since}"


def _updated_en(count: int) -> str:
    return f"{count} updated"


@dataclass(frozen=True, slots=True)
class RenderLabels:
    """The words the renderers put around article content; the bot passes translated ones.

    Counted phrases are functions of the count, so languages with several plural forms fit.
    """

    update: str = "🔄 Update: "
    sources: str = "Sources: "
    source: str = "source"
    also: str = "Also: "
    said: str = "Said"
    stories: str = "Stories"
    # /when: the heading of what the articles recall from long before their news.
    background: str = "Background"
    outlets_count: Callable[[int], str] = _outlets_en
    stories_count: Callable[[int], str] = _stories_en
    edition_header: Callable[[int, str], str] = _edition_en
    updated_count: Callable[[int], str] = _updated_en


ENGLISH = RenderLabels()


def _clean(text: str) -> str:
    # Lone surrogates and control characters make Telegram reject the whole message.
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))


def _one_line(text: str) -> str:
    return " ".join(_clean(text).split())


def _safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for an href (quotes and brackets percent-encoded), else None."""
    if not url:
        return None
    url = url.strip()
    if not re.match(r"https?://[^\s/?#]+", url, re.IGNORECASE) or re.search(r"\s", url):
        return None
    for char, code in (('"', "%22"), ("<", "%3C"), (">", "%3E"), ("'", "%27")):
        url = url.replace(char, code)
    return url


def _span(text: str, style: _Style = _Style.PLAIN, url: str | None = None) -> _Span:
    if style is _Style.LINK:
        url = _safe_url(url)
        if url is None:
            style = _Style.PLAIN
    return _Span(_clean(text), style, url)


def _visible(span: _Span, fmt: RenderFormat) -> str:
    if fmt is RenderFormat.TEXT and span.style is _Style.LINK and span.url:
        return f"{span.text} ({span.url})"
    return span.text


def _markup(span: _Span, fmt: RenderFormat) -> str:
    text = _visible(span, fmt)
    if fmt is RenderFormat.TEXT or not text:
        return text
    escaped = html.escape(text, quote=False)
    if span.style is _Style.PLAIN:
        return escaped
    if span.style is _Style.LINK:
        return f'<a href="{html.escape(span.url or "", quote=True)}">{escaped}</a>'
    return f"<{span.style.value}>{escaped}</{span.style.value}>"


def _paragraph_length(paragraph: _Paragraph, fmt: RenderFormat) -> int:
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


def _atoms(span: _Span, limit: int, fmt: RenderFormat) -> list[_Span]:
    """A span split into pieces that each fit ``limit`` when rendered in ``fmt``."""
    if utf16_len(_visible(span, fmt)) <= limit:
        return [span]
    if span.style is _Style.LINK and fmt is RenderFormat.TEXT:
        # "text (url)" cannot be cut sensibly: give the URL its own span.
        return [
            *_atoms(_Span(span.text + " ", _Style.PLAIN), limit, fmt),
            *_atoms(_Span(f"({span.url})", _Style.PLAIN), limit, fmt),
        ]
    atoms: list[_Span] = []
    for sentence in _cut_points(span.text):
        if utf16_len(sentence) <= limit:
            atoms.append(_Span(sentence, span.style, span.url))
            continue
        for word in re.split(r"(?<=\s)(?=\S)", sentence):
            for piece in [word] if utf16_len(word) <= limit else _hard_pieces(word, limit):
                atoms.append(_Span(piece, span.style, span.url))
    return atoms


def _split_paragraph(paragraph: _Paragraph, limit: int, fmt: RenderFormat) -> list[_Paragraph]:
    """A paragraph too long for one message, as several that each fit."""
    parts: list[_Paragraph] = []
    current: list[_Span] = []
    size = 0
    for span in paragraph:
        for atom in _atoms(span, limit, fmt):
            width = utf16_len(_visible(atom, fmt))
            if current and size + width > limit:
                parts.append(tuple(current))
                current, size = [], 0
            if not current:
                stripped = _Span(atom.text.lstrip(), atom.style, atom.url)
                if not stripped.text:
                    continue
                atom, width = stripped, utf16_len(_visible(stripped, fmt))
            current.append(atom)
            size += width
    if current:
        parts.append(tuple(current))
    return parts


def _render_paragraph(paragraph: _Paragraph, fmt: RenderFormat) -> str:
    merged: list[_Span] = []
    for span in paragraph:
        if not span.text:
            continue
        if merged and merged[-1].style == span.style and merged[-1].url == span.url:
            merged[-1] = _Span(merged[-1].text + span.text, span.style, span.url)
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

    def add_block(self, block: _Block) -> None:
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


def _pack(blocks: Sequence[_Block], fmt: RenderFormat, limit: int, block_sep: str) -> list[str]:
    if limit < _MIN_LIMIT:
        raise RenderError(f"message limit {limit} is below the minimum of {_MIN_LIMIT}")
    packer = _Packer(fmt, limit, block_sep)
    for block in blocks:
        packer.add_block(block)
    packer.flush()
    return packer.messages


# -- digests -----------------------------------------------------------------------------------


def _quote_paragraph(quote: StoryQuote) -> _Paragraph:
    text = _one_line(quote.text)
    shown = f"“{text}”" if quote.kind is QuoteKind.DIRECT else text
    spans = [_span("💬 "), _span(shown, _Style.ITALIC)]
    if quote.speaker:
        who = _one_line(quote.speaker)
        if quote.role:
            who += f", {_one_line(quote.role)}"
        spans += [_span(" — "), _span(who, _Style.BOLD)]
    if quote.outlets:
        spans.append(_span(f" ({', '.join(_one_line(o) for o in quote.outlets)})"))
    return tuple(spans)


def _sources_paragraph(story: StoryView, labels: RenderLabels) -> _Paragraph:
    spans: list[_Span] = [_span(labels.sources)]
    for index, source in enumerate(story.articles):
        if index:
            spans.append(_span(" · "))
        spans.append(_span(_one_line(source.label), _Style.LINK, source.url))
    return tuple(spans)


def _summary_paragraph(story: StoryView) -> _Paragraph:
    """The summary sentences; with several outlets, each followed by the outlet that wrote it."""
    if len(story.outlets) < 2:
        return (_span(" ".join(_one_line(s.text) for s in story.summary)),)
    spans: list[_Span] = []
    for index, sentence in enumerate(story.summary):
        if index:
            spans.append(_span(" "))
        spans.append(_span(_one_line(sentence.text)))
        if sentence.outlet:
            spans.append(_span(f" ({_one_line(sentence.outlet)})", _Style.ITALIC))
    return tuple(spans)


def _story_block(story: StoryView, *, max_quotes: int, labels: RenderLabels) -> _Block:
    heading: list[_Span] = []
    if story.is_update:
        heading.append(_span(labels.update))
    heading.append(_span(_one_line(story.title), _Style.BOLD))
    outlets = len(story.outlets)
    if outlets > 1:
        heading.append(_span(f" ({labels.outlets_count(outlets)})"))
    paragraphs: list[_Paragraph] = [tuple(heading)]
    if story.summary:
        paragraphs.append(_summary_paragraph(story))
    paragraphs += [_quote_paragraph(q) for q in story.quotes[: max(0, max_quotes)]]
    if story.articles:
        paragraphs.append(_sources_paragraph(story, labels))
    return tuple(paragraphs)


def render_stories(
    stories: Sequence[StoryView],
    *,
    fmt: RenderFormat = RenderFormat.HTML,
    max_quotes: int = 2,
    limit: int = TELEGRAM_LIMIT,
    header: str | None = None,
    labels: RenderLabels = ENGLISH,
) -> list[str]:
    """Stories as Telegram messages (or console text), split at story boundaries."""
    blocks: list[_Block] = []
    if header:
        blocks.append(((_span(_one_line(header), _Style.BOLD),),))
    blocks += [_story_block(story, max_quotes=max_quotes, labels=labels) for story in stories]
    return _pack(blocks, fmt, limit, "\n\n")


def render_edition(
    edition: DigestEdition,
    *,
    fmt: RenderFormat = RenderFormat.HTML,
    max_quotes: int = 2,
    limit: int = TELEGRAM_LIMIT,
    empty_text: str = "No new stories since the last digest.",
    labels: RenderLabels = ENGLISH,
) -> list[str]:
    """A digest edition as messages; an empty edition is one short message saying so."""
    if edition.is_empty:
        return [html.escape(empty_text, quote=False) if fmt is RenderFormat.HTML else empty_text]
    header = labels.edition_header(len(edition.stories), _when(edition.since))
    if edition.updates:
        header += f" ({labels.updated_count(edition.updates)})"
    return render_stories(
        edition.stories,
        fmt=fmt,
        max_quotes=max_quotes,
        limit=limit,
        header=header,
        labels=labels,
    )


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


# -- /who and /when ----------------------------------------------------------------------------


def _quote_ref_spans(quote: QuoteRef, labels: RenderLabels) -> list[_Span]:
    text = _one_line(quote.text)
    # Words said are in quote marks; a paraphrase of what was said is not.
    spans = [_span(f"“{text}”" if quote.kind is QuoteKind.DIRECT else text, _Style.ITALIC)]
    where = [
        part for part in (quote.outlet, quote.published and quote.published.isoformat()) if part
    ]
    if where:
        label = _one_line(", ".join(where))
        spans += [_span(" — "), _span(label, _Style.LINK, quote.url)]
    elif _safe_url(quote.url):
        spans += [_span(" — "), _span(labels.source, _Style.LINK, quote.url)]
    return spans


def render_people(
    people: Sequence[PersonSummary],
    *,
    fmt: RenderFormat = RenderFormat.HTML,
    limit: int = TELEGRAM_LIMIT,
    header: str = "People in recent stories",
    empty_text: str = "Nobody in recent stories yet.",
    labels: RenderLabels = ENGLISH,
) -> list[str]:
    """/who without a name: people with role, story count and latest quote."""
    if not people:
        return _pack([((_span(empty_text),),)], fmt, limit, "\n\n")
    blocks: list[_Block] = [((_span(header, _Style.BOLD),),)]
    for person in people:
        line = [_span(_one_line(person.name), _Style.BOLD)]
        if person.role:
            line.append(_span(f", {_one_line(person.role)}"))
        line.append(_span(f" — {labels.stories_count(person.story_count)}"))
        paragraphs: list[_Paragraph] = [tuple(line)]
        if person.latest_quote is not None:
            paragraphs.append((_span("   "), *_quote_ref_spans(person.latest_quote, labels)))
        blocks.append(tuple(paragraphs))
    return _pack(blocks, fmt, limit, "\n\n")


def render_person(
    person: PersonDetail,
    *,
    fmt: RenderFormat = RenderFormat.HTML,
    limit: int = TELEGRAM_LIMIT,
    labels: RenderLabels = ENGLISH,
) -> list[str]:
    """/who NAME: role, aliases, what they said and the stories they are in."""
    heading = [_span(_one_line(person.name), _Style.BOLD)]
    if person.role:
        heading.append(_span(f", {_one_line(person.role)}"))
    blocks: list[_Block] = [(tuple(heading),)]
    if person.aliases:
        aliases = ", ".join(_one_line(a) for a in person.aliases)
        blocks[0] += ((_span(labels.also + aliases),),)
    if person.quotes:
        said = [(_span("💬 "), *_quote_ref_spans(q, labels)) for q in person.quotes]
        blocks.append(((_span(labels.said, _Style.BOLD),), *said))
    if person.stories:
        titles = [(_span("• " + _one_line(story.title)),) for story in person.stories]
        blocks.append(((_span(labels.stories, _Style.BOLD),), *titles))
    return _pack(blocks, fmt, limit, "\n\n")


def render_timeline(
    lines: Sequence[TimelineLine],
    *,
    fmt: RenderFormat = RenderFormat.HTML,
    limit: int = TELEGRAM_LIMIT,
    header: str = "Timeline",
    empty_text: str = "No dated events in recent stories.",
    labels: RenderLabels = ENGLISH,
) -> list[str]:
    """/when: one line per event, "date — event — source link", in the order given; the
    background lines under a heading of their own."""
    if not lines:
        return _pack([((_span(empty_text),),)], fmt, limit, "\n")
    blocks: list[_Block] = [((_span(header, _Style.BOLD),),)]
    in_background = False
    for line in lines:
        if line.background and not in_background:
            in_background = True
            blocks.append(((_span(labels.background, _Style.BOLD),),))
        spans = [_span(str(line.date), _Style.BOLD), _span(" — " + _one_line(line.text))]
        label = _one_line(line.outlet or "") or (labels.source if _safe_url(line.url) else "")
        if label:
            spans += [_span(" — "), _span(label, _Style.LINK, line.url)]
        blocks.append((tuple(spans),))
    return _pack(blocks, fmt, limit, "\n")


# -- lists and reports -------------------------------------------------------------------------


def render_lines(
    lines: Sequence[str],
    *,
    fmt: RenderFormat = RenderFormat.HTML,
    limit: int = TELEGRAM_LIMIT,
    header: str | None = None,
) -> list[str]:
    """Plain lines (a list of sources, a report) as messages, cut and escaped as digests are."""
    blocks: list[_Block] = []
    if header:
        blocks.append(((_span(_one_line(header), _Style.BOLD),),))
    blocks += [((_span(_one_line(line)),),) for line in lines if line.strip()]
    return _pack(blocks, fmt, limit, "\n")
