"""Analysis results: frozen dataclasses shared by analysis, storage jobs and stories."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

__all__ = [
    "ANALYSIS_VERSION",
    "ArticleAnalysis",
    "ArticleInput",
    "DatePrecision",
    "DatedEvent",
    "PartialDate",
    "PersonFound",
    "QuoteFound",
    "QuoteKind",
    "Sentence",
]

# Bump when analysis output changes in substance: stored analyses of older versions are redone.
ANALYSIS_VERSION = 3


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    # "last week": ``start`` is that week's Monday; printed as that day (the CLI's date format).
    WEEK = "week"


class QuoteKind(StrEnum):
    DIRECT = "direct"
    REPORTED = "reported"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to a day, a month or a year; ``start`` is the first day of that period."""

    start: date
    precision: DatePrecision

    def __str__(self) -> str:
        if self.precision in (DatePrecision.DAY, DatePrecision.WEEK):
            return self.start.isoformat()
        if self.precision is DatePrecision.MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return f"{self.start.year:04d}"


@dataclass(frozen=True, slots=True)
class ArticleInput:
    """What analysis needs from an article: clean text, its title and what is known of its date."""

    text: str
    title: str | None = None
    published: PartialDate | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    position: int
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PersonFound:
    """One real person in one article, with every name the article calls them by."""

    name: str
    aliases: tuple[str, ...]
    role: str | None
    mentions: int
    first_position: int


@dataclass(frozen=True, slots=True)
class QuoteFound:
    speaker: str | None
    text: str
    kind: QuoteKind
    position: int
    sentence: str
    score: float
    # False when the speaker is an organisation or outlet ("NYT notes").
    speaker_is_person: bool = True


@dataclass(frozen=True, slots=True)
class DatedEvent:
    date: PartialDate
    text: str
    position: int
    # The temporal expression and its character span in the analysed text (-1 when unknown,
    # as for events read back from storage).
    expression: str = ""
    start: int = -1
    end: int = -1


@dataclass(frozen=True, slots=True)
class ArticleAnalysis:
    title: str | None
    published: PartialDate | None
    language: str
    is_english: bool
    method: str
    sentences: tuple[Sentence, ...]
    # Positions of the summary sentences, in article order.
    summary: tuple[int, ...]
    people: tuple[PersonFound, ...]
    quotes: tuple[QuoteFound, ...]
    events: tuple[DatedEvent, ...]
    # Lemma -> count of content words, and normalized keys of organisations and places:
    # what clustering compares, kept so stories can be rebuilt without re-running spaCy.
    terms: dict[str, int] = field(default_factory=dict)
    entities: tuple[str, ...] = ()
    # Lemma -> salience (early and proper-noun mentions count more) of the most informative
    # content words: what clustering compares (``digests.analysis.keywords``).
    keywords: dict[str, float] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    version: int = ANALYSIS_VERSION

    @property
    def summary_sentences(self) -> tuple[str, ...]:
        by_position = {s.position: s.text for s in self.sentences}
        return tuple(by_position[p] for p in self.summary if p in by_position)
