"""Name keys: one normalization used when names are written and when they are looked up."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["name_tokens", "normalize_name"]

_POSSESSIVE = re.compile(r"['’]s\b", re.IGNORECASE)
_APOSTROPHES = re.compile(r"['’`´]")
_NON_WORD = re.compile(r"[^\w]+")


def normalize_name(name: str) -> str:
    """Key for a name, so "/who blinken" finds "Antony Blinken" and "Díaz" finds "Diaz"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _POSSESSIVE.sub("", text.casefold())
    text = _APOSTROPHES.sub("", text)
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    return " ".join(text.split())


def name_tokens(name: str) -> list[str]:
    """The normalized words of a name, for surname and first-name comparisons."""
    return normalize_name(name).split()
