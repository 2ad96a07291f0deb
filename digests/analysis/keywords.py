"""An article's key terms with their salience, and how informative a term is in English.

Salience counts a content word more when it comes early (the lead says what happened);
informativeness is an inverse document
frequency taken from the ``wordfreq`` word-frequency tables (built from public text: Wikipedia,
subtitles, news, books, web text), so "police" weighs little and a surname a lot, with no table
learned from the store and nothing to keep in step across workers.
"""

from __future__ import annotations

import math
from functools import lru_cache

from spacy.tokens import Doc
from wordfreq import word_frequency

from digests.analysis import docindex

__all__ = ["KEYWORDS_KEPT", "idf", "keywords"]

# Terms kept per article: enough for the event's words, small enough to store and compare.
KEYWORDS_KEPT = 100
# Frequencies below one in a billion (unknown names, misspellings) all count as that rare.
_FLOOR = 1e-9
_MAX_IDF = -math.log(_FLOOR) - 4.0


@lru_cache(maxsize=200_000)
def idf(term: str) -> float:
    """-log of the term's frequency in English, capped: 0 for "the", about 16 for a rare name."""
    frequency = word_frequency(term, "en")
    return min(-math.log(max(frequency, _FLOOR)), _MAX_IDF)


def _position_weight(sentence: int) -> float:
    # 2 for the first sentence, 1.5 for the fourth, tending to 1 deep in the article.
    return 1.0 + 1.0 / (1.0 + sentence / 3.0)


def keywords(doc: Doc, *, kept: int = KEYWORDS_KEPT) -> dict[str, float]:
    """Lemma -> salience of the article's most informative content words (one pass over tokens)."""
    salience: dict[str, float] = {}
    # Names need no boost: their rarity in English (idf) already makes them weigh more; a
    # boost let stories sharing a person but not an event merge.
    for number, lemma in docindex.content_lemmas(doc):
        salience[lemma] = salience.get(lemma, 0.0) + _position_weight(number)
    ranked = sorted(salience.items(), key=lambda item: (-item[1] * idf(item[0]), item[0]))
    return {term: round(value, 3) for term, value in ranked[:kept]}
