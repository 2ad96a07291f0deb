"""Incremental clustering: each analysed article joins one of a few candidate stories or starts one.

The cost of placing an article depends only on the candidates the caller passes (stories of a
recent window sharing keys with the article), never on how many stories are stored. Evidence:
cosine of sublinear term vectors over lemmas, shared people/organisation/place keys, shared dated
events and time proximity. Each candidate is compared with its *core* (its first articles), and the
score needs support from more than one core member once there are several, so a story cannot drift
towards another one through a single bridging article.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import timedelta

from digests.analysis.models import ArticleAnalysis, DatePrecision
from digests.stories.models import (
    Placement,
    PlacementKind,
    StoryArticleInput,
    StorySignature,
)
from digests.stories.text import cosine, fold, person_key

__all__ = [
    "CORE_SIMILARITY",
    "CORE_SIZE",
    "DEFAULT_THRESHOLD",
    "DEFAULT_WINDOW",
    "article_keys",
    "article_vector",
    "cluster_articles",
    "new_signature",
    "place_article",
    "similarity",
    "update_signature",
]

# Measured on evaluation/story_pairs.json (see evaluation/clustering.py and the README).
DEFAULT_THRESHOLD = 0.35
DEFAULT_WINDOW = timedelta(days=7)
# Articles whose vectors make up a story's core; later ones only extend keys, dates and time.
CORE_SIZE = 4
# Articles joining with less than this extend a story without entering its core.
CORE_SIMILARITY = 0.45
# Terms kept per core vector: keeps stored signatures small and comparison cheap.
MAX_TERMS = 80

_TEXT_WEIGHT = 0.6
_KEY_WEIGHT = 0.3
_DATE_WEIGHT = 0.1
# Person keys are strong evidence, organisations and places (Ukraine, Kyiv) weaker.
_PERSON_KEY = 1.0
_ENTITY_KEY = 0.5


def article_vector(analysis: ArticleAnalysis) -> dict[str, float]:
    """Sublinear term weights of an article's content lemmas, the strongest ``MAX_TERMS`` kept."""
    weights = {
        fold(term): 1.0 + math.log(count)
        for term, count in analysis.terms.items()
        if count > 0 and term.strip()
    }
    if len(weights) > MAX_TERMS:
        kept = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:MAX_TERMS]
        weights = dict(kept)
    return {term: round(weight, 4) for term, weight in weights.items()}


def article_keys(analysis: ArticleAnalysis) -> frozenset[str]:
    """People (by surname) and organisation/place keys of an article."""
    people = {f"p:{person_key(person.name)}" for person in analysis.people}
    entities = {f"e:{fold(entity)}" for entity in analysis.entities if entity.strip()}
    return frozenset(key for key in people | entities if len(key) > 2)


def _article_dates(analysis: ArticleAnalysis) -> frozenset[str]:
    return frozenset(
        str(event.date) for event in analysis.events if event.date.precision is DatePrecision.DAY
    )


def _key_similarity(left: frozenset[str], right: frozenset[str]) -> float:
    def weight(key: str) -> float:
        return _PERSON_KEY if key.startswith("p:") else _ENTITY_KEY

    if not left or not right:
        return 0.0
    shared = sum(weight(key) ** 2 for key in left & right)
    norm = math.sqrt(sum(weight(k) ** 2 for k in left) * sum(weight(k) ** 2 for k in right))
    return shared / norm if norm else 0.0


def similarity(
    article: StoryArticleInput, signature: StorySignature, *, window: timedelta = DEFAULT_WINDOW
) -> float:
    """How strongly an article belongs to a story, 0..1; 0 outside the story's time window."""
    seen = article.seen_at
    if seen is not None and signature.last_seen is not None and signature.first_seen is not None:
        # Differences, not sums: a date near year 1 or 9999 must not overflow.
        if seen - signature.last_seen > window or signature.first_seen - seen > window:
            return 0.0
        gap = max(seen - signature.last_seen, signature.first_seen - seen, timedelta(0))
        proximity = 1.0 - 0.3 * (gap / window)
    else:
        proximity = 0.9
    vector = article_vector(article.analysis)
    keys = article_keys(article.analysis)
    scores = sorted(
        (
            _TEXT_WEIGHT * cosine(vector, core) + _KEY_WEIGHT * _key_similarity(keys, core_keys)
            for core, core_keys in zip(signature.core, signature.core_keys, strict=True)
        ),
        reverse=True,
    )
    if not scores:
        return 0.0
    # With several core articles, resemblance to one of them alone is not enough: the article
    # must resemble at least half of the core (two members once there are two or more).
    support = 1 if len(scores) == 1 else max(2, (len(scores) + 1) // 2)
    member_score = sum(scores[:support]) / support
    dates = _article_dates(article.analysis)
    date_score = min(1.0, len(dates & signature.core_dates) / 2) if dates else 0.0
    return round(proximity * (member_score + _DATE_WEIGHT * date_score), 4)


def place_article(
    article: StoryArticleInput,
    candidates: Mapping[int, StorySignature],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    window: timedelta = DEFAULT_WINDOW,
) -> Placement:
    """Choose the candidate story an article joins, or say it starts a new one."""
    best_id: int | None = None
    best = 0.0
    for story_id, signature in candidates.items():
        score = similarity(article, signature, window=window)
        if score > best or (score == best and best_id is not None and story_id < best_id):
            best_id, best = story_id, score
    if best_id is not None and best >= threshold:
        return Placement(PlacementKind.JOIN, best_id, best, best)
    return Placement(PlacementKind.NEW, None, 0.0, best)


def new_signature(article: StoryArticleInput) -> StorySignature:
    """The signature of a story that starts with this article."""
    seen = article.seen_at
    return StorySignature(
        core=(article_vector(article.analysis),),
        core_keys=(article_keys(article.analysis),),
        core_dates=_article_dates(article.analysis),
        first_seen=seen,
        last_seen=seen,
        article_count=1,
        outlets=frozenset({article.outlet_label}),
    )


def update_signature(
    signature: StorySignature | None,
    article: StoryArticleInput,
    *,
    similarity: float | None = None,
    core_size: int = CORE_SIZE,
    core_similarity: float = CORE_SIMILARITY,
) -> StorySignature:
    """The signature after ``article`` joined the story (a new one when ``signature`` is None).

    Pass the placement's ``similarity``: an article that joined only weakly extends the story's
    time, outlets and count but does not become part of its core, so it cannot bridge.
    """
    if signature is None:
        return new_signature(article)
    seen = article.seen_at
    first_seen, last_seen = signature.first_seen, signature.last_seen
    if seen is not None:
        first_seen = seen if first_seen is None else min(first_seen, seen)
        last_seen = seen if last_seen is None else max(last_seen, seen)
    core, core_keys, core_dates = signature.core, signature.core_keys, signature.core_dates
    if len(core) < core_size and (similarity is None or similarity >= core_similarity):
        core = (*core, article_vector(article.analysis))
        core_keys = (*core_keys, article_keys(article.analysis))
        core_dates = core_dates | _article_dates(article.analysis)
    return replace(
        signature,
        core=core,
        core_keys=core_keys,
        core_dates=core_dates,
        first_seen=first_seen,
        last_seen=last_seen,
        article_count=signature.article_count + 1,
        outlets=signature.outlets | {article.outlet_label},
    )


def cluster_articles(
    articles: Sequence[StoryArticleInput],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    window: timedelta = DEFAULT_WINDOW,
) -> list[list[StoryArticleInput]]:
    """Cluster articles in memory, oldest first, exactly as the incremental job would."""
    signatures: dict[int, StorySignature] = {}
    members: dict[int, list[StoryArticleInput]] = {}
    dated = [a for a in articles if a.seen_at is not None]
    undated = [a for a in articles if a.seen_at is None]
    ordered = sorted(dated, key=lambda a: (a.seen_at, a.article_id)) + sorted(
        undated, key=lambda a: a.article_id
    )
    for article in ordered:
        placement = place_article(article, signatures, threshold=threshold, window=window)
        if placement.story_id is None:
            story_id = len(signatures) + 1
            signatures[story_id] = new_signature(article)
            members[story_id] = [article]
        else:
            signatures[placement.story_id] = update_signature(
                signatures[placement.story_id], article, similarity=placement.similarity
            )
            members[placement.story_id].append(article)
    return list(members.values())
