"""Pattern sets over tokens and their parse: spaCy ``DependencyMatcher`` patterns, as data.

A decision about tokens and how they hang together ("X in 'according to X' is a statement's
source") is written here once, as a pattern, matched once per document (kept with the document's
other views, ``docindex``), and asked for by the rules that decide: a name that speaks
(``name_mentions``), a quote's speaker (``quotes``), a reported statement's source
(``reported``), an organisation named by what it is and where ("the Danish foreign ministry",
``speakers``). Decisions about raw characters before any parse stay regexes (``page_forms``,
``dates.patterns``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from digests.analysis import docindex
from digests.analysis.lexicon.things import ORG_NOUNS, STAFF_NOUNS

__all__ = [
    "ACCORDING_TO",
    "PLACED_ORGANISATION",
    "STAFF",
    "according_to",
    "placed_organisations",
    "staff_of",
]


def _according(relation: str) -> list[dict[str, Any]]:
    """ "according", "to" in ``relation`` to it (a DependencyMatcher operator), its object."""
    return [
        {"RIGHT_ID": "according", "RIGHT_ATTRS": {"LOWER": "according"}},
        {
            "LEFT_ID": "according",
            "REL_OP": relation,
            "RIGHT_ID": "to",
            "RIGHT_ATTRS": {"LOWER": "to"},
        },
        {"LEFT_ID": "to", "REL_OP": ">", "RIGHT_ID": "source", "RIGHT_ATTRS": {"DEP": "pobj"}},
    ]


# "according to X": X is the source of what the sentence says; "to" hangs on "according" (">":
# its child), or, where the parser left it loose, is the word right after it (".").
ACCORDING_TO: dict[str, list[list[dict[str, Any]]]] = {
    "attached": [_according(">")],
    "adjacent": [_according(".")],
}


@lru_cache(maxsize=8)
def _according_matcher(vocab: Vocab) -> DependencyMatcher:
    matcher = DependencyMatcher(vocab)
    for key, patterns in ACCORDING_TO.items():
        matcher.add(key, patterns)
    return matcher


def according_to(doc: Doc) -> dict[int, tuple[int, ...]]:
    """Each "according" of ``doc`` (token index) -> the tokens it names as the source, in order.

    The "to" attached to "according" counts first; the one right after it only when the parse
    attached none with an object.
    """
    found: dict[int, tuple[int, ...]] = docindex.memo(doc, "according_to", _according_to)
    return found


def _according_to(doc: Doc) -> dict[int, tuple[int, ...]]:
    if "according" not in docindex.lowers(doc) or not doc.has_annotation("DEP"):
        return {}
    strings = doc.vocab.strings
    found: dict[str, dict[int, set[int]]] = {"attached": {}, "adjacent": {}}
    for key, (according, _, source) in _according_matcher(doc.vocab)(doc):
        found[strings[key]].setdefault(according, set()).add(source)
    sources = found["adjacent"] | found["attached"]
    return {i: tuple(sorted(sources[i])) for i in sorted(sources)}


# "the Danish foreign ministry", "Chile's high court", "the Norwegian government": a noun of an
# organisation modified by a nationality or a place names that organisation as a proper name
# would ("Danish foreign ministry"); without one ("the ministry") it stands for one named before.
def _placed(place: dict[str, Any]) -> list[dict[str, Any]]:
    """An organisation noun with a child matching ``place``."""
    return [
        {
            "RIGHT_ID": "organisation",
            "RIGHT_ATTRS": {"POS": "NOUN", "LEMMA": {"IN": sorted(ORG_NOUNS)}},
        },
        {"LEFT_ID": "organisation", "REL_OP": ">", "RIGHT_ID": "place", "RIGHT_ATTRS": place},
    ]


PLACED_ORGANISATION: list[list[dict[str, Any]]] = [
    _placed({"DEP": {"IN": ["amod", "compound", "poss"]}, "ENT_TYPE": {"IN": ["NORP", "GPE"]}}),
    # a proper adjective the model gave no such label ("the Bangladeshi government")
    _placed({"DEP": "amod", "POS": "ADJ", "IS_TITLE": True}),
]


@lru_cache(maxsize=8)
def _placed_matcher(vocab: Vocab) -> DependencyMatcher:
    matcher = DependencyMatcher(vocab)
    matcher.add("placed", PLACED_ORGANISATION)
    return matcher


def placed_organisations(doc: Doc) -> dict[int, tuple[int, ...]]:
    """The head token of each of ``doc``'s organisations named by a nationality or place ->
    the tokens naming the place, in text order."""
    found: dict[int, tuple[int, ...]] = docindex.memo(
        doc, "placed_organisations", _placed_organisations
    )
    return found


def _placed_organisations(doc: Doc) -> dict[int, tuple[int, ...]]:
    if not doc.has_annotation("DEP"):
        return {}
    places: dict[int, set[int]] = {}
    for _, (head, place) in _placed_matcher(doc.vocab)(doc):
        places.setdefault(head, set()).add(place)
    return {i: tuple(sorted(places[i])) for i in sorted(places)}


# "Smith's office said", "the Foreign Minister's office": the staff who speak for a person named
# or titled, an organisation of its own.
STAFF: list[list[dict[str, Any]]] = [
    [
        {"RIGHT_ID": "staff", "RIGHT_ATTRS": {"POS": "NOUN", "LEMMA": {"IN": sorted(STAFF_NOUNS)}}},
        {
            "LEFT_ID": "staff",
            "REL_OP": ">",
            "RIGHT_ID": "owner",
            "RIGHT_ATTRS": {"DEP": "poss", "POS": "PROPN"},
        },
    ]
]


@lru_cache(maxsize=8)
def _staff_matcher(vocab: Vocab) -> DependencyMatcher:
    matcher = DependencyMatcher(vocab)
    matcher.add("staff", STAFF)
    return matcher


def staff_of(doc: Doc) -> frozenset[int]:
    """The head tokens of ``doc``'s staff named after the person they speak for."""
    found: frozenset[int] = docindex.memo(doc, "staff_of", _staff_of)
    return found


def _staff_of(doc: Doc) -> frozenset[int]:
    if not doc.has_annotation("DEP"):
        return frozenset()
    return frozenset(tokens[0] for _, tokens in _staff_matcher(doc.vocab)(doc))
