"""Where the text puts a date in time, from the verb the date expression depends on.

Past tense and perfects put it in the past; "will", modals and infinitives after verbs of intent
("plans to leave on Thursday") in the future; "would" in the future seen from a past moment;
verbs of scheduling in the present ("is set for", "is due", "has scheduled") look ahead; an end
point ("until", "by", "payable") is later than its verb; a date naming an event by its day ("the
Oct. 23 slaying") has no direction of its own; "since" is the past; a quotation's tense is the
speaker's, not that of a date outside it.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from digests.analysis.dates.calendar import Direction
from digests.analysis.lexicon.calendar import PARTS_OF_DAY
from digests.analysis.lexicon.grammar import VERBAL
from digests.analysis.lexicon.tense import (
    END_POINTS,
    FUTURE_MODALS,
    LATER_MODALS,
    PROSPECTIVE_WORDS,
    SCHEDULING_VERBS,
)

__all__ = ["clause_tense", "direction_of", "outside_head", "path_to_root"]


_PRESENT = frozenset({"VBZ", "VBP"})


def _expression_root(span: Span) -> Token:
    """The span's root, or the part of day it modifies ("Thursday" in "Thursday morning")."""
    root = span.root
    while root.head.i != root.i and root.head.lower_ in PARTS_OF_DAY:
        root = root.head
    return root


def outside_head(span: Span) -> Token:
    """The first token above the expression: what the whole of it depends on."""
    head = _expression_root(span)
    while (
        span.start <= head.i < span.end or head.lower_ in PARTS_OF_DAY
    ) and head.head.i != head.i:
        head = head.head
    return head


def _auxiliaries(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("aux", "auxpass")]


def _present_tense(verb: Token) -> bool:
    """Simple present, present progressive or present perfect: "is set", "has been scheduled"."""
    auxiliaries = _auxiliaries(verb)
    if auxiliaries:
        return auxiliaries[0].tag_ in _PRESENT
    return verb.tag_ in _PRESENT


def _verb_direction(verb: Token) -> Direction | None:
    """The direction a verb's tense and auxiliaries give, or None to ask its head."""
    auxiliaries = _auxiliaries(verb)
    words = {a.lower_ for a in auxiliaries}
    have = [a for a in auxiliaries if a.lemma_ == "have"]
    if words & FUTURE_MODALS:
        return Direction.PAST if have else Direction.FUTURE
    if words & LATER_MODALS:
        return Direction.PAST if have else Direction.LATER
    prospective = verb.lemma_.lower() in PROSPECTIVE_WORDS
    if prospective and _present_tense(verb):
        return Direction.FUTURE
    if prospective and verb.tag_ == "VBN" and not auxiliaries:
        return None  # "a summit set for April": as the clause around it says
    if any(a.tag_ == "TO" for a in auxiliaries):
        if have:
            return Direction.PAST
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in PROSPECTIVE_WORDS:
            # "plans to leave on Thursday"; "had been due to expire Friday" may be over.
            holder = verb.head if verb.head.pos_ in VERBAL else verb.head.head
            return Direction.UNKNOWN if _past_perfect(holder) else Direction.FUTURE
        if verb.dep_ in ("acl", "relcl") and not _ranked(verb.head):
            return Direction.LATER  # "an event to be held on October 12"
        return None  # "staged celebrations to mark the entry on Friday": the head's time
    if have:
        return Direction.PAST
    if any(a.tag_ == "VBD" for a in auxiliaries):
        return Direction.PAST
    if any(a.tag_ in _PRESENT for a in auxiliaries):
        return Direction.PRESENT
    if verb.tag_ in ("VBD", "VBN"):
        return Direction.PAST  # "said Friday", "the decision, announced Wednesday"
    if verb.tag_ == "VBP" and _singular_subject(verb):
        # "Weakness ... hurt the composite": a bare form after a singular subject is a past
        # tense that looks like the base form (hurt, cut, set, put).
        return Direction.PAST
    if verb.tag_ in _PRESENT:
        return Direction.PRESENT
    return None


def _ranked(noun: Token) -> bool:
    """ "The first countries to accede": an infinitive after a rank tells no time of its own."""
    return any(
        c.dep_ in ("amod", "nummod")
        and (
            c.tag_ == "JJS"
            or c.ent_type_ == "ORDINAL"
            or c.lower_ in ("first", "last", "only", "next")
        )
        for c in noun.children
    )


def _singular_subject(verb: Token) -> bool:
    return any(
        c.dep_ == "nsubj"
        and c.tag_ in ("NN", "NNP")
        and not any(g.dep_ == "conj" for g in c.children)
        for c in verb.children
    )


def path_to_root(span: Span) -> list[Token]:
    """The tokens from the expression up to its sentence's root."""
    token = outside_head(span)
    path = [token]
    while token.head.i != token.i and len(path) < 24:
        token = token.head
        path.append(token)
    return path


def direction_of(span: Span) -> Direction:
    """Where the text puts the date of ``span``: past, present, future, or unknown."""
    path = path_to_root(span)
    root = _expression_root(span)
    if span.start > 0 and span.doc[span.start - 1].lower_ == "since":
        return Direction.PAST  # whatever the parse made of "since"
    # "the Oct. 23 slaying", "the Jan. 14 deadline": a date naming an event by its day tells
    # nothing of its own direction; the nearest occurrence is the one meant.
    if root.dep_ in ("poss", "compound", "nmod") and root.head.i >= span.end:
        return Direction.UNKNOWN
    # Below the verb: an end point ("until 9 a.m. Tuesday", "by Jan. 14", "extended to Nov.
    # 20", "payable Dec. 7") is later than the verb; a noun on the way ("a ceremony on March
    # 12") makes the date that noun's.
    end_point = through_noun = seen_preposition = False
    for index, token in enumerate(path):
        if token.pos_ in VERBAL:
            break
        if token.pos_ == "ADJ" and (index == 0 or token.dep_ in ("advcl", "amod", "appos")):
            # "payable Dec. 7", "effective Feb. 1", "payable Dec. 7 to stock of record Nov. 22"
            # (not a predicate: "was responsible for a drop on Wednesday").
            end_point = True
        elif token.pos_ == "ADP":
            word = token.lower_
            if not seen_preposition and (
                word in END_POINTS or (word == "to" and token.head.pos_ in VERBAL)
            ):
                end_point = True
            seen_preposition = True
        elif token.pos_ in ("NOUN", "PROPN") and not span.start <= token.i < span.end:
            through_noun = True
    found, verb = clause_tense(path)
    if verb is not None and _across_quote(span, verb):
        # A quotation's tense is the speaker's: "Wechsler on Thursday: ``... is inaccurate''".
        return Direction.UNKNOWN
    below = path if verb is None else path[: path.index(verb) + 1]
    if any(t.lower_ == "since" and t.dep_ in ("prep", "advmod", "mark") for t in below):
        return Direction.PAST
    if verb is not None and _present_perfect(verb) and found is not Direction.FUTURE:
        # A present perfect takes no date of its own ("*has left on Monday"): a date below it
        # bounds the time up to now ("has fluctuated ... from $29.75 in March"), or belongs to
        # a noun ("has invited them to a ceremony on March 12"), or is a deadline ("has given
        # them until Tuesday").
        if end_point:
            return Direction.LATER
        if through_noun and not any(c.lower_ == "since" for c in verb.children):
            return Direction.UNKNOWN
        return Direction.PAST
    if end_point and found in (Direction.PAST, Direction.UNKNOWN) and not _past_perfect(verb):
        # "postponed until Tuesday": later than the verb (but "had not called him a suspect
        # until Thursday" is all in the past).
        return Direction.LATER
    if (
        found is Direction.PAST
        and verb is not None
        and not through_noun
        and verb.lemma_.lower() in SCHEDULING_VERBS
        and any(c.dep_ == "dobj" and c.pos_ == "NOUN" for c in verb.children)
    ):
        # "Protesters planned a large demonstration on Saturday": the date is the planned
        # thing's, after the planning.
        return Direction.LATER
    return found


_QUOTE_MARKS = re.compile(r"``|''|[\"“”«»„]")


def _across_quote(span: Span, verb: Token) -> bool:
    """True when a quotation opens or closes between the date and its verb."""
    doc = span.doc
    low, high = sorted((span.start, verb.i))
    between = doc[low:high].text if high > low else ""
    return len(_QUOTE_MARKS.findall(between)) % 2 == 1


def clause_tense(path: list[Token]) -> tuple[Direction, Token | None]:
    """The direction of the first verb on ``path`` that tells one, and that verb."""
    for token in path:
        if token.pos_ in VERBAL and (step := _verb_direction(token)) is not None:
            return step, token
    return Direction.UNKNOWN, None


def _present_perfect(verb: Token) -> bool:
    auxiliaries = _auxiliaries(verb)
    return bool(auxiliaries) and auxiliaries[0].lemma_ == "have" and auxiliaries[0].tag_ in _PRESENT


def _past_perfect(verb: Token | None) -> bool:
    return verb is not None and any(
        a.lemma_ == "have" and a.tag_ == "VBD" for a in _auxiliaries(verb)
    )
