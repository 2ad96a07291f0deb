"""Clauses of speech verbs: their subject (shared down conjunctions and participles), what they
report (a clause, an infinitive addressed to someone, a phrase that needs its verb), and the text
of it.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from digests.analysis.lexicon.grammar import SUBJECT_DEPS, VERBAL
from digests.analysis.lexicon.speech import (
    CLAUSE_ONLY_VERBS,
    COMMENT_VERBS,
    NEEDS_COMPLEMENT,
    REFUSALS,
    REQUEST_NOUNS,
)

__all__ = [
    "clause_below",
    "clause_text",
    "content_of",
    "inverted_subject",
    "subject_of",
]

_CONTENT = ("ccomp", "xcomp")
_CONTENT_PREPOSITIONS = frozenset({"for", "about", "as", "of", "on", "against", "at", "that"})

_HOPS = 4
# Entity labels of a preposition's object that make the phrase a time, not a topic.
_TIME_ENTITIES = frozenset({"DATE", "TIME"})
# Words before the head of a noun phrase.
_CHUNK_LEFT = frozenset({"compound", "det", "amod", "poss", "case", "nummod", "punct"})


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, shared down conjunctions and participles ("said A and vowed B");
    of two ("the agency Telam reported"), the name."""
    current: Token | None = verb
    for _ in range(_HOPS):
        if current is None:
            return None
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            named = (
                [c for c in subjects if c.ent_type_ == "PERSON"]
                or [c for c in subjects if c.pos_ == "PROPN"]
                or subjects
            )
            at = current.i
            before = [c for c in named if c.i < at] or named
            return min(before, key=lambda c: abs(c.i - at))
        if current.dep_ == "pcomp" and current.head.lower_ == "as":
            # "quoted her daughter as saying ...": the one quoted says it
            quoted = [c for c in current.head.head.children if c.dep_ == "dobj"]
            if quoted:
                return quoted[0]
        if current.dep_ == "conj" or (
            current.dep_ in ("advcl", "xcomp", "pcomp") and current.tag_ in ("VBG", "VBN", "VB")
        ):
            current = current.head
        elif current.dep_ == "acl" and current.head.pos_ == "NOUN":
            # "released a statement condemning X": the statement's author condemns
            current = current.head
            while current.pos_ not in VERBAL and current.head != current:
                current = current.head
        elif current.pos_ not in VERBAL and current.head != current:
            current = current.head  # a conjunct the parser hung on a noun
        else:
            return None
    return None


def clause_text(tokens: list[Token]) -> str:
    """The words of ``tokens`` as text, outer punctuation and a leading "that" removed."""
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
    if kept[-1].i - kept[0].i + 1 == len(kept):
        text = doc[kept[0].i : kept[-1].i + 1].text
    else:
        text = "".join(t.text_with_ws for t in kept).strip()
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    text = re.sub(
        r"[,;]+([:.])", r"\1", text
    )  # "a proposal, [officials said]: It" -> "a proposal: It"
    return text.strip(" ,;:–—-")


def clause_below(verb: Token) -> Token | None:
    """A content clause under the verb, also where the parser hung it on an adverb or
    preposition of the verb ("said earlier that ...")."""
    frontier = [c for c in verb.children if c.i > verb.i]
    for _ in range(2):
        following: list[Token] = []
        for child in frontier:
            if child.dep_ in _CONTENT:
                return child
            if child.pos_ not in VERBAL and child.dep_ in ("advmod", "npadvmod", "prep"):
                following.extend(child.children)
        frontier = following
    return None


def _following_clause(verb: Token) -> list[Token]:
    """The clause right after "X claiming in USA Today" when the parser attached it elsewhere."""
    sent = verb.sent
    end = max(t.i for t in verb.subtree) + 1
    if end >= sent.end or sent.doc[end].pos_ not in ("PRON", "PROPN", "NOUN", "DET", "SCONJ"):
        return []
    tokens = [t for t in sent.doc[end : sent.end] if not (t.is_punct and t.i == sent.end - 1)]
    has_subject = any(t.dep_ in SUBJECT_DEPS and t.head.pos_ in VERBAL for t in tokens)
    return tokens if has_subject else []


def content_of(verb: Token) -> tuple[list[Token], bool]:
    """What the verb reports, and whether it is a clause (else a phrase that needs the verb)."""
    children = list(verb.children)
    lemma = verb.lemma_.lower()
    if lemma in REFUSALS:
        # "declined to comment", "declined an interview request"; not "declined to bring charges"
        if any(
            (c.dep_ == "xcomp" and c.lemma_.lower() in COMMENT_VERBS)
            or (c.dep_ == "dobj" and c.lemma_.lower() in REQUEST_NOUNS)
            for c in children
        ):
            return [t for t in verb.subtree if not t.is_punct], True
        return [], False
    clause = clause_below(verb)
    if clause is not None:
        listener = [c for c in children if c.dep_ == "dobj" and c.i < clause.i]
        if clause.dep_ == "xcomp" and listener:
            # "urged both sides to ...", "demanding her to ...": the verb and whom it addresses
            return [verb, *listener[0].subtree, *clause.subtree], False
        return list(clause.subtree), True
    said_before = [c for c in children if c.dep_ in (*_CONTENT, "parataxis") and c.i < verb.i]
    if said_before:
        # "A," X said on Twitter / of the plan: what follows the verb tells where, when or of
        # what it was said; the statement is the clause before it.
        return [t for c in said_before for t in c.subtree], True
    objects = [c for c in children if c.dep_ in ("dobj", "oprd", "attr", "dative") and c.i > verb.i]
    preps = [
        c
        for c in children
        if c.dep_ == "prep"
        and c.i > verb.i
        and c.lower_ in _CONTENT_PREPOSITIONS
        and not _is_time(c)
    ]
    if lemma in CLAUSE_ONLY_VERBS:
        # "told CNN", "wrote 70 books": a listener or a thing, not a statement ("posted news
        # of her withdrawal" is one; "told BFMTV of his shock" tells of something)
        told_of = [
            c
            for o in objects
            for c in o.children
            if c.dep_ == "prep" and c.lower_ in ("of", "about")
        ]
        objects = [o for o in objects if o.lemma_.lower() == "news" and lemma != "tell"]
        objects += told_of
        preps = [p for p in preps if p.lower_ in ("about", "of", "on", "for")]
    if objects or preps:
        # "to concede defeat": the infinitive's "to" belongs to the phrase
        parts = [c for c in children if c.dep_ == "aux" and c.lower_ == "to"]
        parts += [t for p in objects + preps for t in p.subtree]
        more = [c for c in children if c.dep_ in _CONTENT or (c.dep_ == "advmod" and c.i > verb.i)]
        parts += [t for c in more for t in c.subtree]
        return [verb, *parts], False
    wanted = [
        c
        for c in children
        if c.dep_ == "advcl" and c.i > verb.i and any(m.lower_ == "for" for m in c.children)
    ]
    if wanted:
        return [verb, *(t for c in wanted for t in c.subtree)], False  # "yelled for everyone to"
    before = [c for c in children if c.dep_ == "advcl" and c.i < verb.i]
    if before:
        return [t for c in before for t in c.subtree], True  # "A, X said" parsed as an adverbial
    has_subject = any(c.dep_ in SUBJECT_DEPS for c in children)
    if (
        verb.dep_ in ("parataxis", "ccomp", "advcl", "amod", "acl")
        and verb.head != verb
        and (has_subject or inverted_subject(verb) is not None)
    ):
        # "A, Al Akhbar said", "At first, Mazur said, she ...": the root clause was said
        drop = {t.i for t in verb.subtree}
        return [t for t in verb.sent if t.i not in drop], True
    if lemma in NEEDS_COMPLEMENT:
        return [], False
    return _following_clause(verb), True


def _is_time(prep: Token) -> bool:
    """ "on May 3, 2024", "on Thursday", "at noon": when something was said, not what."""
    return any(c.dep_ == "pobj" and c.ent_type_ in _TIME_ENTITIES for c in prep.children)


def inverted_subject(verb: Token) -> Token | None:
    """ "..., added Moore." / "..., observed Catherine Ledemé, who ...": the source right after
    a verb that follows what was said."""
    sent = verb.sent
    if verb.i == sent.start or sent.doc[verb.i - 1].text not in (",", "”", '"', "’"):
        return None
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None  # "..., adding 18 titles": a participle, not an inverted attribution
    i = verb.i + 1
    while i < sent.end and i - verb.i <= 5 and sent.doc[i].dep_ in _CHUNK_LEFT:
        i += 1
    if i >= sent.end:
        return None
    head = sent.doc[i]
    if head.pos_ not in ("PROPN", "NOUN") or not (head.head == verb or head.head.i < verb.i):
        return None
    # what follows the name may only say where or how it was said ("..., stated Obi on his
    # account"): a phrase hanging on the verb
    after = {t.i for c in verb.children if c.dep_ == "prep" and c.i > head.i for t in c.subtree}
    words = [t for t in sent if not t.is_punct and t.i not in after]
    if not words or max(t.i for t in head.subtree) < words[-1].i:
        return None  # the name does not end the sentence: it is an object, not the source
    return head
