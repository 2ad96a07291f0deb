"""ROUGE with the ``rouge-score`` package (stemming on) and the LEAD-3 baseline's sentences."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import spacy
from rouge_score import rouge_scorer
from spacy.language import Language

__all__ = ["Rouge", "first_sentences", "lead_sentences", "mean_rouge"]

_KEYS = ("rouge1", "rouge2", "rougeL")


@dataclass(frozen=True, slots=True)
class Rouge:
    """Mean F-measures."""

    r1: float
    r2: float
    rl: float
    count: int


@lru_cache(maxsize=1)
def _sentencizer() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def lead_sentences(text: str, count: int = 3) -> list[str]:
    """The first ``count`` sentences of a raw text, split by punctuation (the LEAD-n baseline)."""
    doc = _sentencizer()(text)
    sentences = [s.text.strip() for s in doc.sents if s.text.strip()]
    return sentences[:count]


def first_sentences(text: str, count: int = 3) -> str:
    """``lead_sentences`` joined: the LEAD-n baseline as one text."""
    return " ".join(lead_sentences(text, count))


def mean_rouge(pairs: Iterable[tuple[str, str]]) -> Rouge:
    """Mean ROUGE-1/2/L F1 of (reference, candidate) pairs."""
    scorer = rouge_scorer.RougeScorer(list(_KEYS), use_stemmer=True)
    totals = dict.fromkeys(_KEYS, 0.0)
    count = 0
    for reference, candidate in pairs:
        scores = scorer.score(reference, candidate)
        for key in _KEYS:
            totals[key] += scores[key].fmeasure
        count += 1
    if not count:
        return Rouge(0.0, 0.0, 0.0, 0)
    return Rouge(
        totals["rouge1"] / count, totals["rouge2"] / count, totals["rougeL"] / count, count
    )
