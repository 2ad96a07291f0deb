"""Between stored rows and analysis dataclasses, in both directions.

Stories are rebuilt from stored analyses, never by running spaCy again.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
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
from storage.models import Article
from storage.stories import ArticleBundle

__all__ = ["article_input", "partial_date", "story_input"]


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
    sentences = []
    offset = 0
    for row in bundle.sentences:
        sentences.append(Sentence(row.position, row.text, offset, offset + len(row.text)))
        offset += len(row.text) + 1
    features = stored.features or {}
    return ArticleAnalysis(
        title=article.title,
        published=partial_date(article.published_at, article.published_precision),
        language=stored.language or "en",
        is_english=stored.is_english,
        method=stored.method,
        sentences=tuple(sentences),
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
        events=tuple(
            DatedEvent(
                date=PartialDate(e.date_start, DatePrecision(e.precision)),
                text=e.text,
                position=e.position,
            )
            for e in bundle.events
        ),
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
