"""Telegram HTML and plain-text rendering of digests, /who and /when answers.

Every renderer returns a list of messages, each at most ``limit`` UTF-16 code units of visible text
(what Telegram counts after parsing entities), packed by ``digests.stories.packing``: messages
break at story boundaries when they can, else between paragraphs, else between sentences or
words, never inside a tag or an entity. The bot sends the messages with link previews off, and
resends the plain rendering if Telegram rejects the HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from digests.analysis.models import QuoteKind
from digests.stories.models import (
    DigestEdition,
    PersonDetail,
    PersonSummary,
    QuoteRef,
    StoryQuote,
    StoryView,
    TimelineLine,
)

# The packer's names, kept module-private here as the renderers below have always used them.
from digests.stories.packing import TELEGRAM_LIMIT, RenderFormat
from digests.stories.packing import Block as _Block
from digests.stories.packing import Paragraph as _Paragraph
from digests.stories.packing import Span as _Span
from digests.stories.packing import Style as _Style
from digests.stories.packing import one_line as _one_line
from digests.stories.packing import pack as _pack
from digests.stories.packing import safe_url as _safe_url
from digests.stories.packing import span as _span

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


def _outlets_en(count: int) -> str:
    return f"{count} outlets"


def _stories_en(count: int) -> str:
    return f"{count} {'story' if count == 1 else 'stories'}"


def _edition_en(count: int, since: str) -> str:
    return f"📰 {_stories_en(count)} since {since}"


def _updated_en(count: int) -> str:
    return f"{count} updated"


def _only_en(outlet: str) -> str:
    return f"{outlet} only"


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
    # After a summary sentence no other outlet of the story tells.
    only_in: Callable[[str], str] = _only_en


ENGLISH = RenderLabels()


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


def _summary_paragraph(story: StoryView, labels: RenderLabels) -> _Paragraph:
    """The summary sentences; with several outlets, each followed by the outlet that wrote it
    (and "only" when no other outlet tells it)."""
    if len(story.outlets) < 2:
        return (_span(" ".join(_one_line(s.text) for s in story.summary)),)
    spans: list[_Span] = []
    for index, sentence in enumerate(story.summary):
        if index:
            spans.append(_span(" "))
        spans.append(_span(_one_line(sentence.text)))
        if sentence.outlet:
            outlet = _one_line(sentence.outlet)
            shown = labels.only_in(outlet) if sentence.exclusive else outlet
            spans.append(_span(f" ({shown})", _Style.ITALIC))
    return tuple(spans)


def _differences_paragraphs(story: StoryView) -> list[_Paragraph]:
    """Where the outlets differ, one line each: "⚖️ NV: 2024-05-15 · Ukrainian News: 2024-05-14"."""
    return [
        (
            _span("⚖️ "),
            *(
                _span(f"{' · ' if i else ''}{_one_line(c.outlet)}: {_one_line(c.value)}")
                for i, c in enumerate(difference.claims)
            ),
        )
        for difference in story.differences
    ]


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
        paragraphs.append(_summary_paragraph(story, labels))
    paragraphs += _differences_paragraphs(story)
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
