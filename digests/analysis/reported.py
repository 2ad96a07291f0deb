"""Reported speech: each attributed clause of a sentence, with the token naming its source.

"X said (that) A", "A, X said", "A, added X", "X told CNN A", "X urged both sides to A",
"X announced A", "X called for A", "X declined to comment", "X's comments that A",
"according to X, A"; "X said A and vowed B" gives two. A relay ("X said Y told police that Z")
gives Z to Y alone; a verb inside quote marks belongs to the quote, not to the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from digests.analysis.lexicon import (
    CLAIM_NOUNS,
    CLAUSE_ONLY_VERBS,
    REPORT_VERBS,
    SAYING_VERBS,
    TRAILING_VERBS,
)

__all__ = [
    "Attribution",
    "attributions",
    "clause_text",
    "inverted_subject",
    "statement_owner",
    "subject_of",
]

_SOURCE_PREPOSITIONS = frozenset({"from", "of", "by"})
# Verbs by which someone makes a statement theirs: "issued a warning", "released a report".
_ISSUE_VERBS = frozenset(
    {"issue", "release", "make", "publish", "post", "deliver", "send", "give", "put", "write"}
)

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_CONTENT = ("ccomp", "xcomp")
_CONTENT_PREPOSITIONS = frozenset({"for", "about", "as", "of", "on", "against", "at", "that"})
_REFUSALS = frozenset({"decline", "refuse"})

_COMMENT_VERBS = frozenset(
    {"comment", "say", "discuss", "confirm", "elaborate", "speak", "answer", "respond", "detail"}
)
_REQUEST_NOUNS = frozenset({"request", "interview", "comment", "invitation", "question"})
_MIN_WORDS = 2
_CONCESSIVE = frozenset({"although", "though", "while", "whereas"})
# Verbs that need a complement to state anything: "asked" a question, "called" for something.
_NEEDS_COMPLEMENT = frozenset({"ask", "call", "continue", "post", "order", "question", "defend"})
_HOPS = 4
# Words before the head of a noun phrase.
_CHUNK_LEFT = frozenset({"compound", "det", "amod", "poss", "case", "nummod", "punct"})


@dataclass(frozen=True, slots=True)
class Attribution:
    """One reported statement: its source token (or None), its text and its verb."""

    subject: Token | None
    text: str
    verb: Token
    start: int
    end: int


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, shared down conjunctions and participles ("said A and vowed B");
    of two ("the agency Telam reported"), the name."""
    current: Token | None = verb
    for _ in range(_HOPS):
        if current is None:
            return None
        subjects = [c for c in current.children if c.dep_ in _SUBJECTS]
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
            while current.pos_ not in ("VERB", "AUX") and current.head != current:
                current = current.head
        elif current.pos_ not in ("VERB", "AUX") and current.head != current:
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


def _clause_below(verb: Token) -> Token | None:
    """A content clause under the verb, also where the parser hung it on an adverb or
    preposition of the verb ("said earlier that ...")."""
    frontier = [c for c in verb.children if c.i > verb.i]
    for _ in range(2):
        following: list[Token] = []
        for child in frontier:
            if child.dep_ in _CONTENT:
                return child
            if child.pos_ not in ("VERB", "AUX") and child.dep_ in ("advmod", "npadvmod", "prep"):
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
    has_subject = any(t.dep_ in _SUBJECTS and t.head.pos_ in ("VERB", "AUX") for t in tokens)
    return tokens if has_subject else []


def _content(verb: Token) -> tuple[list[Token], bool]:
    """What the verb reports, and whether it is a clause (else a phrase that needs the verb)."""
    children = list(verb.children)
    lemma = verb.lemma_.lower()
    if lemma in _REFUSALS:
        # "declined to comment", "declined an interview request"; not "declined to bring charges"
        if any(
            (c.dep_ == "xcomp" and c.lemma_.lower() in _COMMENT_VERBS)
            or (c.dep_ == "dobj" and c.lemma_.lower() in _REQUEST_NOUNS)
            for c in children
        ):
            return [t for t in verb.subtree if not t.is_punct], True
        return [], False
    clause = _clause_below(verb)
    if clause is not None:
        listener = [c for c in children if c.dep_ == "dobj" and c.i < clause.i]
        if clause.dep_ == "xcomp" and listener:
            # "urged both sides to ...", "demanding her to ...": the verb and whom it addresses
            return [verb, *listener[0].subtree, *clause.subtree], False
        return list(clause.subtree), True
    children = list(verb.children)
    lemma = verb.lemma_.lower()
    objects = [c for c in children if c.dep_ in ("dobj", "oprd", "attr", "dative") and c.i > verb.i]
    preps = [
        c
        for c in children
        if c.dep_ == "prep" and c.i > verb.i and c.lower_ in _CONTENT_PREPOSITIONS
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
    before = [c for c in children if c.dep_ in (*_CONTENT, "parataxis", "advcl") and c.i < verb.i]
    if before:
        return [t for c in before for t in c.subtree], True  # "A, X said"
    has_subject = any(c.dep_ in _SUBJECTS for c in children)
    if (
        verb.dep_ in ("parataxis", "ccomp", "advcl", "amod", "acl")
        and verb.head != verb
        and (has_subject or inverted_subject(verb) is not None)
    ):
        # "A, Al Akhbar said", "At first, Mazur said, she ...": the root clause was said
        drop = {t.i for t in verb.subtree}
        return [t for t in verb.sent if t.i not in drop], True
    if lemma in _NEEDS_COMPLEMENT:
        return [], False
    return _following_clause(verb), True


def _is_relay(tokens: list[Token], verb: Token) -> bool:
    """Content whose own head is a statement with its own source and content: the inner one is
    the entry ("the affidavit said the ex-member told police that ...")."""
    for head in tokens:
        if head == verb or head.lemma_.lower() not in SAYING_VERBS or _hypothetical(head):
            continue
        if not any(c.dep_ in _SUBJECTS for c in head.children):
            continue
        if head.i == _root_of(tokens):
            return True  # "the kingdom says Hadi pleaded for ...": Hadi's statement
        clause = _clause_below(head)
        if clause is not None and 2 * len(list(clause.subtree)) >= len(tokens):
            return True  # most of what X said is what Y said: X only relays it
    return False


def _root_of(tokens: list[Token]) -> int:
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside or t.head == t]
    return roots[0].i if roots else -1


def _hypothetical(verb: Token) -> bool:
    """ "might have explained", "did not say", "is expected to announce": no statement made."""
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() not in REPORT_VERBS:
        return True
    return any(c.tag_ == "MD" or c.dep_ == "neg" for c in verb.children)


def _speech_verbs(sent: Span, quoted: frozenset[int]) -> Iterator[Token]:
    last = sent.end - 2
    for token in sent:
        if token.i in quoted:
            continue
        trailing = token.i >= last and token.lower_ in TRAILING_VERBS
        if not trailing and (token.pos_ != "VERB" or token.lemma_.lower() not in REPORT_VERBS):
            continue
        if _hypothetical(token):
            continue
        if token.dep_ in ("amod", "compound") and inverted_subject(token) is None:
            continue  # "a written statement": an adjective, not a speech act
        yield token


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
    words = [t for t in sent if not t.is_punct]
    if not words or max(t.i for t in head.subtree) < words[-1].i:
        return None  # the name does not end the sentence: it is an object, not the source
    return head


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


def _claims(sent: Span, quoted: frozenset[int]) -> Iterator[Attribution]:
    """ "his pre-election comments that A": A, said by whoever the comments are of."""
    for token in sent:
        if token.pos_ != "NOUN" or token.lemma_.lower() not in CLAIM_NOUNS or token.i in quoted:
            continue
        clause = next(
            (
                c
                for c in token.children
                if c.dep_ in ("acl", "ccomp", "relcl")
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            ),
            None,
        )
        if clause is None:
            continue
        owner = statement_owner(token)
        tokens = list(clause.subtree)
        text = clause_text(tokens)
        if len(text.split()) >= _MIN_WORDS:
            yield Attribution(owner, text, token, tokens[0].i, tokens[-1].i + 1)


def _content_root(attribution: Attribution) -> int | None:
    tokens = attribution.verb.doc[attribution.start : attribution.end]
    return tokens.root.i if len(tokens) else None


def attributions(sent: Span, quoted: frozenset[int]) -> list[Attribution]:
    """The reported statements of one sentence, in order; ``quoted``: tokens in quote marks."""
    found: list[Attribution] = []
    for verb in _speech_verbs(sent, quoted):
        if verb.pos_ != "VERB" and verb.i > sent.start:
            subject: Token | None = sent.doc[verb.i - 1]  # "..., NYT notes." tagged as a noun
        else:
            subject = subject_of(verb) or inverted_subject(verb)
        if subject is None or subject.i in quoted:
            continue
        if subject.dep_ == "nsubjpass" and subject.head == verb:
            # "he was told ...": the subject heard it; the source is the agent, if any
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            subject = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
        content, _ = _content(verb)
        own = {x.i for x in subject.subtree} if subject is not None else set()
        tokens = [t for t in content if t.i not in own]
        if not tokens or _is_relay(tokens, verb):
            continue
        text = clause_text(tokens)
        if len(text.split()) < _MIN_WORDS and verb.lemma_.lower() not in _REFUSALS:
            continue
        start = min(t.i for t in tokens)
        end = max(t.i for t in tokens) + 1
        found.append(Attribution(subject, text, verb, start, end))
        found.extend(_concessions(verb, subject, quoted))
    found.extend(_claims(sent, quoted))
    # A speech act that is the whole content of a statement noun ("the FBI issued a warning that
    # ISIS was calling for attacks") is part of that statement, not one of its own.
    # So is an act that is the whole content of someone's statement ("Democrats noted that the
    # foundation disclosed all donations"); a verb of saying there is a relay instead.
    heads = {a.verb.i: _content_root(a) for a in found}
    found = [
        a
        for a in found
        if _clause_below(a.verb) is not None
        or a.verb.lemma_.lower() in SAYING_VERBS
        or not any(b is not a and heads.get(b.verb.i) == a.verb.i for b in found)
    ]
    if not any(a.subject is not None and _named(a.subject) for a in found):
        # "A, according to The Observer": the source named, unless the sentence has its own
        according = _according_to(sent, quoted)
        if according is not None:
            found = [a for a in found if not (according.start <= a.verb.i < according.end)]
            found.append(according)
    return sorted(found, key=lambda a: a.start)


def _named(subject: Token) -> bool:
    """A source with a name ("Amnesty", "she", "a group, al-Murabitun,"), not "officials"."""
    if subject.pos_ in ("PROPN", "PRON") or subject.ent_type_:
        return True
    return any(
        c.dep_ in ("appos", "compound") and (c.pos_ == "PROPN" or c.ent_type_)
        for c in subject.children
    )


def _concessions(verb: Token, subject: Token | None, quoted: frozenset[int]) -> list[Attribution]:
    """'"...," she said, although fighters were respectful': the clause hung on the verb is
    part of what was said."""
    found = []
    for child in verb.children:
        if child.dep_ != "advcl" or child.i < verb.i or child.i in quoted:
            continue
        if not any(m.dep_ == "mark" and m.lower_ in _CONCESSIVE for m in child.children):
            continue
        tokens = list(child.subtree)
        text = clause_text(tokens)
        if len(text.split()) >= _MIN_WORDS:
            found.append(Attribution(subject, text, verb, tokens[0].i, tokens[-1].i + 1))
    return found


def statement_owner(statement: Token) -> Token | None:
    """The token naming who made a statement: "Hollande's statement", "a letter from X",
    "X said in a statement"."""
    for child in statement.children:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.ent_type_):
            return child  # "Hollande's statement", "an ISIS video"
        if child.dep_ == "prep" and child.lower_ in _SOURCE_PREPOSITIONS:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in ("PROPN", "PRON"):
                return obj
    by_means = statement.dep_ == "pobj" and statement.head.lower_ in ("in", "through", "via")
    issued = statement.dep_ == "dobj" and statement.head.lemma_.lower() in _ISSUE_VERBS
    if by_means or issued:
        # "X said in a statement", "X issued a warning"; not "X scoffed at suggestions"
        verb = statement.head.head if by_means else statement.head
        if verb.pos_ in ("VERB", "AUX"):
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.pos_ in ("PROPN", "PRON", "NOUN"):
                return subject  # "X said in a statement": whoever X is, if anyone
    return None
