"""Name keys and name matching: one normalization used when names are written and looked up.

A key is ASCII: a name in another script is transliterated (``anyascii``), so "/who Блінкен"
finds Antony Blinken and "Wałęsa" is "Walesa", through the same key as any alias. Spelling and
transliteration variants of one surname ("Erekat" / "Erakat", "Qaddafi" / "Gaddafi") agree
through a phonetic key; given names that differ ("Joe" / "Jill") never agree, so two relatives
are never one person.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import jellyfish
from anyascii import anyascii
from rapidfuzz import fuzz

from digests.analysis.lexicon.people import NAME_SUFFIXES

__all__ = [
    "first_names_compatible",
    "name_tokens",
    "names_match",
    "normalize_name",
    "phonetic_key",
    "same_name",
    "surnames_agree",
]

_POSSESSIVE = re.compile(r"['’]s\b", re.IGNORECASE)
_APOSTROPHES = re.compile(r"['’`´]")
_NON_WORD = re.compile(r"[^\w]+")
# Similarity (0-100) at which two spellings of a surname or a given name are one name.
_SURNAME_RATIO = 85.0
_FIRST_NAME_RATIO = 70.0
# Shorter surnames must be spelt alike: "Li" and "Le" are different names.
_MIN_FUZZY_SURNAME = 4


@lru_cache(maxsize=65_536)
def normalize_name(name: str) -> str:
    """Key for a name, so "/who blinken" finds "Antony Blinken", "Díaz" finds "Diaz" and
    "Блінкен" finds "Blinken".

    The key of a key is itself, so stored keys can be brought up to date by normalizing them
    again. Memoized: people, quotes and lookups normalize the same few names hundreds of times.
    """
    key = _fold(name)
    # Letters beyond accents (ł, ø, Cyrillic, Greek, CJK...) are written in ASCII, then folded
    # again (anyascii writes "ь" as an apostrophe, "Ё" with a capital).
    return key if key.isascii() else _fold(anyascii(key))


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _POSSESSIVE.sub("", text.casefold())
    text = _APOSTROPHES.sub("", text)
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    return " ".join(text.split())


def name_tokens(name: str) -> list[str]:
    """The normalized words of a name, for surname and first-name comparisons."""
    return normalize_name(name).split()


@lru_cache(maxsize=8192)
def phonetic_key(word: str) -> str:
    """A sound key of one name word, after transliteration to ASCII ("Ерекат" -> "ERKT")."""
    ascii_word = re.sub(r"[^a-z]", "", anyascii(word).lower())
    return jellyfish.metaphone(ascii_word) if ascii_word else ""


def surnames_agree(a: str, b: str) -> bool:
    """Whether two normalized surnames are one name, allowing spelling variants."""
    if a == b:
        return True
    if min(len(a), len(b)) < _MIN_FUZZY_SURNAME:
        return False
    if fuzz.ratio(a, b) >= _SURNAME_RATIO:
        return True
    return phonetic_key(a) == phonetic_key(b) and fuzz.ratio(a, b) >= _FIRST_NAME_RATIO


def first_names_compatible(a: Sequence[str], b: Sequence[str]) -> bool:
    """Given names that can be one person's: absent on one side, an initial, or one spelling."""
    if not a or not b:
        return True
    first_a, first_b = a[0], b[0]
    if len(first_a) == 1 or len(first_b) == 1:
        return first_a[0] == first_b[0]
    return fuzz.ratio(first_a, first_b) >= _FIRST_NAME_RATIO


def _without_suffix(tokens: list[str]) -> tuple[list[str], str]:
    if len(tokens) > 1 and tokens[-1] in NAME_SUFFIXES:
        return tokens[:-1], tokens[-1]
    return tokens, ""


def _middles_compatible(a: Sequence[str], b: Sequence[str]) -> bool:
    """Middle names agree when either is absent or their initials are the same ("W." and
    "Walker"): "George W. Bush" and "George H. W. Bush" are a son and his father."""
    if not a or not b:
        return True
    return _initials(a) == _initials(b)


def _initials(words: Sequence[str]) -> str:
    # "HW" written without points is two initials, as "H. W." is.
    return "".join(w if len(w) <= 2 else w[0] for w in words)


def names_match(a: str, b: str) -> bool:
    """Whether two normalized names can be the same person (surname, then given names)."""
    (ta, suffix_a), (tb, suffix_b) = _without_suffix(a.split()), _without_suffix(b.split())
    if not ta or not tb or (suffix_a and suffix_b and suffix_a != suffix_b):
        return False
    return (
        surnames_agree(ta[-1], tb[-1])
        and first_names_compatible(ta[:-1], tb[:-1])
        and _middles_compatible(ta[1:-1], tb[1:-1])
    )


def same_name(a: str, b: str) -> bool:
    """Whether two names can be one person: "Antony Blinken", "Blinken", "Anthony Blinken"."""
    return names_match(normalize_name(a), normalize_name(b))
