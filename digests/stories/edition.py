"""Digest editions: which stories one subscriber gets now, in which order, and which are updates."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from digests.stories.models import DigestEdition, DigestFilters, StoryView, as_utc
from digests.stories.text import fold

__all__ = ["build_edition", "matches_filters", "rank_stories", "story_rank"]

# Hours over which recency halves a story's weight.
_RECENCY_HALF_LIFE_HOURS = 24.0


def story_rank(story: StoryView, *, now: datetime) -> float:
    """A story's place in a digest: outlets first, then recency, then prominence."""
    outlets = len(story.outlets)
    if story.last_seen is None:
        recency = 0.0
    else:
        hours = max(0.0, (as_utc(now) - as_utc(story.last_seen)).total_seconds() / 3600)
        recency = 0.5 ** (hours / _RECENCY_HALF_LIFE_HOURS)
    prominence = (
        0.3 * min(len(story.quotes), 3)
        + 0.1 * min(len(story.people), 5)
        + 0.3 * math.log1p(len(story.articles))
    )
    return round(1.5 * outlets + 1.0 * recency + prominence, 6)


def rank_stories(stories: Sequence[StoryView], *, now: datetime) -> list[StoryView]:
    """Stories most important first (``story_rank``): the one order of ``newsdigest stories``,
    ``newsdigest digest`` and the bot's digests."""
    return sorted(stories, key=lambda s: (-story_rank(s, now=now), s.id))


def _haystacks(story: StoryView) -> dict[str, list[str]]:
    keywords = [story.title, *(s.text for s in story.summary), *(q.text for q in story.quotes)]
    keywords += [a.title or "" for a in story.articles]
    people = [name for p in story.people for name in (p.name, *p.aliases)]
    people += [q.speaker for q in story.quotes if q.speaker]
    outlets = [*story.outlets, *(a.source for a in story.articles)]
    return {
        "keyword": [fold(text) for text in keywords],
        "person": [fold(name) for name in people],
        "outlet": [fold(outlet) for outlet in outlets],
    }


def _term_matches(term: str, haystacks: Mapping[str, list[str]]) -> bool:
    kind, sep, value = term.partition(":")
    kind = fold(kind.strip())
    if sep and kind in haystacks:
        areas = [kind]
        needle = fold(value.strip())
    else:
        areas = list(haystacks)
        needle = fold(term.strip())
    if not needle:
        return False
    return any(needle in text for area in areas for text in haystacks[area])


def matches_filters(story: StoryView, filters: DigestFilters) -> bool:
    """Whether a story passes a subscriber's filters: any include term (if any), no exclude term."""
    haystacks = _haystacks(story)
    if any(_term_matches(term, haystacks) for term in filters.exclude):
        return False
    return not filters.include or any(_term_matches(t, haystacks) for t in filters.include)


def build_edition(
    stories: Sequence[StoryView],
    *,
    since: datetime,
    max_stories: int,
    sent_revisions: Mapping[int, int],
    filters: DigestFilters | None = None,
    now: datetime | None = None,
    include_sent: bool = False,
) -> DigestEdition:
    """The digest one subscriber gets: the top stories seen since ``since``.

    ``sent_revisions`` maps story id to the revision the subscriber already got; such a story
    comes again only when its revision grew, marked as an update. With ``include_sent`` (the
    on-demand /digest: the current top stories) it stays, and is listed in ``sent_ids``.
    """
    since = as_utc(since)
    reference = as_utc(now) if now is not None else since
    if now is None:
        seen = [as_utc(s.last_seen) for s in stories if s.last_seen is not None]
        reference = max([since, *seen])
    chosen: list[StoryView] = []
    resent: set[int] = set()
    already_sent = filtered_out = 0
    for story in stories:
        if story.last_seen is not None and as_utc(story.last_seen) < since:
            continue
        sent = sent_revisions.get(story.id)
        if sent is not None and story.revision <= sent:
            if not include_sent:
                already_sent += 1
                continue
            resent.add(story.id)
        if filters is not None and not matches_filters(story, filters):
            filtered_out += 1
            continue
        chosen.append(replace(story, is_update=sent is not None and story.revision > sent))
    shown = tuple(rank_stories(chosen, now=reference)[: max(0, max_stories)])
    return DigestEdition(
        since=since,
        stories=shown,
        already_sent=already_sent,
        filtered_out=filtered_out,
        on_demand=include_sent,
        sent_ids=frozenset(story.id for story in shown if story.id in resent),
        composed_at=now if include_sent else None,
    )
