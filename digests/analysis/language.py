"""The one language detector (ingest stores its answer, analysis acts on it), offline: py3langid
ships its model. Which languages the analysis supports, and words counted in any script.
"""

from __future__ import annotations

import re

import py3langid

__all__ = ["SUPPORTED", "UNDETERMINED", "detect_language", "is_supported", "words"]

UNDETERMINED = "und"
# Languages the analysis reads: people, quotes and dates rest on the English spaCy pipeline and
# English word lists. Text in another language is stored and summarised, never read for people,
# quotes or events (a Russian "сказал" is no role, a Chinese text no quote).
SUPPORTED = frozenset({"en"})
# Below this many letters the classifier guesses; too little text to flag anything.
_MIN_LETTERS = 25
# The classifier is sure of a language long before this; its cost grows with the sample.
_SAMPLE_CHARS = 1500
# A word: a run of letters or digits, or one character of the scripts written without spaces
# between words (CJK ideographs, kana), where a character is the closest thing to a word.
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|\w+")


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or "und" when there is too little text to tell."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return UNDETERMINED
    code, _score = py3langid.classify(sample)
    return str(code) or UNDETERMINED


def is_supported(language: str | None) -> bool:
    """Whether the analysis reads text in ``language`` (too little text to tell counts as yes)."""
    return language in SUPPORTED or language in (None, UNDETERMINED)


def words(text: str) -> list[str]:
    """The words of ``text`` in any script (see ``_WORD``)."""
    return _WORD.findall(text)
