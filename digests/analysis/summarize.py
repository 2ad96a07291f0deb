"""Extractive summarizers behind one small protocol, chosen by name (a setting).

Every sumy algorithm is wrapped (not subclassed) and fed sentences that spaCy split, so sentences
keep their original text; ``lead`` takes the first ones; ``hybrid`` (the default) scores the
first sentences by calibrated news salience (position, centrality, informativeness, length:
``salience``) and takes the best extract near the length of news highlights, never two that say
the same thing. sumy (and the NLTK it brings) loads when a summarizer first runs, not on import:
settings and the CLI read ``METHODS`` without paying for it.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol

from digests.analysis.errors import UnknownMethod

if TYPE_CHECKING:
    from digests.analysis.nlp import SpacySumyTokenizer

__all__ = [
    "DEFAULT_METHOD",
    "METHODS",
    "Summarizer",
    "get_summarizer",
    "stemmed_bags",
]

DEFAULT_METHOD = "hybrid"
_LANGUAGE = "english"


class Summarizer(Protocol):
    """Picks ``count`` of ``sentences``; returns their indices in ascending (article) order."""

    def __call__(
        self, sentences: Sequence[str], *, count: int, title: str | None = None
    ) -> tuple[int, ...]: ...


StemFn = Callable[[str], str]


@lru_cache(maxsize=1)
def _stemmer() -> StemFn:
    from sumy.nlp.stemmers import Stemmer

    # Stemming the same words over and over dominated summarizing: one memoized stemmer for all.
    return lru_cache(maxsize=100_000)(Stemmer(_LANGUAGE))


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sumy.utils import get_stop_words

    return frozenset(get_stop_words(_LANGUAGE))


@dataclass(frozen=True, slots=True)
class _SumyMethod:
    """A sumy algorithm on ready-split sentences."""

    factory: Callable[[StemFn, str | None, SpacySumyTokenizer], Any]
    tokenizer: SpacySumyTokenizer

    def __call__(
        self, sentences: Sequence[str], *, count: int, title: str | None = None
    ) -> tuple[int, ...]:
        if count <= 0 or not sentences:
            return ()
        if count >= len(sentences):
            return tuple(range(len(sentences)))
        from sumy.models.dom import ObjectDocumentModel, Paragraph
        from sumy.models.dom import Sentence as SumySentence

        objects = [SumySentence(text, self.tokenizer) for text in sentences]
        headings = [SumySentence(title, self.tokenizer, is_heading=True)] if title else []
        document = ObjectDocumentModel([Paragraph(headings + objects)])
        index: dict[SumySentence, int] = {}
        for i, sentence in enumerate(objects):
            index.setdefault(sentence, i)
        summarizer = self.factory(_stemmer(), title, self.tokenizer)
        chosen = {index[s] for s in summarizer(document, count) if s in index}
        return tuple(sorted(chosen))


def _sumy(name: str) -> Any:
    """A sumy summarizer class by "module.Class" under ``sumy.summarizers``, imported now."""
    module, _, cls = name.rpartition(".")
    return getattr(import_module(f"sumy.summarizers.{module}"), cls)


def _plain(name: str) -> Callable[[StemFn, str | None, SpacySumyTokenizer], Any]:
    def build(stemmer: StemFn, _title: str | None, _tok: SpacySumyTokenizer) -> Any:
        summarizer = _sumy(name)(stemmer)
        summarizer.stop_words = _stop_words()
        return summarizer

    return build


def _edmundson(stemmer: StemFn, title: str | None, tokenizer: SpacySumyTokenizer) -> Any:
    summarizer = _sumy("edmundson.EdmundsonSummarizer")(stemmer)
    stop = _stop_words()
    title_words = {w.lower() for w in tokenizer.to_words(title or "")} - stop
    # Edmundson's cue method needs bonus and stigma words: the headline's words are the bonus,
    # credits and boilerplate the stigma.
    summarizer.bonus_words = title_words or {"said"}
    summarizer.stigma_words = {"photo", "credit", "share", "subscribe", "copyright"}
    summarizer.null_words = stop
    return summarizer


def _random(stemmer: StemFn, _title: str | None, _tok: SpacySumyTokenizer) -> Any:
    return _sumy("random.RandomSummarizer")(stemmer)


@dataclass(frozen=True, slots=True)
class _Lead:
    def __call__(
        self, sentences: Sequence[str], *, count: int, title: str | None = None
    ) -> tuple[int, ...]:
        return tuple(range(min(max(count, 0), len(sentences))))


def _cosine(a: Counter[str], b: Counter[str], idf: dict[str, float]) -> float:
    common = set(a) & set(b)
    num = sum(a[w] * b[w] * idf[w] ** 2 for w in common)
    den_a = math.sqrt(sum((a[w] * idf[w]) ** 2 for w in a))
    den_b = math.sqrt(sum((b[w] * idf[w]) ** 2 for w in b))
    return num / (den_a * den_b) if den_a and den_b else 0.0


def stemmed_bags(tokenizer: SpacySumyTokenizer, sentences: Sequence[str]) -> list[Counter[str]]:
    """Stemmed content words of each sentence: what ``hybrid``'s features count."""
    return _bags([tokenizer.to_words(s) for s in sentences])


def _bags(words: Sequence[Sequence[str]]) -> list[Counter[str]]:
    stop = _stop_words()
    stem = _stemmer()
    return [
        Counter(
            stem(w.lower()) for w in each if w.lower() not in stop and any(c.isalnum() for c in w)
        )
        for each in words
    ]


@dataclass(frozen=True, slots=True)
class _Hybrid:
    """Calibrated news salience (``salience``): position, centrality, informativeness, length."""

    tokenizer: SpacySumyTokenizer
    # Two sentences this similar say the same thing; never both.
    redundancy: float = 0.5

    def __call__(
        self, sentences: Sequence[str], *, count: int, title: str | None = None
    ) -> tuple[int, ...]:
        if count <= 0 or not sentences:
            return ()
        if count >= len(sentences):
            return tuple(range(len(sentences)))
        # The calibrated model (and the word frequencies it reads) loads with the first summary.
        from digests.analysis.salience import (
            CANDIDATES,
            best_extract,
            feature_rows,
            sentence_chances,
        )

        candidates = list(sentences[:CANDIDATES])
        words = [self.tokenizer.to_words(s) for s in candidates]
        bags = _bags(words)
        chances = sentence_chances(feature_rows(candidates, bags))
        n = len(candidates)
        df = Counter(w for bag in bags for w in bag)
        idf = {w: math.log((1 + n) / (1 + d)) + 1.0 for w, d in df.items()}
        redundant = {
            (i, j)
            for i in range(n)
            for j in range(i + 1, n)
            if _cosine(bags[i], bags[j], idf) >= self.redundancy
        }
        lengths = [len(each) for each in words]
        return tuple(sorted(best_extract(chances, lengths, redundant, count=count)))


_SUMY: dict[str, Callable[[StemFn, str | None, SpacySumyTokenizer], Any]] = {
    "lexrank": _plain("lex_rank.LexRankSummarizer"),
    "textrank": _plain("text_rank.TextRankSummarizer"),
    "lsa": _plain("lsa.LsaSummarizer"),
    "luhn": _plain("luhn.LuhnSummarizer"),
    "kl": _plain("kl.KLSummarizer"),
    "sumbasic": _plain("sum_basic.SumBasicSummarizer"),
    "edmundson": _edmundson,
    "reduction": _plain("reduction.ReductionSummarizer"),
    "random": _random,
}

METHODS: tuple[str, ...] = (DEFAULT_METHOD, "lead", *_SUMY)


def get_summarizer(name: str, tokenizer: SpacySumyTokenizer) -> Summarizer:
    """The summarizer registered under ``name``; UnknownMethod lists the valid names."""
    key = name.strip().lower()
    if key == DEFAULT_METHOD:
        return _Hybrid(tokenizer)
    if key == "lead":
        return _Lead()
    if key in _SUMY:
        return _SumyMethod(_SUMY[key], tokenizer)
    raise UnknownMethod(f"unknown summary method {name!r}; choose one of: {', '.join(METHODS)}")
