"""The text of an event: the clause its date belongs to, readable on its own.

The clause is that of the nearest verb above the date that has a subject of its own (an
infinitive, a participle or a coordinated verb borrows its head's subject, a relative clause its
antecedent's sentence), widened to the sentence when it would be too short to read alone, and
narrowed to the phrase around the date when it runs long. A leading dateline ("WASHINGTON,
Aug. 8 (Agency) --") and parenthesised photo credits are left out.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from digests.analysis.datelines import dateline_length
from digests.analysis.lexicon.grammar import CLAUSE_SUBJECT_DEPS, RELATIVE_TAGS, VERBAL
from digests.analysis.page_forms import PAREN_PICTURE

__all__ = ["event_text"]

_MIN_WORDS = 6
# A clause longer than this gives way to the smallest phrase around the date, when one reads.
_MAX_WORDS = 30


def _verbal_at_or_above(token: Token) -> Token | None:
    for _ in range(16):
        if token.pos_ in VERBAL:
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _stands_alone(verb: Token) -> bool:
    """A verb with a subject of its own that is no relative pronoun heads a readable clause."""
    if verb.dep_ in ("relcl", "acl"):
        return False
    return any(c.dep_ in CLAUSE_SUBJECT_DEPS and c.tag_ not in RELATIVE_TAGS for c in verb.children)


def _clause_head(span: Span) -> Token | None:
    token = span.root
    while span.start <= token.i < span.end and token.head.i != token.i:
        token = token.head
    verb = _verbal_at_or_above(token)
    while verb is not None and verb.head.i != verb.i and not _stands_alone(verb):
        above = _verbal_at_or_above(verb.head)
        if above is None:
            break
        verb = above
    return verb


def _words(text: str) -> int:
    return sum(1 for w in text.split() if any(ch.isalnum() for ch in w))


def _tidy(text: str) -> str:
    text = PAREN_PICTURE.sub("", text)
    text = " ".join(text.split())
    text = re.sub(r"^(?:[,;:\-—–_]+\s*)+", "", text)
    return text.strip(" ,;:-—–_")


def _subtree_text(token: Token, sent: Span, skip: int, text: str) -> str:
    doc = sent.doc
    first = token.left_edge
    # "that we today accept ...", "when Castro announced ...": the clause without the word
    # that subordinates it.
    subordinator = first.dep_ == "mark" or (first.tag_ == "WRB" and first.dep_ == "advmod")
    if subordinator and first.head.i == token.i and first.i + 1 < token.right_edge.i:
        first = doc[first.i + 1]
    start = max(first.idx, sent.start_char + skip)
    last = doc[token.right_edge.i]
    return _tidy(text[start : last.idx + len(last.text)])


def _around(span: Span, sent: Span, skip: int, text: str) -> str | None:
    """The smallest phrase holding the date that reads on its own: for a date deep in a long
    sentence ("... his famous speech delivered on March 5, 1946, at Westminster College")."""
    token = span.root
    while span.start <= token.i < span.end and token.head.i != token.i:
        token = token.head
    for _ in range(8):
        if token.dep_ in ("relcl", "acl") and token.head.i != token.i:
            token = token.head  # "the group who could come ...", not "who could come ..."
        phrase = _subtree_text(token, sent, skip, text)
        if _words(phrase) >= _MIN_WORDS:
            return phrase if _words(phrase) <= _MAX_WORDS else None
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def event_text(span: Span, text: str, *, sent: Span | None = None) -> str:
    """The clause ``span`` (a date expression) belongs to, without dateline or credits.

    ``text`` is the document's text (``doc.text``, read once by the caller), ``sent`` the
    span's sentence when the caller has it.
    """
    sent = span.sent if sent is None else sent
    skip = dateline_length(text[sent.start_char : sent.end_char])
    head = _clause_head(span)
    clause = _subtree_text(head, sent, skip, text) if head is not None else ""
    if _words(clause) < _MIN_WORDS:
        clause = _tidy(text[sent.start_char + skip : sent.end_char])
    if _words(clause) > _MAX_WORDS and (nearer := _around(span, sent, skip, text)) is not None:
        return nearer
    return clause
