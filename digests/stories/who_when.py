"""What /who and /when answer with: people, their quotes and stories, and timeline lines.

Filled by the read jobs (``digests.jobs.reading``) from storage, rendered by
``digests.stories.render``; plain frozen data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from digests.analysis.models import PartialDate, QuoteKind

__all__ = [
    "PersonDetail",
    "PersonSummary",
    "QuoteRef",
    "StoryRef",
    "TimelineLine",
    "TimelineSource",
]


@dataclass(frozen=True, slots=True)
class QuoteRef:
    """A quote as /who shows it: what was said, by whom, where and when."""

    text: str
    outlet: str | None
    url: str | None
    published: date | None = None
    # Reported speech is a paraphrase: shown without quote marks.
    kind: QuoteKind = QuoteKind.DIRECT


@dataclass(frozen=True, slots=True)
class StoryRef:
    id: int
    title: str


@dataclass(frozen=True, slots=True)
class PersonSummary:
    """One line of /who without arguments."""

    name: str
    role: str | None
    story_count: int
    latest_quote: QuoteRef | None = None


@dataclass(frozen=True, slots=True)
class PersonDetail:
    """/who NAME: the person, what they said and the stories they are in."""

    name: str
    aliases: tuple[str, ...]
    role: str | None
    quotes: tuple[QuoteRef, ...] = ()
    stories: tuple[StoryRef, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelineSource:
    """Another outlet that told the same event: its name and its article's link."""

    outlet: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class TimelineLine:
    """One /when line: date — event — source links (the first outlet, then ``also``)."""

    date: PartialDate
    text: str
    outlet: str | None
    url: str | None
    story_title: str | None = None
    # True for what the article recalls from long before its own news.
    background: bool = False
    # The last period of a range ("15–17 May"); None for a single date.
    until: PartialDate | None = None
    story_id: int | None = None
    article_id: int | None = None
    # The other outlets that told the same event, in the order they came.
    also: tuple[TimelineSource, ...] = ()
