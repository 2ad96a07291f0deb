"""Incremental clustering: each analysed article joins the story it belongs to or starts one.

An article is a unit vector of its key terms, salience (early and proper-noun mentions count
more) times informativeness in English (``digests.analysis.keywords.idf``); a story is the mean
of its members' vectors (its centroid, grown as articles join). An article's similarity to a
story is the dot product with that mean, i.e. its average cosine with the story's articles
(average link): a story whose articles say different things attracts less than one whose
articles agree, so a broad story cannot swallow its neighbours. Dates, when known, open a time
window and add a little for shared event days. When an article is close enough to two stories
whose centroids are themselves that close, the two are one event told twice: they merge.

The cost of placing an article depends only on the candidates (stories seen within the window,
newest first, capped), never on how many stories are stored. ``cluster_articles`` (memory) and
the clustering job (database) run these same pure functions over the same candidate rule.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from digests.analysis.keywords import idf
from digests.analysis.models import ArticleAnalysis, DatePrecision
from digests.stories.models import Placement, PlacementKind, StoryArticleInput, StorySignature

__all__ = [
    "CENTROID_TERMS",
    "DEFAULT_THRESHOLD",
    "DEFAULT_WINDOW",
    "MAX_CANDIDATES",
    "article_vector",
    "candidates",
    "cluster_articles",
    "merge_signatures",
    "new_signature",
    "place_article",
    "similarity",
    "update_signature",
]

# Calibrated on half of the Multi-News events and checked on the other half (see
# ``evaluation/stories.py`` and the README): the best pairwise F1 on the calibration half.
DEFAULT_THRESHOLD = 0.22
DEFAULT_WINDOW = timedelta(days=7)
# Stories compared with each article: the newest ones active in the window.
MAX_CANDIDATES = 500
# Terms kept in a story's centroid: its shared vocabulary, bounded for storage and speed.
CENTROID_TERMS = 200
# Up to this much for event days the article shares with the story (two or more days: all).
_DATE_BONUS = 0.05
# Across the whole window the score decays by this fraction.
_TIME_DECAY = 0.3
_MAX_DATES = 40


def article_vector(analysis: ArticleAnalysis) -> dict[str, float]:
    """Unit vector of key terms: sublinear salience times informativeness."""
    source: Mapping[str, float] = analysis.keywords or {
        term: float(count) for term, count in analysis.terms.items()
    }
    weights: dict[str, float] = {}
    for term, salience in source.items():
        key = term.strip().lower()
        if not key or salience <= 0:
            continue
        tf = 1.0 + math.log(salience) if salience >= 1.0 else salience
        weights[key] = weights.get(key, 0.0) + tf * idf(key)
    norm = math.sqrt(sum(w * w for w in weights.values()))
    if not norm:
        return {}
    return {term: round(w / norm, 5) for term, w in weights.items()}


def _dot(left: Mapping[str, float], right: Mapping[str, float]) -> float:
    if len(left) > len(right):
        left, right = right, left
    return sum(weight * right.get(term, 0.0) for term, weight in left.items())


def _article_dates(analysis: ArticleAnalysis) -> frozenset[str]:
    return frozenset(
        str(event.date) for event in analysis.events if event.date.precision is DatePrecision.DAY
    )


def _top(centroid: Mapping[str, float], count: int = CENTROID_TERMS) -> dict[str, float]:
    ranked = sorted(centroid.items(), key=lambda item: (-item[1], item[0]))[:count]
    return {term: round(weight, 5) for term, weight in ranked}


Span = tuple[datetime, datetime]


def _proximity(span: Span | None, signature: StorySignature, window: timedelta) -> float:
    """1 at the story's time, decaying across the window; 0 outside it; 1 when undated.

    An article dated only to a month or a year is as close as the nearest moment of that
    period; an undated one (known only by when it was fetched) is never kept out by time.
    """
    first, last = signature.first_seen, signature.last_seen
    if span is None or first is None or last is None:
        return 1.0
    start, end = span
    # Differences, not sums: a date near year 1 or 9999 must not overflow.
    if start - last > window or first - end > window:
        return 0.0
    gap = max(start - last, first - end, timedelta(0))
    return 1.0 - _TIME_DECAY * (gap / window)


def _score(
    vector: Mapping[str, float],
    dates: frozenset[str],
    span: Span | None,
    signature: StorySignature,
    window: timedelta,
) -> float:
    proximity = _proximity(span, signature, window)
    if not proximity:
        return 0.0
    shared_days = min(1.0, len(dates & signature.dates) / 2) if dates else 0.0
    return round(proximity * (_dot(vector, signature.centroid) + _DATE_BONUS * shared_days), 4)


def similarity(
    article: StoryArticleInput, signature: StorySignature, *, window: timedelta = DEFAULT_WINDOW
) -> float:
    """How strongly an article belongs to a story, 0..1; 0 outside the story's time window."""
    return _score(
        article_vector(article.analysis),
        _article_dates(article.analysis),
        article.dated_span,
        signature,
        window,
    )


def candidates(
    stories: Iterable[tuple[int, StorySignature]],
    *,
    seen: datetime | None,
    window: timedelta = DEFAULT_WINDOW,
    limit: int = MAX_CANDIDATES,
) -> dict[int, StorySignature]:
    """The stories an article is compared with: seen within the window, newest first, capped.

    What ``storage.stories.recent_stories`` selects in the database, for the in-memory run.
    """
    pool = [
        (story_id, sig)
        for story_id, sig in stories
        if seen is None or sig.last_seen is None or seen - sig.last_seen <= window
    ]
    pool.sort(key=lambda item: (item[1].last_seen is not None, item[1].last_seen, item[0]))
    return dict(reversed(pool[-limit:])) if limit > 0 else {}


def place_article(
    article: StoryArticleInput,
    candidates: Mapping[int, StorySignature],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    window: timedelta = DEFAULT_WINDOW,
) -> Placement:
    """The story an article joins (and stories it shows to be the same event), or a new one."""
    vector = article_vector(article.analysis)
    dates = _article_dates(article.analysis)
    span = article.dated_span
    scored = sorted(
        (
            (_score(vector, dates, span, signature, window), story_id)
            for story_id, signature in candidates.items()
        ),
        key=lambda item: (-item[0], item[1]),
    )
    if not scored or scored[0][0] < threshold:
        return Placement(PlacementKind.NEW, None, 0.0, scored[0][0] if scored else 0.0)
    best, story_id = scored[0]
    centroid = candidates[story_id].centroid
    # Another story the article also belongs to is the same event when the two stories are, on
    # their own, as close to each other as an article must be to join (average link between
    # them): the article only reveals it, it cannot pull two events together by itself.
    merges = tuple(
        sorted(
            other
            for score, other in scored[1:]
            if score >= threshold and _dot(centroid, candidates[other].centroid) >= threshold
        )
    )
    return Placement(PlacementKind.JOIN, story_id, best, best, merge_ids=merges)


def new_signature(article: StoryArticleInput) -> StorySignature:
    """The signature of a story that starts with this article (undated: no time of its own)."""
    span = article.dated_span
    return StorySignature(
        centroid=_top(article_vector(article.analysis)),
        dates=frozenset(sorted(_article_dates(article.analysis))[:_MAX_DATES]),
        first_seen=span[0] if span else None,
        last_seen=span[1] if span else None,
        article_count=1,
        outlets=frozenset({article.outlet_label}),
    )


def merge_signatures(left: StorySignature, right: StorySignature) -> StorySignature:
    """One story's signature from two: centroids averaged by article count, times joined."""
    total = left.article_count + right.article_count
    combined: dict[str, float] = {}
    for signature in (left, right):
        share = signature.article_count / total if total else 0.5
        for term, weight in signature.centroid.items():
            combined[term] = combined.get(term, 0.0) + weight * share
    seen = [t for s in (left, right) for t in (s.first_seen, s.last_seen) if t is not None]
    return StorySignature(
        centroid=_top(combined),
        dates=frozenset(sorted(left.dates | right.dates)[:_MAX_DATES]),
        first_seen=min(seen) if seen else None,
        last_seen=max(seen) if seen else None,
        article_count=total,
        outlets=left.outlets | right.outlets,
    )


def update_signature(
    signature: StorySignature | None, article: StoryArticleInput
) -> StorySignature:
    """The signature after ``article`` joined the story (a new one when ``signature`` is None).

    Every member counts once in the mean, however well it matched.
    """
    if signature is None:
        return new_signature(article)
    return merge_signatures(signature, new_signature(article))


@dataclass(slots=True)
class _Memory:
    """What the clustering job keeps in the database, kept in a dict for ``cluster_articles``."""

    signatures: dict[int, StorySignature]
    members: dict[int, list[StoryArticleInput]]
    next_id: int = 1


def cluster_articles(
    articles: Sequence[StoryArticleInput],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    window: timedelta = DEFAULT_WINDOW,
    max_candidates: int = MAX_CANDIDATES,
) -> list[list[StoryArticleInput]]:
    """Cluster articles in memory, oldest first, exactly as the incremental job would."""
    state = _Memory({}, {})
    dated = [a for a in articles if a.seen_at is not None]
    undated = [a for a in articles if a.seen_at is None]
    ordered = sorted(dated, key=lambda a: (a.seen_at, a.article_id)) + sorted(
        undated, key=lambda a: a.article_id
    )
    for article in ordered:
        span = article.dated_span
        pool = candidates(
            state.signatures.items(),
            seen=span[0] if span else None,
            window=window,
            limit=max_candidates,
        )
        placement = place_article(article, pool, threshold=threshold, window=window)
        if placement.story_id is None:
            story_id = state.next_id
            state.next_id += 1
            state.signatures[story_id] = new_signature(article)
            state.members[story_id] = [article]
            continue
        story_id = placement.story_id
        signature = update_signature(state.signatures[story_id], article)
        members = [*state.members[story_id], article]
        for other in placement.merge_ids:
            signature = merge_signatures(signature, state.signatures.pop(other))
            members += state.members.pop(other)
        state.signatures[story_id] = signature
        state.members[story_id] = members
    return [state.members[story_id] for story_id in sorted(state.members)]
