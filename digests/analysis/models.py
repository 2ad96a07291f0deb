"""Analysis results: frozen dataclasses shared by analysis, storage jobs and stories."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

__all__ = [
    "ANALYSIS_VERSION",
    "CALENDAR_PRECISIONS",
    "ArticleAnalysis",
    "ArticleInput",
    "DatePrecision",
    "DatedEvent",
    "PartialDate",
    "PersonFound",
    "QuoteFound",
    "QuoteKind",
    "Sentence",
    "SentenceTraits",
]

# Bump when analysis output changes in substance: stored analyses of older versions are redone.
ANALYSIS_VERSION = 8


class DatePrecision(StrEnum):
    """How much of a date the text gives; day, month and year are calendar dates, the rest not."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    # Periods that are no day, month or year: ``start`` is their first day.
    # "last week": that ISO week, printed "2024-W20".
    WEEK = "week"
    # "the third quarter of 2009": "2009-Q3".
    QUARTER = "quarter"
    # "the first half of 2009": "2009-H1".
    HALF = "half"
    # "last fall": "2008-FA" (TimeML's season codes SP, SU, FA, WI).
    SEASON = "season"
    # "the 1990s": "1990s".
    DECADE = "decade"


CALENDAR_PRECISIONS = frozenset({DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR})
_SEASON_CODES = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}


class QuoteKind(StrEnum):
    DIRECT = "direct"
    REPORTED = "reported"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to a day, a month or a year; ``start`` is the first day of that period."""

    start: date
    precision: DatePrecision

    def __str__(self) -> str:
        start, precision = self.start, self.precision
        if precision is DatePrecision.DAY:
            return start.isoformat()
        if precision is DatePrecision.MONTH:
            return f"{start.year:04d}-{start.month:02d}"
        if precision is DatePrecision.WEEK:
            year, week, _ = start.isocalendar()
            return f"{year:04d}-W{week:02d}"
        if precision is DatePrecision.QUARTER:
            return f"{start.year:04d}-Q{(start.month - 1) // 3 + 1}"
        if precision is DatePrecision.HALF:
            return f"{start.year:04d}-H{(start.month - 1) // 6 + 1}"
        if precision is DatePrecision.SEASON:
            return f"{start.year:04d}-{_SEASON_CODES.get(start.month, 'XX')}"
        if precision is DatePrecision.DECADE:
            return f"{start.year // 10 * 10:04d}s"
        return f"{start.year:04d}"

    @property
    def is_calendar(self) -> bool:
        """True for a day, a month or a year; False for weeks, quarters, seasons, decades."""
        return self.precision in CALENDAR_PRECISIONS


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
class SentenceTraits:
    """What a reader meeting the sentence alone would find, read from its parse
    (``digests.analysis.readable``): story building, which runs without spaCy, chooses by it."""

    position: int
    # Why it is no news on its own: "furniture", "address", "caption", "question", "fragment",
    # "quote marks" (an empty tuple for a sentence a reader can take alone).
    faults: tuple[str, ...] = ()
    # What it needs said before it: "person", "thing", "previous", "noun:<lemma>" (each once).
    leans_on: tuple[str, ...] = ()
    # What it tells, as keys that survive rewording: "e:<name>", "n:<number>", "v:<verb>",
    # "a:<head>><dependent>" (content words linked in its parse).
    facts: tuple[str, ...] = ()


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
    """Something the article says happened or will happen, and when."""

    date: PartialDate
    text: str
    position: int
    # The temporal expression and its character span in the analysed text (-1 when unknown,
    # as for events read back from storage).
    expression: str = ""
    start: int = -1
    end: int = -1
    # The last period of a range ("2009-2010", "between May 1 and 3"); None for a single date.
    until: PartialDate | None = None


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
    # The summary's candidate sentences as a reader meets them (by position).
    traits: tuple[SentenceTraits, ...] = ()
    # A headline made from the lead by its parse, for an article without one of its own
    # (None when the source gave one): ``digests.analysis.headline``.
    headline: str | None = None

    def traits_at(self, position: int) -> SentenceTraits | None:
        """The traits of the sentence at ``position``, if they were read."""
        return next((t for t in self.traits if t.position == position), None)

    @property
    def summary_sentences(self) -> tuple[str, ...]:
        by_position = {s.position: s.text for s in self.sentences}
        return tuple(by_position[p] for p in self.summary if p in by_position)
