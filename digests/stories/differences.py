"""Where a story's outlets differ on a detail a reader would check, and what only one reports.

Extractive, from what the analysis stored: two outlets' sentences tell one fact when they share
a participant and links of their parses (``reading``); when such sentences date their event
differently at the same precision ("May 15" / "May 14"), or give the same word a different
number ("killed 5 people" / "killed 6 people"), the story shows both, each with its outlet. A
summary sentence whose fact no other outlet's sentence tells is marked as that outlet's alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import combinations

from digests.analysis.models import SentenceTraits
from digests.stories.models import (
    DifferenceKind,
    StoryArticleInput,
    StoryClaim,
    StoryDifference,
    StorySentence,
)
from digests.stories.reading import shared_links
from digests.stories.text import near_duplicate

__all__ = ["MAX_DIFFERENCES", "mark_exclusive", "story_differences"]

MAX_DIFFERENCES = 3
# Sentences of two outlets about one fact share a participant and this many links; telling a
# detail differently needs fewer shared words than telling it alike (``reading.SAME_FACT_LINKS``).
_ONE_FACT_LINKS = 2


def _about_one_fact(left: SentenceTraits | None, right: SentenceTraits | None) -> bool:
    if left is None or right is None:
        return False
    names, links = shared_links(left, right)
    return bool(names) and len(links) >= _ONE_FACT_LINKS


def _numbers(traits: SentenceTraits) -> dict[str, set[str]]:
    """Head word -> the numbers linked to it ("people" -> {"5"}), from the parse links."""
    found: dict[str, set[str]] = {}
    for fact in traits.facts:
        if fact.startswith("a:"):
            head, _, dependent = fact[2:].partition(">")
            if dependent.replace(".", "").replace(",", "").isdigit():
                found.setdefault(head, set()).add(dependent)
    return found


def _sentence(article: StoryArticleInput, position: int) -> str:
    return next((s.text for s in article.analysis.sentences if s.position == position), "")


def _claim(article: StoryArticleInput, position: int, value: str) -> StoryClaim:
    return StoryClaim(article.outlet_label, article.article_id, _sentence(article, position), value)


def _date_differences(left: StoryArticleInput, right: StoryArticleInput) -> list[StoryDifference]:
    found = []
    for one in left.analysis.events:
        for other in right.analysis.events:
            if one.date.precision != other.date.precision or one.date == other.date:
                continue
            same = near_duplicate(one.text, other.text, threshold=0.5) or _about_one_fact(
                left.analysis.traits_at(one.position), right.analysis.traits_at(other.position)
            )
            if same:
                claims = (
                    _claim(left, one.position, str(one.date)),
                    _claim(right, other.position, str(other.date)),
                )
                found.append(StoryDifference(DifferenceKind.DATE, claims))
    return found


def _number_differences(left: StoryArticleInput, right: StoryArticleInput) -> list[StoryDifference]:
    found = []
    for one in left.analysis.traits:
        counted = _numbers(one)
        if not counted:
            continue
        for other in right.analysis.traits:
            if not _about_one_fact(one, other):
                continue
            for head, values in _numbers(other).items():
                mine = counted.get(head)
                if mine and mine.isdisjoint(values):
                    claims = (
                        _claim(left, one.position, ", ".join(sorted(mine))),
                        _claim(right, other.position, ", ".join(sorted(values))),
                    )
                    found.append(StoryDifference(DifferenceKind.NUMBER, claims))
    return found


def story_differences(articles: Sequence[StoryArticleInput]) -> tuple[StoryDifference, ...]:
    """Dates and numbers two outlets of the story give differently, first seen first."""
    found: list[StoryDifference] = []
    seen: set[tuple[str, ...]] = set()
    for left, right in combinations(articles, 2):
        if left.outlet_label == right.outlet_label:
            continue
        for difference in (*_date_differences(left, right), *_number_differences(left, right)):
            key = (
                str(difference.kind),
                *sorted(f"{c.outlet}:{c.value}" for c in difference.claims),
            )
            if key not in seen:
                seen.add(key)
                found.append(difference)
    return tuple(found[:MAX_DIFFERENCES])


def mark_exclusive(
    summary: Sequence[StorySentence], articles: Sequence[StoryArticleInput]
) -> tuple[StorySentence, ...]:
    """The summary with each sentence whose fact no other outlet tells marked as exclusive."""
    if len({a.outlet_label for a in articles}) < 2:
        return tuple(summary)
    by_id = {a.article_id: a for a in articles}
    marked = []
    for sentence in summary:
        own = by_id.get(sentence.article_id)
        traits = own.analysis.traits_at(sentence.position) if own is not None else None
        told_elsewhere = any(
            _about_one_fact(traits, other_traits) or near_duplicate(sentence.text, s.text)
            for other in articles
            if other.outlet_label != sentence.outlet
            for s in other.analysis.sentences
            for other_traits in (other.analysis.traits_at(s.position),)
        )
        marked.append(replace(sentence, exclusive=not told_elsewhere and own is not None))
    return tuple(marked)
