"""Single-article summaries on CNN/DailyMail: every summarizer against LEAD-3, by ROUGE.

LEAD-3 is the first three sentences of the article as the corpus gives it, split by punctuation:
the classic strong baseline. Our summarizers see the article after ingestion (cleaned) and pick
three sentences; the references are the human highlights.
"""

from __future__ import annotations

from collections.abc import Sequence

from digests.analysis.analyze import summary_positions
from digests.analysis.nlp import SpacySumyTokenizer
from digests.analysis.summarize import DEFAULT_METHOD, METHODS, get_summarizer
from evaluation.corpora.jsonl import CnnDmArticle
from evaluation.ingest import RawArticle, ingest
from evaluation.metrics import format_table, ratio
from evaluation.parse import Parser, analyse_all
from evaluation.rouge import Rouge, first_sentences, mean_rouge

__all__ = ["summary_report", "summary_scores"]

LEAD3 = "LEAD-3 (raw text)"


def summary_scores(
    parser: Parser, articles: Sequence[CnnDmArticle], *, sentences: int = 3
) -> dict[str, Rouge]:
    """Mean ROUGE of LEAD-3 and of every summarizer, over the articles ingestion accepts."""
    ingested = ingest([RawArticle(a.text) for a in articles])
    kept = [(a, i.article) for a, i in zip(articles, ingested, strict=True) if i.article]
    analysed = analyse_all(parser, [art for _, art in kept if art is not None], sentences=sentences)
    references = ["\n".join(a.highlights) for a, _ in kept]
    leads = [first_sentences(a.text) for a, _ in kept]
    table = {LEAD3: mean_rouge(zip(references, leads, strict=True))}
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
        table[method] = mean_rouge(zip(references, candidates, strict=True))
    return table


def summary_report(table: dict[str, Rouge]) -> str:
    """Rows best first by ROUGE-1, each with its ratio to LEAD-3."""
    lead = table[LEAD3]
    rows = [
        (
            f"**{name}** (default)" if name == DEFAULT_METHOD else name,
            scores.r1,
            scores.r2,
            scores.rl,
            f"{ratio(scores.r1, lead.r1):.3f}×",
            f"{ratio(scores.r2, lead.r2):.3f}×",
            f"{ratio(scores.rl, lead.rl):.3f}×",
        )
        for name, scores in sorted(table.items(), key=lambda kv: -kv[1].r1)
    ]
    count = lead.count
    header = (
        f"summarizer ({count} articles, 3 sentences)",
        "ROUGE-1",
        "ROUGE-2",
        "ROUGE-L",
        "R-1 ÷ LEAD-3",
        "R-2 ÷ LEAD-3",
        "R-L ÷ LEAD-3",
    )
    return format_table(header, rows)
