"""Quotes on CNN/DailyMail against the hand-made gold (``evaluation/gold/cnndm_quotes.json``).

Matching: a found quote belongs to a gold quote when one of the gold snippets (``contains`` and,
for a quote over several sentences, its ``parts``), normalized, lies inside the found quote's
text (preferred) or its sentence; each found quote goes to one gold quote. Speaker scores count
quotes with a speaker: a found quote is correct when its gold quote names a speaker and the
names agree (equal once normalized and without a leading "the", or one the other's tail:
"Schilling" for "Curt Schilling"); a gold quote is recalled when some found quote of it has the
right speaker. A speaker that is a common noun or a pronoun ("officials", "he", "the statement")
is counted apart: the text names the person, or nobody.

Baseline: the same found quotes, each given the nearest spaCy PERSON entity as its speaker.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from digests.analysis.names import normalize_name
from evaluation.corpora.jsonl import CnnDmArticle
from evaluation.ingest import RawArticle, ingest
from evaluation.metrics import format_table
from evaluation.parse import Analysed, Parser, analyse_all

__all__ = [
    "GOLD",
    "GoldQuote",
    "QuoteCase",
    "is_common_speaker",
    "load_quote_gold",
    "quote_cases",
    "quotes_report",
    "speakers_match",
]

GOLD = Path(__file__).resolve().parent / "gold" / "cnndm_quotes.json"
_PRONOUNS = frozenset(
    [
        "he",
        "she",
        "they",
        "it",
        "him",
        "her",
        "them",
        "his",
        "hers",
        "their",
        "its",
        "i",
        "we",
        "you",
        "who",
        "this",
        "that",
        "someone",
    ]
)
_MARKS = re.compile(r"[\"“”„«»‘’'`]")


@dataclass(frozen=True, slots=True)
class GoldQuote:
    kind: str
    speaker: str | None
    snippets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Predicted:
    speaker: str | None
    text: str
    sentence: str
    kind: str
    baseline_speaker: str | None


@dataclass(frozen=True, slots=True)
class QuoteCase:
    article_id: str
    gold: tuple[GoldQuote, ...]
    found: tuple[Predicted, ...]


def load_quote_gold(path: Path = GOLD) -> dict[str, tuple[GoldQuote, ...]]:
    """Article id -> its gold quotes, in article order."""
    data = json.loads(path.read_text(encoding="utf-8"))
    gold: dict[str, tuple[GoldQuote, ...]] = {}
    for article in data["articles"]:
        quotes = []
        for q in article["quotes"]:
            snippets = tuple(dict.fromkeys([q["contains"], *q.get("parts", [])]))
            quotes.append(GoldQuote(q["kind"], q.get("speaker"), snippets))
        gold[str(article["id"])] = tuple(quotes)
    return gold


def _norm(text: str) -> str:
    return " ".join(normalize_name(_MARKS.sub(" ", text)).split())


def _speaker_key(name: str) -> list[str]:
    words = normalize_name(name).split()
    return words[1:] if words[:1] == ["the"] else words


def speakers_match(found: str | None, gold: str | None) -> bool:
    """Whether a found speaker names the gold one (see the module docstring)."""
    if not found or not gold:
        return False
    a, b = _speaker_key(found), _speaker_key(gold)
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return long[-len(short) :] == short


def is_common_speaker(name: str) -> bool:
    """A pronoun or a common noun phrase: no word of it capitalized."""
    words = [w for w in re.findall(r"[^\W\d_]+", name)]
    if not words:
        return True
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return True
    return not any(w[0].isupper() for w in words if w.lower() != "the")


def _nearest_person(analysed: Analysed, position: int) -> str | None:
    sentences = analysed.analysis.sentences
    if position >= len(sentences):
        return None
    start, end = sentences[position].start, sentences[position].end
    best: tuple[int, str] | None = None
    for ent in analysed.doc.ents:
        if ent.label_ != "PERSON":
            continue
        distance = max(0, start - ent.end_char, ent.start_char - end)
        if best is None or distance < best[0]:
            best = (distance, ent.text)
    return best[1] if best else None


def quote_cases(
    parser: Parser, articles: Sequence[CnnDmArticle], gold: dict[str, tuple[GoldQuote, ...]]
) -> list[QuoteCase]:
    """The gold articles ingested and analysed; their found quotes beside the gold."""
    chosen = [a for a in articles if a.article_id in gold]
    ingested = ingest([RawArticle(a.text, outlet="CNN") for a in chosen])
    kept = [(a, i.article) for a, i in zip(chosen, ingested, strict=True) if i.article]
    analysed = analyse_all(parser, [art for _, art in kept if art is not None])
    cases = []
    for (article, _), result in zip(kept, analysed, strict=True):
        found = tuple(
            Predicted(
                q.speaker,
                q.text,
                q.sentence,
                str(q.kind),
                _nearest_person(result, q.position),
            )
            for q in result.analysis.quotes
        )
        cases.append(QuoteCase(article.article_id, gold[article.article_id], found))
    missing = [a for a in chosen if a.article_id not in {c.article_id for c in cases}]
    cases += [QuoteCase(a.article_id, gold[a.article_id], ()) for a in missing]
    return cases


def _assign(case: QuoteCase) -> dict[int, int]:
    """Found index -> gold index: inside the quote text first, then inside its sentence."""
    snippets = [[_norm(s) for s in g.snippets] for g in case.gold]
    assigned: dict[int, int] = {}
    for field in ("text", "sentence"):
        for i, quote in enumerate(case.found):
            if i in assigned:
                continue
            haystack = _norm(getattr(quote, field))
            for j, parts in enumerate(snippets):
                if any(part and part in haystack for part in parts):
                    assigned[i] = j
                    break
    return assigned


@dataclass(frozen=True, slots=True)
class QuoteScores:
    """Speaker scores: precision over found quotes, recall over gold quotes."""

    correct: int
    found: int
    recalled: int
    expected: int
    detected: int
    gold: int
    not_quotes: int
    common: int

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_quotes(cases: Sequence[QuoteCase], *, baseline: bool = False) -> QuoteScores:
    """Speaker P/R/F1 and the counts around it, pooled over the articles."""
    correct = found = recalled = expected = detected = gold_total = not_quotes = common = 0
    for case in cases:
        assigned = _assign(case)
        hits: set[int] = set()
        for i, quote in enumerate(case.found):
            speaker = quote.baseline_speaker if baseline else quote.speaker
            if i not in assigned:
                not_quotes += 1
            if not speaker:
                continue
            found += 1
            common += is_common_speaker(speaker)
            j = assigned.get(i)
            if j is not None and speakers_match(speaker, case.gold[j].speaker):
                correct += 1
                hits.add(j)
        recalled += len(hits)
        expected += sum(1 for g in case.gold if g.speaker)
        detected += len(set(assigned.values()))
        gold_total += len(case.gold)
    return QuoteScores(correct, found, recalled, expected, detected, gold_total, not_quotes, common)


def quotes_report(cases: Sequence[QuoteCase]) -> str:
    """Speaker P/R/F1 of ours beside the nearest-PERSON baseline, with the counts behind them."""
    rows = []
    for label, baseline in (("nearest PERSON", True), ("**ours**", False)):
        s = score_quotes(cases, baseline=baseline)
        rows.append(
            (
                label,
                len(cases),
                s.gold,
                s.expected,
                s.detected,
                s.found,
                s.precision,
                s.recall,
                s.f1,
                s.not_quotes,
                f"{s.common} ({s.common / s.found:.1%})" if s.found else "0",
            )
        )
    header = (
        "speaker",
        "articles",
        "gold quotes",
        "gold with a named speaker",
        "gold quotes found",
        "found with a speaker",
        "speaker P",
        "speaker R",
        "speaker F1",
        "found, not a gold quote",
        "common-noun or pronoun speakers",
    )
    return format_table(header, rows)
