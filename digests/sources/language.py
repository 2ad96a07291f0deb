"""The language of an article's text, offline (py3langid ships its model)."""

from __future__ import annotations

import py3langid

__all__ = ["detect_language"]


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code such as "en", or None when there is too little text to tell."""
    sample = text[:5000]
    if len(sample.split()) < 3:
        return None
    code, _score = py3langid.classify(sample)
    return str(code) or None
