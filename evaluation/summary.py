"""Single-article summaries on CNN/DailyMail: every summarizer against LEAD-3, by ROUGE.

LEAD-3 is the first three sentences of the article as the corpus gives it, split by punctuation:
the classic strong baseline. Our summarizers see the article after ingestion (cleaned) and pick
three sentences; the references are the human highlights.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from digests.analysis.analyze import summary_positions
from digests.analysis.nlp import SpacySumyTokenizer
from digests.analysis.summarize import DEFAULT_METHOD, METHODS, get_summarizer
from evaluation.corpora.jsonl import CnnDmArticle
from evaluation.ingest import RawArticle, ingest
from evaluation.metrics import format_table, ratio
from evaluation.parse import Parser, analyse_all
from evaluation.rouge import Rouge, first_sentences, mean_rouge

__all__ = ["SummaryScores", "summary_report", "summary_scores"]

LEAD3 = "LEAD-3 (raw text)"


@dataclass(frozen=True, slots=True)
class SummaryScores:
    """Mean ROUGE per summarizer, and LEAD-3 and the default on each half of the corpus."""

    table: dict[str, Rouge]
    # name -> (even lines: the half the default's weights were fitted on, odd lines: the check)
    halves: dict[str, tuple[Rouge, Rouge]]


def summary_scores(
    parser: Parser, articles: Sequence[CnnDmArticle], *, sentences: int = 3
) -> SummaryScores:
    """Mean ROUGE of LEAD-3 and of every summarizer, over the articles ingestion accepts."""
    ingested = ingest([RawArticle(a.text) for a in articles])
    kept = [
        (line, a, i.article)
        for line, (a, i) in enumerate(zip(articles, ingested, strict=True))
        if i.article
    ]
    analysed = analyse_all(
        parser, [art for _, _, art in kept if art is not None], sentences=sentences
    )
    references = ["\n".join(a.highlights) for _, a, _ in kept]
    even = [line % 2 == 0 for line, _, _ in kept]
    texts: dict[str, list[str]] = {LEAD3: [first_sentences(a.text) for _, a, _ in kept]}
    tokenizer = SpacySumyTokenizer(parser.nlp)
    for method in METHODS:
        summarizer = get_summarizer(method, tokenizer)
        candidates = []
        for result in analysed:
            if method == DEFAULT_METHOD:
                positions = result.analysis.summary
            else:
                positions = summary_positions(
                    result.doc, result.article, summarizer, sentences=sentences
                )
            by_position = {s.position: s.text for s in result.analysis.sentences}
            candidates.append(" ".join(by_position[p] for p in positions))
        texts[method] = candidates
    table = {name: mean_rouge(zip(references, got, strict=True)) for name, got in texts.items()}

    def half(name: str, parity: bool) -> Rouge:
        pairs = zip(references, texts[name], even, strict=True)
        return mean_rouge((ref, got) for ref, got, is_even in pairs if is_even is parity)

    halves = {name: (half(name, True), half(name, False)) for name in (LEAD3, DEFAULT_METHOD)}
    return SummaryScores(table, halves)


def summary_report(scores: SummaryScores) -> str:
    """Rows best first by ROUGE-1, each with its ratio to LEAD-3; then the default's halves."""
    lead = scores.table[LEAD3]

    def ratios(of: Rouge, base: Rouge) -> tuple[str, str, str]:
        return (
            f"{ratio(of.r1, base.r1):.3f}×",
            f"{ratio(of.r2, base.r2):.3f}×",
            f"{ratio(of.rl, base.rl):.3f}×",
        )

    rows = [
        (
            f"**{name}** (default)" if name == DEFAULT_METHOD else name,
            got.r1,
            got.r2,
            got.rl,
            *ratios(got, lead),
        )
        for name, got in sorted(scores.table.items(), key=lambda kv: -kv[1].r1)
    ]
    header = (
        f"summarizer ({lead.count} articles, 3 sentences)",
        "ROUGE-1",
        "ROUGE-2",
        "ROUGE-L",
        "R-1 ÷ LEAD-3",
        "R-2 ÷ LEAD-3",
        "R-L ÷ LEAD-3",
    )
    halves = []
    for label, side in (("even lines (weights fitted here)", 0), ("odd lines (check)", 1)):
        base, ours = scores.halves[LEAD3][side], scores.halves[DEFAULT_METHOD][side]
        halves.append((label, ours.count, ours.r1, ours.r2, ours.rl, *ratios(ours, base)))
    half_header = (
        f"{DEFAULT_METHOD} by half of the corpus",
        "articles",
        "ROUGE-1",
        "ROUGE-2",
        "ROUGE-L",
        "R-1 ÷ LEAD-3",
        "R-2 ÷ LEAD-3",
        "R-L ÷ LEAD-3",
    )
    return format_table(header, rows) + "\n\n" + format_table(half_header, halves)
