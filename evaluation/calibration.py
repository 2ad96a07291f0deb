"""The story threshold's calibration: a sweep on the even events, checked on the odd ones.

The default threshold (``NEWSDIGEST_STORY_SIMILARITY``) is chosen on the calibration half alone:
the highest threshold whose F1 there is within 0.02 of that half's best (a wrong merge costs a
reader more than a split); the check half shows whether the choice holds on events it was not
chosen on.
"""

from __future__ import annotations

from collections.abc import Sequence

from digests.stories.clustering import DEFAULT_THRESHOLD, cluster_articles
from evaluation.metrics import PRF, pair_counts
from evaluation.stories import StoriesData, story_half

__all__ = ["CALIBRATION_THRESHOLDS", "calibration", "chosen_threshold"]

CALIBRATION_THRESHOLDS = tuple(round(0.14 + 0.02 * i, 2) for i in range(9))


def calibration(data: StoriesData) -> list[tuple[float, PRF, PRF]]:
    """Pairwise scores per threshold on the even events (calibration) and the odd (check)."""
    halves = (story_half(data, 0), story_half(data, 1))
    rows = []
    for threshold in sorted({*CALIBRATION_THRESHOLDS, DEFAULT_THRESHOLD}):
        scores = []
        for half in halves:
            items = [item for item in half.inputs if item is not None]
            clusters = cluster_articles(items, threshold=threshold)
            where = {m.article_id: n for n, members in enumerate(clusters) for m in members}
            predicted = [
                where[item.article_id] if item is not None else -(i + 1)
                for i, item in enumerate(half.inputs)
            ]
            scores.append(pair_counts(half.gold, predicted))
        rows.append((threshold, scores[0], scores[1]))
    return rows


def chosen_threshold(rows: Sequence[tuple[float, PRF, PRF]]) -> float:
    """The calibration rule above, applied to the calibration half's scores."""
    best = max(calibration.f1 for _, calibration, _ in rows)
    return max(threshold for threshold, calibration, _ in rows if calibration.f1 >= best - 0.02)
