"""Telegram HTML and plain-text rendering of digests (and, re-exported, of /who and /when).

A story reads in three parts, so five of them fit on a phone's screen: its headline, in bold,
linked to its best source; the news in one or two sentences, without outlet marks; then, folded
in an expandable blockquote the reader opens on demand (Bot API 7.4), the rest: further
sentences each with its outlet, the key quotes, every outlet with its link. The plain-text form
(``digest --text``, and what the bot sends when Telegram refuses the HTML) shows the same parts,
the folded ones indented.

Every renderer returns a list of messages, each at most ``limit`` UTF-16 code units of visible
text and at most 100 entities, packed by ``digests.stories.packing``: messages break between
stories when they can, else between paragraphs, else between sentences or words, never inside a
tag or an entity. The bot sends the messages with link previews off.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime, tzinfo

from digests.analysis.models import QuoteKind
from digests.stories.labels import ENGLISH, RenderLabels
from digests.stories.local_dates import format_moment
from digests.stories.models import DigestEdition, StoryQuote, StorySentence, StorySource, StoryView
from digests.stories.packing import TELEGRAM_LIMIT, pack
from digests.stories.render_answers import (
    render_people,
    render_person,
    render_timeline,
    when_date,
)
from digests.stories.spans import (
    Block,
    Fold,
    Paragraph,
    Part,
    RenderFormat,
    Span,
    Style,
    one_line,
    safe_url,
    span,
)
from digests.stories.text import fold

__all__ = [
    "ENGLISH",
    "TELEGRAM_LIMIT",
    "RenderFormat",
    "RenderLabels",
    "best_source",
    "news_sentences",
    "render_edition",
    "render_lines",
    "render_people",
    "render_person",
    "render_stories",
    "render_timeline",
    "when_date",
]

# A first sentence this short leaves room for a second one from the same article in view.
_SHORT_NEWS = 140


def best_source(story: StoryView) -> StorySource | None:
    """The article a story's headline links to: the one whose headline the story took, else
    the one that told the news, else the first with a link."""
    linked = [source for source in story.articles if safe_url(source.url)]
    title = fold(" ".join(story.title.split()))
    for source in linked:
        if source.title and title and title in fold(" ".join(source.title.split())):
            return source
    news = story.summary[0].article_id if story.summary else None
    return next((s for s in linked if s.article_id == news), linked[0] if linked else None)


def news_sentences(story: StoryView) -> tuple[StorySentence, ...]:
    """The news a reader sees before opening the story: the summary's lead, and the sentence
    after it when the lead is short and both come from one article."""
    summary = story.summary
    if not summary:
        return ()
    if (
        len(summary) > 1
        and len(summary[0].text) < _SHORT_NEWS
        and summary[1].article_id == summary[0].article_id
    ):
        return summary[:2]
    return summary[:1]


def _quote_paragraph(quote: StoryQuote) -> Paragraph:
    text = one_line(quote.text)
    shown = f"“{text}”" if quote.kind is QuoteKind.DIRECT else text
    spans = [span("💬 "), span(shown, Style.ITALIC)]
    if quote.speaker:
        who = one_line(quote.speaker)
        if quote.role:
            who += f", {one_line(quote.role)}"
        spans += [span(" — "), span(who, Style.BOLD)]
    if quote.outlets:
        spans.append(span(f" ({', '.join(one_line(o) for o in quote.outlets)})"))
    return tuple(spans)


def _sources_paragraph(story: StoryView, labels: RenderLabels) -> Paragraph:
    spans: list[Span] = [span(labels.sources)]
    for index, source in enumerate(story.articles):
        if index:
            spans.append(span(" · "))
        spans.append(span(one_line(source.label), Style.LINK, source.url))
    return tuple(spans)


def _differences_paragraphs(story: StoryView) -> list[Paragraph]:
    """Where the outlets differ, one line each: "⚖️ NV: 2024-05-15 · Ukrainian News: 2024-05-14"."""
    return [
        (
            span("⚖️ "),
            *(
                span(f"{' · ' if i else ''}{one_line(c.outlet)}: {one_line(c.value)}")
                for i, c in enumerate(difference.claims)
            ),
        )
        for difference in story.differences
    ]


def _heading(story: StoryView, *, sent: bool, labels: RenderLabels) -> Paragraph:
    spans: list[Span] = []
    if story.is_update:
        spans.append(span(labels.update))
    source = best_source(story)
    spans.append(span(one_line(story.title), Style.BOLD_LINK, source.url if source else None))
    outlets = len(story.outlets)
    if outlets > 1:
        spans.append(span(f" · {labels.outlets_count(outlets)}"))
    if sent:
        spans.append(span(f" · {labels.already_sent}", Style.ITALIC))
    return tuple(spans)


def _story_block(
    story: StoryView, *, max_quotes: int, labels: RenderLabels, sent: bool = False
) -> Block:
    news = news_sentences(story)
    parts: list[Part] = [_heading(story, sent=sent, labels=labels)]
    if news:
        parts.append((span(" ".join(one_line(s.text) for s in news)),))
    # Details on demand: each further sentence with the outlet that wrote it (when there are
    # several), the key quotes, and every outlet's article.
    several = len(story.outlets) > 1
    details: list[Paragraph] = []
    for sentence in story.summary[len(news) :]:
        line = [span(one_line(sentence.text))]
        if several and sentence.outlet:
            outlet = one_line(sentence.outlet)
            # "NV only" when no other outlet of the story tells it.
            shown = labels.only_in(outlet) if sentence.exclusive else outlet
            line += [span(" — "), span(shown, Style.ITALIC)]
        details.append(tuple(line))
    details += _differences_paragraphs(story)
    details += [_quote_paragraph(q) for q in story.quotes[: max(0, max_quotes)]]
    if story.articles:
        details.append(_sources_paragraph(story, labels))
    if details:
        parts.append(Fold(tuple(details)))
    return tuple(parts)


def render_stories(
    stories: Sequence[StoryView],
    *,
    fmt: RenderFormat = RenderFormat.HTML,
    max_quotes: int = 2,
    limit: int = TELEGRAM_LIMIT,
    header: str | None = None,
    labels: RenderLabels = ENGLISH,
    sent_ids: frozenset[int] = frozenset(),
) -> list[str]:
    """Stories as Telegram messages (or console text), split between stories; those in
    ``sent_ids`` are marked as already sent."""
    blocks: list[Block] = [
        _story_block(story, max_quotes=max_quotes, labels=labels, sent=story.id in sent_ids)
        for story in stories
    ]
    if header:
        # The header keeps with the first story (a blank line between): never a message alone.
        head: Block = ((span(one_line(header), Style.BOLD), span("\n")),)
        blocks = [head + blocks[0], *blocks[1:]] if blocks else [head]
    return pack(blocks, fmt, limit, "\n\n")


def render_edition(
    edition: DigestEdition,
    *,
    fmt: RenderFormat = RenderFormat.HTML,
    max_quotes: int = 2,
    limit: int = TELEGRAM_LIMIT,
    empty_text: str = "No new stories since the last digest.",
    labels: RenderLabels = ENGLISH,
    zone: str | tzinfo | None = None,
) -> list[str]:
    """A digest edition as messages, its header on the reader's clock (``zone``) and in their
    language; an empty edition is one short message saying so."""
    if edition.is_empty:
        return [html.escape(empty_text, quote=False) if fmt is RenderFormat.HTML else empty_text]
    count = len(edition.stories)
    if edition.on_demand:
        moment = edition.composed_at or edition.since
        header = labels.top_header(count, _moment(moment, zone, labels))
    else:
        header = labels.edition_header(count, _moment(edition.since, zone, labels))
    if edition.updates:
        header += f" ({labels.updated_count(edition.updates)})"
    return render_stories(
        edition.stories,
        fmt=fmt,
        max_quotes=max_quotes,
        limit=limit,
        header=header,
        labels=labels,
        sent_ids=edition.sent_ids,
    )


def _moment(moment: datetime, zone: str | tzinfo | None, labels: RenderLabels) -> str:
    return format_moment(moment, zone=zone, locale=labels.locale)


# -- lists and reports -------------------------------------------------------------------------


def render_lines(
    lines: Sequence[str],
    *,
    fmt: RenderFormat = RenderFormat.HTML,
    limit: int = TELEGRAM_LIMIT,
    header: str | None = None,
) -> list[str]:
    """Plain lines (a list of sources, a report) as messages, cut and escaped as digests are."""
    blocks: list[Block] = []
    if header:
        blocks.append(((span(one_line(header), Style.BOLD),),))
    blocks += [((span(one_line(line)),),) for line in lines if line.strip()]
    return pack(blocks, fmt, limit, "\n")
