"""The analysis's vocabulary, as data: kinds of words the rules rely on, never words seen in
particular articles, and no outlet's, agency's or person's name but the one closed list
``page.PICTURE_AGENCIES`` (which says why).

- ``calendar``: months, weekdays, seasons, holidays, day words, parts of a day, numbers.
- ``tense``: words that place a date in time: relative determiners, past and future words,
  anaphoric and vague words, modals, intent and scheduling, end points.
- ``speech``: verbs of speech and report and the nouns of statements, each once, by class.
- ``people``: offices, honorifics, title abbreviations, relations, gendered words, pronouns.
- ``things``: organisations, made things and places, the last words of names that are not
  people's.
- ``page``: the words of page furniture: pictures, credits, staff roles, promos, widgets,
  notices (the forms built from them are ``page_forms``').
- ``grammar``: the parse labels and the grammar words several rules share.

This module holds the helpers that turn word lists into regexes: every regex that names words
of the lexicon is built from the lexicon with them, never by writing the words again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["alternatives", "word_list", "word_set"]


def alternatives(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first, so "sept" is not read as "sep"."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def word_set(text: str) -> frozenset[str]:
    """The words of ``text`` (separated by white space): how the lexicon writes a word class."""
    return frozenset(text.split())


def word_list(text: str) -> tuple[str, ...]:
    """The words of ``text`` in order, for classes whose order counts (numbers, ordinals)."""
    return tuple(text.split())
