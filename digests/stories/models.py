"""Story results: frozen dataclasses shared by clustering, story building, editions and rendering.

The DB jobs fill the inputs (``StoryArticleInput`` ...) from storage and store
``StorySignature.to_json()`` in ``Story.signature``: plain data only. What /who and /when answer
with is ``digests.stories.who_when``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from digests.analysis.models import ArticleAnalysis, DatePrecision, PartialDate, QuoteKind
from digests.stories.exceptions import SignatureError

__all__ = [
    "SIGNATURE_VERSION",
    "DifferenceKind",
    "DigestEdition",
    "DigestFilters",
    "Placement",
    "PlacementKind",
    "StoryArticleInput",
    "StoryClaim",
    "StoryDifference",
    "StoryEvent",
    "StoryPerson",
    "StoryQuote",
    "StorySentence",
    "StorySignature",
    "StorySource",
    "StoryView",
    "as_utc",
]

# Bump when the signature layout changes; older stored signatures are rebuilt from their articles.
SIGNATURE_VERSION = 2


def as_utc(moment: datetime) -> datetime:
    """Naive datetimes are taken as UTC, so stored and computed times compare safely."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class StoryArticleInput:
    """One analysed article as clustering and story building see it."""

    article_id: int
    title: str | None
    outlet: str | None
    url: str | None
    # Where it came from (feed title or file name): shown when the outlet is unknown.
    source: str
    published: datetime | None
    fetched: datetime | None
    analysis: ArticleAnalysis

    @property
    def seen_at(self) -> datetime | None:
        """The article's place in time: publication, else when it was fetched."""
        moment = self.published or self.fetched
        return as_utc(moment) if moment is not None else None

    @property
    def dated_span(self) -> tuple[datetime, datetime] | None:
        """When the article was published, as far as its source said: a day, or the whole month
        or year of a partial date; None for an article known only by when it was fetched, which
        says nothing of when its story happened (a page or file without a date)."""
        if self.published is None:
            return None
        start = as_utc(self.published)
        given = self.analysis.published
        precision = given.precision if given is not None else DatePrecision.DAY
        if precision is DatePrecision.MONTH:
            month = start.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
            following = (month + timedelta(days=32)).replace(day=1)
            return month, following - timedelta(microseconds=1)
        if precision is DatePrecision.YEAR:
            year = start.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
            return year, year.replace(year=year.year + 1) - timedelta(microseconds=1)
        return start, start

    @property
    def outlet_label(self) -> str:
        return self.outlet or self.source


@dataclass(frozen=True, slots=True)
class StorySignature:
    """Clustering state of one story; ``to_json`` is what ``Story.signature`` holds.

    ``centroid`` is the mean of the members' term vectors (its strongest terms): an article's
    dot product with it is its average similarity to the story's articles.
    """

    centroid: Mapping[str, float]
    dates: frozenset[str]
    first_seen: datetime | None
    last_seen: datetime | None
    article_count: int
    outlets: frozenset[str] = frozenset()
    version: int = SIGNATURE_VERSION

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict for ``Story.signature``."""
        return {
            "version": self.version,
            "centroid": dict(sorted(self.centroid.items())),
            "dates": sorted(self.dates),
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "article_count": self.article_count,
            "outlets": sorted(self.outlets),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StorySignature:
        """Read a stored signature; a malformed one raises SignatureError naming the problem."""
        try:
            version = int(data.get("version", 0))
            if version != SIGNATURE_VERSION:
                raise SignatureError(f"signature version {version}, expected {SIGNATURE_VERSION}")
            centroid = {str(term): float(weight) for term, weight in data["centroid"].items()}
            return cls(
                centroid=centroid,
                dates=frozenset(str(day) for day in data.get("dates", ())),
                first_seen=_parse_time(data.get("first_seen")),
                last_seen=_parse_time(data.get("last_seen")),
                article_count=int(data["article_count"]),
                outlets=frozenset(str(outlet) for outlet in data.get("outlets", ())),
                version=version,
            )
        except SignatureError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise SignatureError(f"malformed story signature: {exc!r}") from exc


def _parse_time(value: Any) -> datetime | None:
    if value is None:
        return None
    return as_utc(datetime.fromisoformat(str(value)))


class PlacementKind(StrEnum):
    JOIN = "join"
    NEW = "new"


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one article goes: into story ``story_id`` with ``similarity``, or a new story."""

    kind: PlacementKind
    story_id: int | None = None
    similarity: float = 0.0
    # The best candidate's score even when it was below the threshold: useful for tuning.
    best_similarity: float = 0.0
    # Other candidate stories the article shows to be the same event: merged into story_id.
    merge_ids: tuple[int, ...] = ()

    @property
    def is_new(self) -> bool:
        return self.kind is PlacementKind.NEW


@dataclass(frozen=True, slots=True)
class StorySource:
    article_id: int
    title: str | None
    outlet: str | None
    url: str | None
    source: str
    published: datetime | None

    @property
    def label(self) -> str:
        return self.outlet or self.source


@dataclass(frozen=True, slots=True)
class StorySentence:
    """A summary sentence, the article it was taken from and that article's outlet."""

    text: str
    article_id: int
    position: int
    outlet: str = ""
    # In a story told by several outlets: no other outlet reports this fact.
    exclusive: bool = False


@dataclass(frozen=True, slots=True)
class StoryQuote:
    """One statement, however many outlets reported it."""

    speaker: str | None
    role: str | None
    text: str
    kind: QuoteKind
    outlets: tuple[str, ...]
    article_ids: tuple[int, ...]
    score: float
    speaker_is_person: bool = True


@dataclass(frozen=True, slots=True)
class StoryPerson:
    name: str
    aliases: tuple[str, ...]
    role: str | None
    mentions: int
    article_ids: tuple[int, ...]


class DifferenceKind(StrEnum):
    """What two outlets give differently: a date or a number."""

    DATE = "date"
    NUMBER = "number"


@dataclass(frozen=True, slots=True)
class StoryClaim:
    """One outlet's version of a detail: its sentence, and the value as read from it."""

    outlet: str
    article_id: int
    sentence: str
    # "2024-05-15" for a date, "14" for a number.
    value: str


@dataclass(frozen=True, slots=True)
class StoryDifference:
    """Where the outlets of a story differ on a detail a reader would check: each outlet's
    sentence and value, as they wrote it."""

    kind: DifferenceKind
    claims: tuple[StoryClaim, ...]


@dataclass(frozen=True, slots=True)
class StoryEvent:
    date: PartialDate
    text: str
    article_id: int
    outlets: tuple[str, ...]
    url: str | None
    # The last period of a range ("from 1991 to 1997"); None for a single date.
    until: PartialDate | None = None


@dataclass(frozen=True, slots=True)
class StoryView:
    """Everything a digest, /who and /when show of one story."""

    id: int
    title: str
    articles: tuple[StorySource, ...]
    summary: tuple[StorySentence, ...]
    quotes: tuple[StoryQuote, ...]
    people: tuple[StoryPerson, ...]
    events: tuple[StoryEvent, ...]
    first_seen: datetime | None
    last_seen: datetime | None
    revision: int = 1
    is_update: bool = False
    # Dates and numbers the outlets give differently (``digests.stories.differences``).
    differences: tuple[StoryDifference, ...] = ()

    @property
    def outlets(self) -> tuple[str, ...]:
        """Distinct outlets in first-seen order."""
        return tuple(dict.fromkeys(source.label for source in self.articles))

    def to_json(self) -> dict[str, Any]:
        """The shape ``newsdigest stories --json`` prints."""
        return {
            "id": str(self.id),
            "title": self.title,
            "articles": [
                {"title": a.title, "outlet": a.outlet, "url": a.url, "source": a.source}
                for a in self.articles
            ],
            "summary": [s.text for s in self.summary],
            "quotes": [
                {"speaker": q.speaker, "text": q.text, "outlets": list(q.outlets)}
                for q in self.quotes
            ],
            "people": [p.name for p in self.people],
            "events": [
                {
                    "date": str(e.date),
                    "text": e.text,
                    "precision": str(e.date.precision),
                    "until": str(e.until) if e.until is not None else None,
                }
                for e in self.events
            ],
            "differences": [
                {
                    "kind": str(d.kind),
                    "claims": [
                        {"outlet": c.outlet, "value": c.value, "sentence": c.sentence}
                        for c in d.claims
                    ],
                }
                for d in self.differences
            ],
        }


@dataclass(frozen=True, slots=True)
class DigestFilters:
    """A subscriber's filters. Terms match keywords, people and outlets unless prefixed
    ``person:``, ``outlet:`` or ``keyword:``."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> DigestFilters:
        """Read ``Subscriber.filters``; anything unreadable counts as no filter."""
        if not data:
            return cls()

        def terms(key: str) -> tuple[str, ...]:
            value = data.get(key) or ()
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list | tuple):
                return ()
            return tuple(str(v).strip() for v in value if str(v).strip())

        return cls(include=terms("include"), exclude=terms("exclude"))

    def to_json(self) -> dict[str, Any]:
        return {"include": list(self.include), "exclude": list(self.exclude)}


@dataclass(frozen=True, slots=True)
class DigestEdition:
    """The stories one subscriber gets in one digest, best first.

    A scheduled edition holds what is new or grown since ``since``; an on-demand one (/digest)
    the current top stories, those the subscriber already got listed in ``sent_ids``.
    """

    since: datetime
    stories: tuple[StoryView, ...]
    # Stories left out because they were already sent and have not grown.
    already_sent: int = 0
    filtered_out: int = 0
    on_demand: bool = False
    # Shown stories the subscriber already got at their current revision (on demand only).
    sent_ids: frozenset[int] = frozenset()
    # When it was composed: the on-demand edition's header says "now" with it.
    composed_at: datetime | None = None

    @property
    def updates(self) -> int:
        return sum(1 for story in self.stories if story.is_update)

    @property
    def is_empty(self) -> bool:
        return not self.stories
