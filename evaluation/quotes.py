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

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from digests.analysis.names import normalize_name
from evaluation.cnndm_gold import SUBSET_LABELS, GoldArticle, GoldQuote, gold_subsets
from evaluation.figures import HALVES, Better, Figure, Report
from evaluation.metrics import format_table
from evaluation.parse import Analysed

__all__ = [
    "QuoteCase",
    "QuoteScores",
    "assign",
    "is_common_speaker",
    "norm",
    "quote_cases",
    "quotes_report",
    "speakers_match",
]

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
class Predicted:
    speaker: str | None
    text: str
    sentence: str
    kind: str
    baseline_speaker: str | None


@dataclass(frozen=True, slots=True)
class QuoteCase:
    """One gold article: its gold quotes and the quotes the analysis found in it."""

    article: GoldArticle
    found: tuple[Predicted, ...]
    # The analysed article (None where ingestion refused it), for the error breakdown.
    analysed: Analysed | None = None

    @property
    def gold(self) -> tuple[GoldQuote, ...]:
        return self.article.quotes


def norm(text: str) -> str:
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


def quote_cases(analysed: Sequence[tuple[GoldArticle, Analysed | None]]) -> list[QuoteCase]:
    """Each gold article's found quotes beside its gold (none where ingestion refused it)."""
    cases = []
    for article, result in analysed:
        found: tuple[Predicted, ...] = ()
        if result is not None:
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
        cases.append(QuoteCase(article, found, result))
    return cases


def assign(case: QuoteCase) -> dict[int, int]:
    """Found index -> gold index: inside the quote text first, then inside its sentence."""
    snippets = [[norm(s) for s in g.snippets] for g in case.gold]
    assigned: dict[int, int] = {}
    for field in ("text", "sentence"):
        for i, quote in enumerate(case.found):
            if i in assigned:
                continue
            haystack = norm(getattr(quote, field))
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
        assigned = assign(case)
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


def _figures(
    scope: str, system: str, scores: tuple[QuoteScores, QuoteScores, QuoteScores], ours: bool
) -> list[Figure]:
    """Speaker P/R/F1 and the counts an engineer watches, each overall and per half."""
    measures: list[tuple[str, Callable[[QuoteScores], float], Better]] = [
        ("speaker P", lambda s: s.precision, Better.HIGHER),
        ("speaker R", lambda s: s.recall, Better.HIGHER),
        ("speaker F1", lambda s: s.f1, Better.HIGHER),
        ("common-noun or pronoun speakers", lambda s: s.common, Better.LOWER),
    ]
    if ours:
        # The same found quotes serve both systems: counted once, with ours.
        measures += [
            (
                "gold quotes found (share)",
                lambda s: s.detected / s.gold if s.gold else 1.0,
                Better.HIGHER,
            ),
            ("found, not a gold quote", lambda s: s.not_quotes, Better.LOWER),
        ]
    every, even, odd = scores
    return [
        Figure("quotes", scope, name, system, get(every), get(even), get(odd), better, ours)
        for name, get, better in measures
    ]


def quotes_report(cases: Sequence[QuoteCase]) -> Report:
    """Speaker P/R/F1 of ours beside the nearest-PERSON baseline, with the counts behind them,
    on all the gold, on the old and the new gold apart, and on each half of each."""
    rows = []
    figures: list[Figure] = []
    for subset, part in gold_subsets(cases, lambda c: c.article):
        halves = (
            [c for c in part if c.article.half == 0],
            [c for c in part if c.article.half == 1],
        )
        for label, baseline in (("nearest PERSON", True), ("**ours**", False)):
            s, even, odd = (score_quotes(p, baseline=baseline) for p in (part, *halves))
            system = label.strip("*")
            figures += _figures(
                f"CNN/DailyMail gold, {subset}", system, (s, even, odd), not baseline
            )
            rows.append(
                (
                    SUBSET_LABELS[subset].format(n=len(part)),
                    label,
                    s.gold,
                    s.expected,
                    s.detected,
                    s.found,
                    s.precision,
                    s.recall,
                    s.f1,
                    even.f1,
                    odd.f1,
                    s.not_quotes,
                    f"{s.common} ({s.common / s.found:.1%})" if s.found else "0",
                )
            )
    header = (
        "articles",
        "speaker",
        "gold quotes",
        "gold with a named speaker",
        "gold quotes found",
        "found with a speaker",
        "speaker P",
        "speaker R",
        "speaker F1",
        f"F1 {HALVES[0]}",
        f"F1 {HALVES[1]}",
        "found, not a gold quote",
        "common-noun or pronoun speakers",
    )
    return Report(format_table(header, rows), tuple(figures))
