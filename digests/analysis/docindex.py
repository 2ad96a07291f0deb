"""Per-document views that several analysis steps read: built once, then shared.

spaCy builds new ``Span`` and ``Token`` objects on every ``doc.sents``, ``doc.ents`` and token
loop; with a dozen steps each walking the document, that rebuilding cost more than the steps'
own work. The views are kept in ``doc.user_data`` under a private key, so they live exactly as
long as the document.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.attrs import IS_ALPHA, IS_STOP, LEMMA, LENGTH, LOWER, POS, SENT_START
from spacy.tokens import Doc, Span

__all__ = [
    "content_lemmas",
    "entities",
    "lemmas",
    "lowers",
    "memo",
    "pos_tags",
    "sentences",
    "text",
]

_KEY = "newsdigest.docindex"
_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})


def _store(doc: Doc) -> dict[str, Any]:
    store = doc.user_data.get(_KEY)
    if store is None:
        store = doc.user_data[_KEY] = {}
    return store


def memo(doc: Doc, key: str, build: Callable[[Doc], Any]) -> Any:
    """What ``build(doc)`` returns, built once per document and kept with its other views."""
    store = _store(doc)
    if key not in store:
        store[key] = build(doc)
    return store[key]


def text(doc: Doc) -> str:
    """``doc.text``, joined once (spaCy joins every token's text on each access)."""
    store = _store(doc)
    if "text" not in store:
        store["text"] = doc.text
    return store["text"]


def pos_tags(doc: Doc) -> tuple[str, ...]:
    """Each token's coarse part of speech (``token.pos_``), read from one array."""
    return _strings(doc, POS, "pos")


def _strings(doc: Doc, attr: int, key: str, transform: Any = None) -> tuple[str, ...]:
    store = _store(doc)
    if key not in store:
        strings = doc.vocab.strings
        names: dict[int, str] = {}
        found = []
        for value in doc.to_array(attr).tolist():
            name = names.get(value)
            if name is None:
                name = strings[value]
                name = names[value] = transform(name) if transform else name
            found.append(name)
        store[key] = tuple(found)
    return store[key]


def lemmas(doc: Doc) -> tuple[str, ...]:
    """Each token's lemma in lower case (``token.lemma_.lower()``), read from one array."""
    return _strings(doc, LEMMA, "lemmas", str.lower)


def lowers(doc: Doc) -> tuple[str, ...]:
    """Each token's text in lower case (``token.lower_``), read from one array."""
    return _strings(doc, LOWER, "lowers")


def sentences(doc: Doc) -> tuple[Span, ...]:
    """``doc.sents``, built once."""
    store = _store(doc)
    if "sents" not in store:
        store["sents"] = tuple(doc.sents)
    return store["sents"]


def entities(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, built once."""
    store = _store(doc)
    if "ents" not in store:
        store["ents"] = tuple(doc.ents)
    return store["ents"]


def content_lemmas(doc: Doc) -> tuple[tuple[int, str], ...]:
    """(sentence number, lower-cased lemma) of each content word: a noun, proper noun, verb or
    adjective of letters only, longer than one letter and not a stop word, in text order."""
    store = _store(doc)
    if "content" not in store:
        strings = doc.vocab.strings
        content_pos = {strings[p] for p in _CONTENT_POS}
        lowered: dict[int, str] = {}
        found: list[tuple[int, str]] = []
        sentence = -1
        for pos, alpha, stop, lemma, length, start in doc.to_array(
            [POS, IS_ALPHA, IS_STOP, LEMMA, LENGTH, SENT_START]
        ).tolist():
            if start == 1 or sentence < 0:
                sentence += 1
            if pos in content_pos and alpha and not stop and length > 1:
                text = lowered.get(lemma)
                if text is None:
                    text = lowered[lemma] = strings[lemma].lower()
                found.append((sentence, text))
        store["content"] = tuple(found)
    return store["content"]
