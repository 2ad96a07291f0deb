"""/who and /when as Telegram HTML or plain text, cut to Telegram's limits like digests.

/when reads in sections (``digests.stories.timeline.reading_order``): what is coming up, what
happened, the background; each line is "date — event — outlets", the date in the reader's
language ("15 May", "15–17 травня"), every outlet that told the event linked.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from digests.analysis.models import QuoteKind
from digests.stories.labels import ENGLISH, RenderLabels
from digests.stories.local_dates import format_partial
from digests.stories.packing import TELEGRAM_LIMIT, pack
from digests.stories.spans import (
    Block,
    Paragraph,
    RenderFormat,
    Span,
    Style,
    one_line,
    safe_url,
    span,
)
from digests.stories.timeline import WhenSection, reading_order
from digests.stories.who_when import PersonDetail, PersonSummary, QuoteRef, TimelineLine

__all__ = ["render_people", "render_person", "render_timeline", "when_date"]


def _quote_ref_spans(quote: QuoteRef, labels: RenderLabels) -> list[Span]:
    text = one_line(quote.text)
    # Words said are in quote marks; a paraphrase of what was said is not.
    spans = [span(f"“{text}”" if quote.kind is QuoteKind.DIRECT else text, Style.ITALIC)]
    where = [
        part for part in (quote.outlet, quote.published and quote.published.isoformat()) if part
    ]
    if where:
        label = one_line(", ".join(where))
        spans += [span(" — "), span(label, Style.LINK, quote.url)]
    elif safe_url(quote.url):
        spans += [span(" — "), span(labels.source, Style.LINK, quote.url)]
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
        return pack([((span(empty_text),),)], fmt, limit, "\n\n")
    blocks: list[Block] = [((span(header, Style.BOLD),),)]
    for person in people:
        line = [span(one_line(person.name), Style.BOLD)]
        if person.role:
            line.append(span(f", {one_line(person.role)}"))
        line.append(span(f" — {labels.stories_count(person.story_count)}"))
        paragraphs: list[Paragraph] = [tuple(line)]
        if person.latest_quote is not None:
            paragraphs.append((span("   "), *_quote_ref_spans(person.latest_quote, labels)))
        blocks.append(tuple(paragraphs))
    return pack(blocks, fmt, limit, "\n\n")


def render_person(
    person: PersonDetail,
    *,
    fmt: RenderFormat = RenderFormat.HTML,
    limit: int = TELEGRAM_LIMIT,
    labels: RenderLabels = ENGLISH,
) -> list[str]:
    """/who NAME: role, aliases, what they said and the stories they are in."""
    heading = [span(one_line(person.name), Style.BOLD)]
    if person.role:
        heading.append(span(f", {one_line(person.role)}"))
    blocks: list[Block] = [(tuple(heading),)]
    if person.aliases:
        aliases = ", ".join(one_line(a) for a in person.aliases)
        blocks[0] += ((span(labels.also + aliases),),)
    if person.quotes:
        said = [(span("💬 "), *_quote_ref_spans(q, labels)) for q in person.quotes]
        blocks.append(((span(labels.said, Style.BOLD),), *said))
    if person.stories:
        titles = [(span("• " + one_line(story.title)),) for story in person.stories]
        blocks.append(((span(labels.stories, Style.BOLD),), *titles))
    return pack(blocks, fmt, limit, "\n\n")


def when_date(line: TimelineLine, *, labels: RenderLabels, today: date | None) -> str:
    """A /when line's date (or range) as the reader reads it; the same words in the picture."""
    return format_partial(
        line.date, locale=labels.locale, until=line.until, today=today, words=labels.periods
    )


def _outlet_spans(line: TimelineLine, labels: RenderLabels) -> list[Span]:
    """Every outlet that told the event, each linked to its article."""
    sources = [(line.outlet, line.url), *((s.outlet, s.url) for s in line.also)]
    spans: list[Span] = []
    for outlet, url in sources:
        label = one_line(outlet or "") or (labels.source if safe_url(url) else "")
        if not label:
            continue
        spans += [span(" · " if spans else " — "), span(label, Style.LINK, url)]
    return spans


def render_timeline(
    lines: Sequence[TimelineLine],
    *,
    fmt: RenderFormat = RenderFormat.HTML,
    limit: int = TELEGRAM_LIMIT,
    header: str = "Timeline",
    empty_text: str = "No dated events in recent stories.",
    labels: RenderLabels = ENGLISH,
    today: date | None = None,
) -> list[str]:
    """/when: one line per event, "date — event — outlets"; what is coming up after ``today``
    (the reader's day) first, then what happened, then the background, each under its heading."""
    if not lines:
        return pack([((span(empty_text),),)], fmt, limit, "\n")
    blocks: list[Block] = [((span(header, Style.BOLD),),)]
    ordered = reading_order(lines, today=today)
    sections = {section for section, _ in ordered}
    headings = {
        WhenSection.COMING: labels.coming_up,
        # "What happened" only tells something when it follows "Coming up".
        WhenSection.NEWS: labels.happened if WhenSection.COMING in sections else "",
        WhenSection.BACKGROUND: labels.background,
    }
    current: WhenSection | None = None
    for section, line in ordered:
        if section is not current:
            current = section
            if headings[section]:
                blocks.append(((span(headings[section], Style.BOLD),),))
        when = when_date(line, labels=labels, today=today)
        spans = [span(when, Style.BOLD), span(" — " + one_line(line.text))]
        blocks.append(((*spans, *_outlet_spans(line, labels)),))
    return pack(blocks, fmt, limit, "\n")
