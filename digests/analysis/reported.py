"""Reported speech: each attributed clause of a sentence, with the token naming its source.

"X said (that) A", "A, X said", "A, added X", "X told CNN A", "X urged both sides to A",
"X announced A", "X called for A", "X declined to comment", "X's comments that A",
"according to X, A"; "X said A and vowed B" gives two. A relay ("X said Y told police that Z")
gives Z to Y alone; a verb inside quote marks belongs to the quote, not to the sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from digests.analysis import docindex
from digests.analysis.clauses import (
    clause_below,
    clause_text,
    content_of,
    inverted_subject,
    subject_of,
)
from digests.analysis.lexicon.grammar import NOT_SPEAKER_LABELS, SUBJECT_DEPS, VERBAL
from digests.analysis.lexicon.speech import (
    CLAIM_NOUNS,
    ISSUE_VERBS,
    NEEDS_COMPLEMENT,
    REFUSALS,
    REPORT_VERBS,
    SAYING_VERBS,
    SOURCE_PREPOSITIONS,
    TRAILING_VERBS,
)
from digests.analysis.matchers import according_to

__all__ = ["Attribution", "attributions", "statement_owner"]


_MIN_WORDS = 2
_CONCESSIVE = frozenset({"although", "though", "while", "whereas"})


@dataclass(frozen=True, slots=True)
class Attribution:
    """One reported statement: its source token (or None), its text and its verb."""

    subject: Token | None
    text: str
    verb: Token
    start: int
    end: int


def _is_relay(tokens: list[Token], verb: Token) -> bool:
    """Content whose own head is a statement with its own source and content: the inner one is
    the entry ("the affidavit said the ex-member told police that ...")."""
    for head in tokens:
        if head == verb or head.lemma_.lower() not in SAYING_VERBS or _hypothetical(head):
            continue
        if not any(c.dep_ in SUBJECT_DEPS for c in head.children):
            continue
        if head.lemma_.lower() in NEEDS_COMPLEMENT and clause_below(head) is None:
            continue  # "X said the department is asking for help": X's statement, not a relay
        if head.i == _root_of(tokens):
            return True  # "the kingdom says Hadi pleaded for ...": Hadi's statement
        clause = clause_below(head)
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
    doc = sent.doc
    pos, lemmas, lowers = docindex.pos_tags(doc), docindex.lemmas(doc), docindex.lowers(doc)
    for i in range(sent.start, sent.end):
        if i in quoted:
            continue
        trailing = i >= last and lowers[i] in TRAILING_VERBS
        if not trailing and (pos[i] != "VERB" or lemmas[i] not in REPORT_VERBS):
            continue
        token = doc[i]
        if _hypothetical(token):
            continue
        if token.dep_ in ("amod", "compound") and inverted_subject(token) is None:
            continue  # "a written statement": an adjective, not a speech act
        yield token


def _according_to(sent: Span, quoted: frozenset[int]) -> Attribution | None:
    for i, sources in according_to(sent.doc).items():
        if not sent.start <= i < sent.end or i in quoted:
            continue
        token, obj = sent.doc[i], sent.doc[sources[0]]
        to = obj.head
        drop = {t.i for t in token.subtree} | {t.i for t in to.subtree} | {token.i}
        tokens = [t for t in sent if t.i not in drop]
        text = clause_text(tokens)
        if len(text.split()) >= _MIN_WORDS:
            return Attribution(obj, text, token, tokens[0].i, tokens[-1].i + 1)
    return None


def _claims(sent: Span, quoted: frozenset[int]) -> Iterator[Attribution]:
    """ "his pre-election comments that A": A, said by whoever the comments are of."""
    pos, lemmas = docindex.pos_tags(sent.doc), docindex.lemmas(sent.doc)
    for i in range(sent.start, sent.end):
        if pos[i] != "NOUN" or lemmas[i] not in CLAIM_NOUNS or i in quoted:
            continue
        token = sent.doc[i]
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
        content, _ = content_of(verb)
        own = {x.i for x in subject.subtree} if subject is not None else set()
        tokens = [t for t in content if t.i not in own]
        if not tokens or _is_relay(tokens, verb):
            continue
        text = clause_text(tokens)
        if len(text.split()) < _MIN_WORDS and verb.lemma_.lower() not in REFUSALS:
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
        if clause_below(a.verb) is not None
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
    if subject.pos_ in ("PROPN", "PRON"):
        return True
    if subject.ent_type_:
        return subject.ent_type_ not in NOT_SPEAKER_LABELS  # "seven of the parents": no name
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
        if child.dep_ == "prep" and child.lower_ in SOURCE_PREPOSITIONS:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in ("PROPN", "PRON"):
                return obj
    by_means = statement.dep_ == "pobj" and statement.head.lower_ in ("in", "through", "via")
    issued = statement.dep_ == "dobj" and statement.head.lemma_.lower() in ISSUE_VERBS
    if by_means or issued:
        # "X said in a statement", "X issued a warning"; not "X scoffed at suggestions"
        verb = statement.head.head if by_means else statement.head
        for _ in range(3):  # "pleaded for military intervention in a letter"
            if verb.pos_ in VERBAL or verb.head == verb:
                break
            verb = verb.head
        if verb.pos_ in VERBAL:
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.pos_ in ("PROPN", "PRON", "NOUN"):
                return subject  # "X said in a statement": whoever X is, if anyone
    return None
