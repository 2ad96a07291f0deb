"""Between stored rows and analysis dataclasses, in both directions, each mapping written once.

Stories are rebuilt from stored analyses, never by running spaCy again; what the analysis found
is stored whole (a sentence's span, an event's range, expression and precision) and read back as
it was, nothing guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from digests.analysis.models import (
    ArticleAnalysis,
    ArticleInput,
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
from storage.models import Article, ArticleSentence, Event
from storage.stories import ArticleBundle

__all__ = [
    "article_input",
    "dated_event",
    "event_row",
    "partial_date",
    "sentence_row",
    "stored_date",
    "story_input",
]

_PRECISIONS = {p.value: p for p in DatePrecision}


def partial_date(moment: datetime | None, precision: str | None) -> PartialDate | None:
    """What is known of an article's publication date, at the precision its source gave."""
    if moment is None:
        return None
    kind = DatePrecision(precision) if precision in set(DatePrecision) else DatePrecision.DAY
    day = moment.date()
    if kind is DatePrecision.MONTH:
        day = day.replace(day=1)
    elif kind is DatePrecision.YEAR:
        day = day.replace(month=1, day=1)
    return PartialDate(day, kind)


def stored_date(start: date, precision: str | None) -> PartialDate:
    """A stored date (a precision this version does not know reads as a day)."""
    return PartialDate(start, _PRECISIONS.get(precision or "", DatePrecision.DAY))


def event_row(event: DatedEvent) -> Event:
    """The row that stores an event whole (its article is set when it is stored)."""
    until = event.until
    return Event(
        date_text=str(event.date)[:10],
        date_start=event.date.start,
        precision=str(event.date.precision),
        text=event.text,
        position=event.position,
        until_start=until.start if until is not None else None,
        until_precision=str(until.precision) if until is not None else None,
        expression=event.expression or None,
        expression_start=event.start if event.start >= 0 else None,
        expression_end=event.end if event.end >= 0 else None,
    )


def dated_event(row: Event) -> DatedEvent:
    """An event as the analysis found it, from its row."""
    until = (
        stored_date(row.until_start, row.until_precision) if row.until_start is not None else None
    )
    return DatedEvent(
        date=stored_date(row.date_start, row.precision),
        text=row.text,
        position=row.position,
        expression=row.expression or "",
        start=row.expression_start if row.expression_start is not None else -1,
        end=row.expression_end if row.expression_end is not None else -1,
        until=until,
    )


def sentence_row(sentence: Sentence) -> ArticleSentence:
    """The row that stores a sentence with its span (its article is set when it is stored)."""
    return ArticleSentence(
        position=sentence.position,
        text=sentence.text,
        start_char=sentence.start,
        end_char=sentence.end,
    )


def _sentence(row: ArticleSentence) -> Sentence:
    # Rows stored before spans were kept have none: -1, as for any unknown span.
    start = row.start_char if row.start_char is not None else -1
    return Sentence(row.position, row.text, start, row.end_char if row.end_char is not None else -1)


def article_input(article: Article) -> ArticleInput:
    """The analyser's view of a stored article."""
    return ArticleInput(
        text=article.text,
        title=article.title,
        published=partial_date(article.published_at, article.published_precision),
        outlet=article.outlet,
    )


def _analysis(bundle: ArticleBundle) -> ArticleAnalysis:
    article, stored = bundle.article, bundle.analysis
    features = stored.features or {}
    return ArticleAnalysis(
        title=article.title,
        published=partial_date(article.published_at, article.published_precision),
        language=stored.language or "en",
        is_english=stored.is_english,
        method=stored.method,
        sentences=tuple(_sentence(row) for row in bundle.sentences),
        summary=tuple(stored.summary or ()),
        people=tuple(
            PersonFound(
                name=person.name,
                aliases=tuple(sorted({a.alias for a in person.aliases} | {mention.name})),
                role=mention.role or person.role,
                mentions=mention.count,
                first_position=mention.first_position,
            )
            for mention, person in bundle.mentions
        ),
        quotes=tuple(
            QuoteFound(
                speaker=q.speaker,
                text=q.text,
                kind=QuoteKind(q.kind),
                position=q.position,
                sentence=q.sentence,
                score=q.score,
                speaker_is_person=q.person_id is not None,
            )
            for q in bundle.quotes
        ),
        events=tuple(dated_event(row) for row in bundle.events),
        terms={str(k): int(v) for k, v in dict(features.get("terms", {})).items()},
        entities=tuple(str(e) for e in features.get("entities", ())),
        keywords={str(k): float(v) for k, v in dict(features.get("keywords", {})).items()},
        version=stored.version,
        traits=tuple(_traits(features.get("traits", ()))),
        headline=str(features["headline"]) if features.get("headline") else None,
    )


def _traits(rows: Any) -> Iterator[SentenceTraits]:
    """Stored sentence traits read back; a row that does not fit is skipped, not fatal."""
    for row in rows if isinstance(rows, list) else ():
        try:
            yield SentenceTraits(
                position=int(row["position"]),
                faults=tuple(str(f) for f in row.get("faults", ())),
                leans_on=tuple(str(f) for f in row.get("leans_on", ())),
                facts=tuple(str(f) for f in row.get("facts", ())),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            continue


def story_input(bundle: ArticleBundle) -> StoryArticleInput:
    """The clustering and story-building view of a stored, analysed article."""
    article = bundle.article
    source = article.source
    return StoryArticleInput(
        article_id=article.id,
        title=article.title,
        outlet=article.outlet,
        url=article.url,
        source=(source.title or source.location) if source is not None else "",
        published=article.published_at,
        fetched=article.fetched_at,
        analysis=_analysis(bundle),
    )
