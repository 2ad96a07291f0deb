"""The text of an event: the clause its date belongs to, readable on its own.

The clause is that of the nearest verb above the date that has a subject of its own (an
infinitive, a participle or a coordinated verb borrows its head's subject, a relative clause its
antecedent's sentence), widened to the sentence when it would be too short to read alone. A
leading dateline ("WASHINGTON, Aug. 8 (Agency) --") and parenthesised photo credits are left out.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from digests.analysis.lexicon import CREDIT_WORDS

__all__ = ["dateline_length", "event_text"]

# A line's opening place name in capitals, optional region, date and agency, then a dash.
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+)*"
    r"(?:,\s*[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*)*)*"
    r"(?:,?\s*\(?[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?\)?)?"
    r"\s*(?:\([^()\n]{1,40}\))?\s*(?:--|—|–|_|-)\s*"
)
_CREDIT = re.compile(
    r"\s*\([^()]*\b(?:" + "|".join(re.escape(w.rstrip("/")) for w in CREDIT_WORDS) + r")\b[^()]*\)",
    re.IGNORECASE,
)
_OWN_SUBJECT = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_MIN_WORDS = 6


def dateline_length(text: str) -> int:
    """How many leading characters of a sentence are a dateline (0 when it has none)."""
    match = _DATELINE.match(text)
    if match is None:
        return 0
    # A capitalised first word alone ("IT said -") is no dateline: it needs a place in capitals.
    first = match.group().split(",")[0].split("(")[0].strip(" -—–_")
    if len(first) < 3 or not first.replace(" ", "").replace(".", "").isupper():
        return 0
    return match.end()


def _verbal_at_or_above(token: Token) -> Token | None:
    for _ in range(16):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _stands_alone(verb: Token) -> bool:
    """A verb with a subject of its own that is no relative pronoun heads a readable clause."""
    if verb.dep_ in ("relcl", "acl"):
        return False
    return any(c.dep_ in _OWN_SUBJECT and c.tag_ not in ("WP", "WDT") for c in verb.children)


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
    text = _CREDIT.sub("", text)
    text = " ".join(text.split())
    text = re.sub(r"^(?:[,;:\-—–_]+\s*)+", "", text)
    return text.strip(" ,;:-—–_")


def event_text(span: Span) -> str:
    """The clause ``span`` (a date expression) belongs to, without dateline or credits."""
    sent = span.sent
    doc = span.doc
    skip = dateline_length(sent.text)
    head = _clause_head(span)
    if head is not None:
        first, last = head.left_edge.i, head.right_edge.i
        start = max(doc[first].idx, sent.start_char + skip)
        end = doc[last].idx + len(doc[last].text)
        clause = _tidy(_slice(sent, start, end))
        if _words(clause) >= _MIN_WORDS:
            return clause
    return _tidy(sent.text[skip:])


def _slice(sent: Span, start: int, end: int) -> str:
    offset = sent.start_char
    return sent.text[start - offset : end - offset]
