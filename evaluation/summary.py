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
from evaluation.figures import HALVES, Figure, Report
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
    # for every summarizer and LEAD-3
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

    halves = {name: (half(name, True), half(name, False)) for name in texts}
    return SummaryScores(table, halves)


def summary_report(scores: SummaryScores) -> Report:
    """Rows best first by ROUGE-1, each with its ratio to LEAD-3 overall and on each half; then
    the default's halves in full."""
    lead = scores.table[LEAD3]
    lead_halves = scores.halves[LEAD3]

    def ratios(of: Rouge, base: Rouge) -> tuple[str, str, str]:
        return (
            f"{ratio(of.r1, base.r1):.3f}×",
            f"{ratio(of.r2, base.r2):.3f}×",
            f"{ratio(of.rl, base.rl):.3f}×",
        )

    rows = []
    figures: list[Figure] = []
    for name, got in sorted(scores.table.items(), key=lambda kv: -kv[1].r1):
        even, odd = scores.halves[name]
        rows.append(
            (
                f"**{name}** (default)" if name == DEFAULT_METHOD else name,
                got.r1,
                got.r2,
                got.rl,
                *ratios(got, lead),
                f"{ratio(even.r1, lead_halves[0].r1):.3f}×",
                f"{ratio(odd.r1, lead_halves[1].r1):.3f}×",
            )
        )
        ours = name == DEFAULT_METHOD
        system = "ours" if ours else name
        for measure, key in (("ROUGE-1", "r1"), ("ROUGE-2", "r2"), ("ROUGE-L", "rl")):
            figures.append(
                Figure(
                    "summary",
                    "CNN/DailyMail",
                    measure,
                    system,
                    getattr(got, key),
                    getattr(even, key),
                    getattr(odd, key),
                    ours=ours,
                )
            )
            if name != LEAD3:
                figures.append(
                    Figure(
                        "summary",
                        "CNN/DailyMail",
                        f"{measure} ÷ LEAD-3",
                        system,
                        ratio(getattr(got, key), getattr(lead, key)),
                        ratio(getattr(even, key), getattr(lead_halves[0], key)),
                        ratio(getattr(odd, key), getattr(lead_halves[1], key)),
                        ours=ours,
                    )
                )
    header = (
        f"summarizer ({lead.count} articles, 3 sentences)",
        "ROUGE-1",
        "ROUGE-2",
        "ROUGE-L",
        "R-1 ÷ LEAD-3",
        "R-2 ÷ LEAD-3",
        "R-L ÷ LEAD-3",
        f"R-1 ÷ LEAD-3, {HALVES[0]} lines",
        f"R-1 ÷ LEAD-3, {HALVES[1]} lines",
    )
    halves = []
    for label, side in (("even lines (weights fitted here)", 0), ("odd lines (check)", 1)):
        base, ours_half = lead_halves[side], scores.halves[DEFAULT_METHOD][side]
        halves.append(
            (
                label,
                ours_half.count,
                ours_half.r1,
                ours_half.r2,
                ours_half.rl,
                *ratios(ours_half, base),
            )
        )
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
    text = format_table(header, rows) + "\n\n" + format_table(half_header, halves)
    return Report(text, tuple(figures))
