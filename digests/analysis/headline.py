"""A headline made from an article's lead sentence by its parse, for articles without one.

The lead's main clause, as a headline says it: an attribution ("..., officials said", "X reports
that ...") gives way to what was reported; asides go (appositions, non-restrictive and adverbial
clauses, parentheticals, a phrase before the subject); then, while it is longer than
``MAX_CHARS``, optional modifiers go, the last first. What is left is always whole phrases of the
sentence in its order, never a sentence cut mid-clause.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span, Token

from digests.analysis.lexicon.grammar import CLAUSE_SUBJECT_DEPS
from digests.analysis.lexicon.speech import REPORT_VERBS, SPEAKING_VERBS
from digests.analysis.readable import definite_noun
from digests.analysis.reading_patterns import (
    ASIDE_DEPS,
    DEMONSTRATIVES,
    FINITE_TAGS,
    OPTIONAL_DEPS,
    PERSONAL,
    THING_PRONOUNS,
)

__all__ = ["MAX_CHARS", "headline_from", "lead_headline"]

MAX_CHARS = 100

# What a verb says nothing without: its clause, object or complement.
_NEEDED_DEPS = frozenset({"ccomp", "dobj", "attr", "oprd", "xcomp", "acomp"})
# Where an adjective is said of its subject, not set before a noun.
_PREDICATE_DEPS = frozenset({"acomp", "oprd", "attr", "conj", "ROOT"})
_EDGE_PUNCT = frozenset({",", "—", "–", "-", ";", ":", "(", ")"})
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?)”’])")


def _main_verb(sent: Span) -> Token:
    root = sent.root
    if root.lemma_ in REPORT_VERBS or root.lemma_ in SPEAKING_VERBS:
        # "X is working on a plan, the newspaper reports": the report is the news, unless its
        # subject says nothing alone ("... tell THR that the actor was sent home").
        clause = next((c for c in root.children if c.dep_ in ("ccomp", "parataxis")), None)
        subject = (
            next((c for c in clause.children if c.dep_ in CLAUSE_SUBJECT_DEPS), None)
            if clause
            else None
        )
        if clause is not None and subject is not None and _stands_alone(subject):
            return clause
    return root


def _stands_alone(subject: Token) -> bool:
    """A subject a reader knows without the sentences around it: no pronoun, no bare "the
    actor"."""
    return subject.pos_ != "PRON" and not definite_noun(subject)


def _without(tokens: set[int], sub: Token) -> set[int]:
    """``tokens`` less ``sub``'s subtree and the comma or dash that set it off."""
    gone = {t.i for t in sub.subtree}
    left, right = min(gone), max(gone)
    doc = sub.doc
    if left > 0 and doc[left - 1].text in _EDGE_PUNCT:
        gone.add(left - 1)
    if right + 1 < len(doc) and doc[right + 1].text in _EDGE_PUNCT and doc[right + 1].text != "(":
        gone.add(right + 1)
    return tokens - gone


def _render(sent: Span, tokens: set[int]) -> str:
    doc = sent.doc
    kept = sorted(tokens)
    parts = []
    for i, j in zip(kept, [*kept[1:], None], strict=True):
        # Where something was taken out, the words around it are still apart.
        parts.append(doc[i].text_with_ws if j == i + 1 or j is None else doc[i].text + " ")
    text = "".join(parts).strip()
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", " ".join(text.split()))
    text = text.strip(" ,;:—–-").rstrip(".").strip(" ,;:—–-")
    # "'s a dog tale ...": a clitic left at the start by a cut subject.
    text = re.sub(r"^['’]\w+\s+", "", text)
    if text.count("“") != text.count("”") or text.count('"') % 2:
        text = text.replace("“", "").replace("”", "").replace('"', "")
    return text[:1].upper() + text[1:] if text else text


def _removable(verb: Token, tokens: set[int], deps: frozenset[str]) -> list[Token]:
    """Dependents in ``deps`` still present, anywhere below ``verb``, the last first."""
    found = [
        t
        for t in verb.subtree
        if t.i in tokens and t is not verb and t.dep_ in deps and t.head.i in tokens
    ]
    return sorted(found, key=lambda t: -t.i)


def _finite(verb: Token) -> bool:
    """A clause with a tense of its own ("that Washington should allow ..."), not an infinitive
    a verb needs ("allow Ukraine to use ...")."""
    return verb.tag_ in FINITE_TAGS or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS for c in verb.children
    )


def headline_from(leads: Sequence[Span], *, max_chars: int = MAX_CHARS) -> str:
    """A headline from the first of ``leads`` (the article's first sentences) whose main clause
    stands alone: a sentence opening on "He was ..." or "The actor ..." names nobody, so the
    next one is tried; if none does, the first sentence's."""
    made = [_made(sent, max_chars) for sent in leads]
    for sent, (text, kept) in zip(leads, made, strict=True):
        if text and not _leans(sent, kept):
            return text
    return next((text for text, _ in made if text), "")


def _leans(sent: Span, kept_tokens: set[int]) -> bool:
    """Whether the headline made from ``sent`` points at something it does not name: a
    pronoun with nobody or nothing named before it, "this"/"that", a bare "the <noun>"
    subject."""
    kept = [t for t in sent if t.i in kept_tokens]
    person = thing = False
    for token in kept:
        person = person or token.ent_type_ == "PERSON"
        word = token.lower_
        if word in PERSONAL and not person:
            return True
        if word in THING_PRONOUNS and not thing and token.dep_ != "expl":
            return True
        if word in DEMONSTRATIVES and token.tag_ == "DT" and not _deictic_time(token):
            # "That was ...", "this very idea": what the reader has not read.
            return True
        thing = thing or token.pos_ in ("NOUN", "PROPN")
    subject = next((c for c in _main_verb(sent).children if c.dep_ in CLAUSE_SUBJECT_DEPS), None)
    return subject is not None and bool(definite_noun(subject))


def _deictic_time(token: Token) -> bool:
    """ "this week", "that night": a demonstrative that places in time, not one pointing back."""
    return token.dep_ == "det" and token.head.ent_type_ in ("DATE", "TIME")


def lead_headline(sent: Span, *, max_chars: int = MAX_CHARS) -> str:
    """The main clause of ``sent``, shortened by whole phrases to at most ``max_chars``."""
    return _made(sent, max_chars)[0]


def _made(sent: Span, max_chars: int) -> tuple[str, set[int]]:
    """The headline and the tokens it keeps."""
    verb = _main_verb(sent)
    tokens = {t.i for t in verb.subtree}
    # "WASHINGTON Obesity is ...": a dateline that lost its dash.
    for token in sent:
        if not (token.is_upper and token.is_alpha and len(token) > 2):
            break
        following = token.nbor() if token.i + 1 < len(token.doc) else None
        if following is not None and following.is_title:
            tokens.discard(token.i)
    subject = next((c for c in verb.children if c.dep_ in CLAUSE_SUBJECT_DEPS), None)
    # A phrase before the subject ("On Tuesday,", "In a statement,") is an aside.
    if subject is not None:
        for child in list(verb.children):
            if child.i < subject.left_edge.i and child.dep_ not in ("aux", "auxpass", "neg"):
                tokens = _without(tokens, child)
    # Other coordinated clauses ("..., and police arrested two men") are another fact.
    for child in verb.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX"):
            tokens = _without(tokens, child)
            tokens -= {c.i for c in verb.children if c.dep_ == "cc" and c.i < child.i}
    doc = sent.doc
    for child in _removable(verb, tokens, ASIDE_DEPS | frozenset({"prep", "acl"})):
        before = doc[child.left_edge.i - 1].text if child.left_edge.i > 0 else ""
        after = doc[child.right_edge.i + 1].text if child.right_edge.i + 1 < len(doc) else ""
        # Set off by commas, it is an aside whatever it is; a bare time expression or a
        # restrictive clause ("the woman who ran") stays.
        set_off = before == "," and after in (",", ".")
        if child.dep_ in ("prep", "acl") and not set_off:
            continue
        if child.dep_ == "relcl" and before != ",":
            continue
        # "Tuesday" beside the verb is an aside; "23-year" inside "23-year-old" is not.
        time_aside = child.ent_type_ in ("DATE", "TIME") and child.head.pos_ in ("VERB", "AUX")
        if child.dep_ == "npadvmod" and not time_aside:
            continue
        tokens = _without(tokens, child)
    text = _render(sent, tokens)
    if len(text) > max_chars and subject is not None:
        # "US Secretary of State Antony Blinken" is "Antony Blinken" in a headline.
        name = [t for t in subject.subtree if t.ent_type_ == "PERSON" and t.i in tokens]
        if name:
            title = {
                t.i
                for t in subject.subtree
                if t.i < name[0].i and t.dep_ in ("compound", "nmod", "amod")
            }
            tokens -= title | {t.i for i in title for t in doc[i].subtree if t.i < name[0].i}
            text = _render(sent, tokens)
    # An infinitive a verb needs ("allow Ukraine to use ...") is never cut off; a whole "that"
    # clause or a coordinated one may go.
    for tier in (OPTIONAL_DEPS, frozenset({"ccomp", "conj"})):
        while len(text) > max_chars:
            optional = [
                t
                for t in _removable(verb, tokens, tier)
                if (t.dep_ != "ccomp" or _finite(t)) and not _argument(t)
            ]
            if not optional:
                break
            tokens = _without(tokens, optional[0])
            text = _render(sent, tokens)
    if len(text) > max_chars:
        # Only the subject, the verb and its object are left, and still too long: the subject.
        core = {verb.i} | {
            t.i
            for c in verb.children
            if c.dep_ in CLAUSE_SUBJECT_DEPS | {"aux", "neg"}
            for t in c.subtree
        }
        tokens &= core
        text = _render(sent, tokens)
    if len(text) > max_chars or not _complete(sent, verb, tokens):
        return "", set()
    return text, tokens


def _argument(token: Token) -> bool:
    """A phrase its head needs: "a cost of $1 million", "the ban on weapons" keep their "of"."""
    return token.dep_ == "prep" and token.lower_ == "of"


def _complete(sent: Span, verb: Token, tokens: set[int]) -> bool:
    """Whether the headline says what its verb says: a verb that had a clause or an object of
    its own keeps it ("A California jury ruled" is cut), and the last word closes its phrase
    (no article, preposition, conjunction or adjective left waiting for a noun)."""
    doc = sent.doc
    for child in verb.children:
        if child.dep_ in _NEEDED_DEPS and child.i not in tokens:
            return False
    # A verb kept below it keeps its object or complement ("she suspects marijuana was" is
    # cut); its own "that" clause may have gone while it keeps another ("trying to convince
    # the White House"), never when that leaves it saying nothing ("she suspects").
    for i in tokens:
        head = doc[i]
        if head.pos_ not in ("VERB", "AUX") or i == verb.i:
            continue
        lost = {c.dep_ for c in head.children if c.dep_ in _NEEDED_DEPS and c.i not in tokens}
        still = {c.dep_ for c in head.children if c.dep_ in _NEEDED_DEPS and c.i in tokens}
        if lost - {"ccomp"} or (lost and not still):
            return False
    kept = [doc[i] for i in sorted(tokens) if not doc[i].is_punct]
    if not kept:
        return False
    last = kept[-1]
    if last.pos_ == "ADJ":
        # A predicate adjective closes its clause ("... will be brief"); an attributive one
        # waits for its noun ("... a new").
        return last.dep_ in _PREDICATE_DEPS
    return last.pos_ not in ("DET", "ADP", "CCONJ", "SCONJ", "PART") or last.dep_ == "prt"
