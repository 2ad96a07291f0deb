"""What makes a sentence a news summary sentence: position, centrality, informativeness, length.

Each candidate sentence (the first ``CANDIDATES`` summary-eligible ones: news puts what happened
first) gets features read from its text alone: its place in the article, its length, how central
it is (cosine of its stemmed content words with the rest of the article), how much of it names
things (capitalised words inside the sentence, numbers), whether it quotes or reports speech, and
whether it opens by leaning on an earlier sentence. A logistic model turns them into the chance
that the sentence belongs to the best three-sentence extract. Its weights were calibrated on the
even-numbered half of the CNN/DailyMail corpus (``evaluation/summary.py``, labels: the greedy
ROUGE-1+2 oracle extract of each article against its highlights) and checked on the odd half; the
README gives both halves. The extract then maximises the summed chances minus a penalty for
straying from the length of news highlights (about 55 words for three sentences), never taking
two sentences that say the same thing.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from itertools import combinations

from digests.analysis.keywords import idf
from digests.analysis.lexicon import alternatives
from digests.analysis.lexicon.speech import SAYING_FORMS

__all__ = ["CANDIDATES", "TARGET_WORDS", "best_extract", "feature_rows", "sentence_chances"]

# News states what happened first: later sentences rarely enter a summary.
CANDIDATES = 12
# Three highlight sentences of real news run to about 55 words (CNN/DailyMail highlights: 34 words
# for 3.5 shorter lines); longer extracts lose precision, shorter ones lose facts.
TARGET_WORDS = 55
_LENGTH_PENALTY = 0.2

# Logistic weights in the order of ``_features``, and the intercept: printed by
# ``python -m evaluation.fit_summary --corpora ...`` (the even half of CNN/DailyMail, see above).
_WEIGHTS = (
    0.357, 0.720, 0.577, 0.310, 0.007, -0.860, 0.607, -0.623,
    1.549, 1.812, 0.439, -0.084, 0.033, 0.053, -0.068, 0.046,
)  # fmt: skip
_INTERCEPT = -2.221

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_NUMBER = re.compile(r"\d")
_QUOTE = re.compile(r"[\"“”«»]")
_SPEECH = re.compile(rf"\b(?:{alternatives(SAYING_FORMS)}|according to)\b", re.IGNORECASE)
_LEANING = frozenset(
    ("he", "she", "they", "it", "his", "her", "their", "its", "this", "that", "these", "those")
) | frozenset(("and", "but", "so", "also", "however"))


def _features(
    position: int, words: list[str], stems: Counter[str], document: Counter[str], text: str
) -> tuple[float, ...]:
    count = max(len(words), 1)
    rest = {stem: document[stem] - n for stem, n in stems.items()}
    dot = sum(n * rest[stem] for stem, n in stems.items())
    norm = math.sqrt(sum(n * n for n in stems.values())) * math.sqrt(
        sum(n * n for n in document.values())
    )
    inner_capitals = sum(1 for w in words[1:] if w[:1].isupper())
    return (
        1.0 / math.sqrt(1.0 + position),
        float(position == 0),
        float(position == 1),
        float(position == 2),
        float(position == 3),
        min(position, CANDIDATES - 1) / (CANDIDATES - 1),
        count / 30.0,
        (count / 30.0) ** 2,
        dot / norm if norm else 0.0,
        inner_capitals / count,
        float(bool(_NUMBER.search(text))),
        float(bool(_QUOTE.search(text))),
        float(bool(_SPEECH.search(text))),
        float(bool(words) and words[0].lower() in _LEANING),
        # Informativeness per word: how rare in English its words are, on average.
        sum(idf(w.lower()) for w in words) / count / 10.0,
        float(count < 10),
    )


def feature_rows(
    sentences: Sequence[str], stems: Sequence[Counter[str]]
) -> list[tuple[float, ...]]:
    """The features of the first ``CANDIDATES`` sentences (``stems``: one bag per sentence)."""
    document: Counter[str] = Counter()
    for bag in stems:
        document.update(bag)
    rows = []
    for position, (text, bag) in enumerate(zip(sentences[:CANDIDATES], stems, strict=False)):
        rows.append(_features(position, _WORD.findall(text), bag, document, text))
    return rows


def sentence_chances(rows: Sequence[tuple[float, ...]]) -> list[float]:
    """The calibrated chance that each candidate belongs in the summary."""
    chances = []
    for row in rows:
        z = _INTERCEPT + sum(w * x for w, x in zip(_WEIGHTS, row, strict=True))
        chances.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
    return chances


def best_extract(
    chances: Sequence[float],
    lengths: Sequence[int],
    redundant: set[tuple[int, int]],
    *,
    count: int,
) -> tuple[int, ...]:
    """The ``count`` candidates with the most summed chance, near the target length, no repeats."""
    indices = range(len(chances))
    if count >= len(chances) and not redundant:
        return tuple(indices)
    # Fewer sentences when every larger extract would say something twice.
    for size in range(min(count, len(chances)), 0, -1):
        target = TARGET_WORDS * size / 3
        best: tuple[float, tuple[int, ...]] | None = None
        for chosen in combinations(indices, size):
            if any((a, b) in redundant for a, b in combinations(chosen, 2)):
                continue
            words = sum(lengths[i] for i in chosen)
            value = sum(chances[i] for i in chosen) - _LENGTH_PENALTY * abs(words - target) / target
            if best is None or value > best[0]:
                best = (value, chosen)
        if best is not None:
            return best[1]
    return ()
