"""Builders of story inputs from plain values: analysis results constructed directly, no spaCy."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime

from digests.analysis.models import (
    ArticleAnalysis,
    DatedEvent,
    DatePrecision,
    PartialDate,
    PersonFound,
    QuoteFound,
    QuoteKind,
    Sentence,
    SentenceTraits,
)
from digests.stories.models import StoryArticleInput
from digests.stories.text import content_words

__all__ = ["article", "day", "person", "quote"]


def day(text: str) -> PartialDate:
    return PartialDate(date.fromisoformat(text), DatePrecision.DAY)


def person(name: str, role: str | None = None, *aliases: str, mentions: int = 1) -> PersonFound:
    return PersonFound(name, tuple(aliases), role, mentions, 0)


def quote(
    speaker: str | None,
    text: str,
    *,
    kind: QuoteKind = QuoteKind.REPORTED,
    score: float = 1.0,
    is_person: bool = True,
) -> QuoteFound:
    return QuoteFound(speaker, text, kind, 0, text, score, is_person)


def article(
    article_id: int,
    sentences: Sequence[str],
    *,
    title: str | None = None,
    outlet: str | None = "Outlet",
    url: str | None = None,
    published: datetime | None = datetime(2024, 5, 22, 9, 0, tzinfo=UTC),
    summary: Sequence[int] | None = None,
    people: Sequence[PersonFound] = (),
    quotes: Sequence[QuoteFound] = (),
    events: Sequence[tuple[str, str]] = (),
    entities: Sequence[str] = (),
    traits: Sequence[SentenceTraits] = (),
    headline: str | None = None,
) -> StoryArticleInput:
    """An analysed article; terms come from the sentences' content words."""
    built = []
    offset = 0
    for position, text in enumerate(sentences):
        built.append(Sentence(position, text, offset, offset + len(text)))
        offset += len(text) + 1
    terms = Counter(word for text in sentences for word in content_words(text))
    analysis = ArticleAnalysis(
        title=title,
        published=None,
        language="en",
        is_english=True,
        method="test",
        sentences=tuple(built),
        summary=tuple(summary if summary is not None else range(min(3, len(sentences)))),
        people=tuple(people),
        quotes=tuple(quotes),
        events=tuple(
            DatedEvent(day(when), text, index) for index, (when, text) in enumerate(events)
        ),
        terms=dict(terms),
        entities=tuple(entities),
        traits=tuple(traits),
        headline=headline,
    )
    return StoryArticleInput(
        article_id=article_id,
        title=title,
        outlet=outlet,
        url=url if url is not None else f"https://example.org/{article_id}",
        source=f"feed-{article_id}",
        published=published,
        fetched=None,
        analysis=analysis,
    )
