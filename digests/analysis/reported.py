"""Reported speech: each attributed clause of a sentence, with the token naming its source.

"X said (that) A", "A, X said", "X told CNN A", "X urged both sides to A", "X announced A",
"X called for A", "X declined to comment", "according to X, A"; "X said A and vowed B" gives
two. A relay ("X said Y told police Z") gives Z to Y alone; a verb inside quote marks belongs
to the quote, not to the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from digests.analysis.lexicon import REPORT_VERBS

__all__ = ["Attribution", "attributions", "clause_text"]

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_CONTENT = ("ccomp", "xcomp")
_CONTENT_PREPOSITIONS = frozenset({"for", "about", "as", "of", "on", "against", "at", "that"})
# Verb forms the small model often tags as nouns at the end of a sentence ("..., NYT notes.").
_TRAILING_VERBS = frozenset(
    [
        "says",
        "said",
        "notes",
        "noted",
        "reports",
        "reported",
        "writes",
        "wrote",
        "adds",
        "added",
        "claims",
        "claimed",
        "states",
        "stated",
        "tweeted",
        "posted",
    ]
)
_REFUSALS = frozenset({"decline", "refuse"})
_COMMENT_VERBS = frozenset({"comment", "say", "discuss", "confirm", "elaborate", "speak"})
_MIN_WORDS = 3
# Verbs that need a complement to state anything: "asked" a question, "called" for something.
_NEEDS_COMPLEMENT = frozenset({"ask", "call", "continue", "speak", "post", "order", "question"})


@dataclass(frozen=True, slots=True)
class Attribution:
    """One reported statement: its source token (or None), its text and its verb."""

    subject: Token | None
    text: str
    verb: Token
    start: int
    end: int


def _subject(verb: Token) -> Token | None:
    """The subject of a verb, shared down conjunctions and participles ("said A and vowed B")."""
    current: Token | None = verb
    for _ in range(4):
        if current is None:
            return None
        for child in current.children:
            if child.dep_ in _SUBJECTS:
                return child
        if current.dep_ == "conj" or (
            current.dep_ in ("advcl", "xcomp") and current.tag_ in ("VBG", "VBN", "VB")
        ):
            current = current.head
        elif current.dep_ == "acl" and current.head.pos_ == "NOUN":
            # "released a statement condemning X": the statement's author condemns
            current = current.head.head if current.head.dep_ in ("dobj", "pobj") else None
        else:
            return None
    return None


def clause_text(tokens: list[Token]) -> str:
    """The words of ``tokens`` as text, outer punctuation and "that" removed."""
    if not tokens:
        return ""
    doc = tokens[0].doc
    kept = sorted(tokens, key=lambda t: t.i)
    while kept and (
        (kept[0].lower_ == "that" and kept[0].dep_ == "mark")
        or kept[0].is_punct
        or kept[0].dep_ == "cc"
    ):
        kept.pop(0)
    while kept and kept[-1].is_punct and kept[-1].text not in '"”’)':
        kept.pop()
    if not kept:
        return ""
    text = "".join(t.text_with_ws for t in kept).strip()
    contiguous = kept[-1].i - kept[0].i + 1 == len(kept)
    if contiguous:
        text = doc[kept[0].i : kept[-1].i + 1].text
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    return text.strip(" ,;:–—-")


def _content(verb: Token, quoted: frozenset[int]) -> list[Token]:
    children = list(verb.children)
    for child in children:
        if child.dep_ in _CONTENT and child.i > verb.i:
            return list(child.subtree)
    lemma = verb.lemma_.lower()
    if lemma in _REFUSALS:
        if any(c.dep_ in ("xcomp", "dobj") for c in children):
            return [t for t in verb.subtree if t.dep_ not in ("punct",)]
        return []
    objects = [c for c in children if c.dep_ in ("dobj", "oprd", "attr") and c.i > verb.i]
    preps = [
        c
        for c in children
        if c.dep_ == "prep" and c.i > verb.i and c.lower_ in _CONTENT_PREPOSITIONS
    ]
    if lemma == "tell":
        objects = []  # the listener ("told CNN"), not what was said
    tokens: list[Token] = []
    for part in objects + preps:
        tokens.extend(part.subtree)
    for child in children:
        if child.dep_ in _CONTENT and child.i < verb.i:
            tokens.extend(child.subtree)  # "A, X said": the statement before its source
    if not tokens:
        for child in children:
            if child.dep_ in ("parataxis", "advcl") and child.i < verb.i:
                tokens.extend(child.subtree)
    if not tokens and verb.dep_ in ("parataxis", "ccomp", "advcl") and verb.head != verb:
        # "A, Al Akhbar said", "At first, Mazur said, she ...": the root clause was said
        drop = {t.i for t in verb.subtree}
        tokens = [t for t in verb.sent if t.i not in drop]
    if lemma in _NEEDS_COMPLEMENT and not (preps or objects or tokens):
        return []
    return tokens


def _is_relay(tokens: list[Token], verb: Token) -> bool:
    """Content whose own head is a statement with its own source: the inner one is the entry."""
    heads = [t for t in tokens if t.head.i not in {x.i for x in tokens} or t.head == t]
    return any(
        h.lemma_.lower() in REPORT_VERBS
        and h != verb
        and not _hypothetical(h)
        and any(c.dep_ in _SUBJECTS for c in h.children)
        for h in heads
    )


def _hypothetical(verb: Token) -> bool:
    """ "might have explained", "did not say": no statement was made."""
    return any(c.tag_ == "MD" or c.dep_ == "neg" for c in verb.children)


def _speech_verbs(sent: Span, quoted: frozenset[int]) -> Iterator[Token]:
    for token in sent:
        if token.i in quoted or _hypothetical(token):
            continue
        lemma = token.lemma_.lower()
        if (token.pos_ == "VERB" and lemma in REPORT_VERBS) or (
            token.lower_ in _TRAILING_VERBS and token.i >= sent.end - 2
        ):
            yield token


def _according_to(sent: Span, quoted: frozenset[int]) -> Attribution | None:
    for token in sent:
        if token.lower_ != "according" or token.i in quoted:
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        if to is None and token.i + 1 < sent.end and sent.doc[token.i + 1].lower_ == "to":
            to = sent.doc[token.i + 1]
        obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
        if obj is None or to is None:
            continue
        drop = {t.i for t in token.subtree} | {t.i for t in to.subtree} | {token.i}
        tokens = [t for t in sent if t.i not in drop]
        text = clause_text(tokens)
        if len(text.split()) >= _MIN_WORDS:
            return Attribution(obj, text, token, tokens[0].i, tokens[-1].i + 1)
    return None


def attributions(sent: Span, quoted: frozenset[int]) -> list[Attribution]:
    """The reported statements of one sentence, in order; ``quoted``: tokens in quote marks."""
    found: list[Attribution] = []
    for verb in _speech_verbs(sent, quoted):
        subject = _subject(verb)
        if subject is None and verb.pos_ != "VERB" and verb.i > sent.start:
            subject = sent.doc[verb.i - 1]  # "..., NYT notes." tagged as a noun
        if subject is None or subject.i in quoted:
            continue
        tokens = [t for t in _content(verb, quoted) if t.i != subject.i or t.i > verb.i]
        if not tokens or _is_relay(tokens, verb):
            continue
        text = clause_text(tokens)
        if len(text.split()) < _MIN_WORDS and verb.lemma_.lower() not in _REFUSALS:
            continue
        start = min(t.i for t in tokens)
        end = max(t.i for t in tokens) + 1
        found.append(Attribution(subject, text, verb, start, end))
    if not found:
        according = _according_to(sent, quoted)
        if according is not None:
            found.append(according)
    return found
