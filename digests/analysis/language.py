"""Language detection, so non-English articles are flagged rather than silently mis-analysed."""

from __future__ import annotations

import py3langid

__all__ = ["UNDETERMINED", "detect_language"]

UNDETERMINED = "und"
# Below this many letters the classifier guesses; too little text to flag anything.
_MIN_LETTERS = 25
# The classifier is sure of a language long before this; its cost grows with the sample.
_SAMPLE_CHARS = 1500


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or "und" when there is too little text to tell."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return UNDETERMINED
    code, _score = py3langid.classify(sample)
    return str(code)
