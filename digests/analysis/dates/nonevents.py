"""Dates that date no event, told by their form.

A number inside a name or address ("at 1820 Harbor Road", "a 1987 <make> <model>"), a count
("2000 people"), a copyright line, a weekday inside a title ("<Network> News Sunday"), a
recurrence ("every Sunday", "Sunday service"), a generic "today's" (a present-tense statement
about "today's cities"), a photo's date in a caption (a credit "(AP Photo/...)", "file photo",
or a present-tense line of its own: "A boy holds his sister's hand Friday."), a date stamp line,
and "a year ago" as the baseline of a comparison.
"""

from __future__ import annotations

from enum import StrEnum

from spacy.tokens import Span, Token

from digests.analysis.dates.calendar import Direction
from digests.analysis.dates.direction import (
    clause_tense,
    outside_head,
    path_to_root,
)
from digests.analysis.dates.patterns import names_holiday
from digests.analysis.lexicon.calendar import PARTS_OF_DAY, WEEKDAYS
from digests.analysis.lexicon.grammar import SUBJECT_DEPS, VERBAL
from digests.analysis.lexicon.page import PICTURE_NOUNS
from digests.analysis.lexicon.tense import RECURRENCE_DETERMINERS
from digests.analysis.page_forms import COPYRIGHT, PAREN_PICTURE

__all__ = ["NonEvent", "non_event"]


_NAME_LABELS = frozenset({"ORG", "WORK_OF_ART", "FAC", "PRODUCT", "EVENT"})


# A verbless line with at most this many words besides its date is a stamp, not a sentence.
_STAMP_WORDS = 2


class NonEvent(StrEnum):
    """Why a date expression dates no event (the reasons, as short names)."""

    NAME = "name or address"
    COUNT = "count"
    CREDIT = "copyright or credit"
    TITLE = "title"
    RECURRENCE = "recurrence"
    GENERIC = "generic today"
    CAPTION = "caption"
    STAMP = "date stamp"
    COMPARISON = "comparison baseline"


def _comparison(span: Span, path: list[Token]) -> bool:
    """ "Up from 14% a year ago", "than a year earlier": the same period before, not an event."""
    for token in path:
        lemma = token.lemma_.lower()
        if lemma in ("than", "compare"):
            return True
        if lemma == "from" and any(
            not span.start <= c.i < span.end
            and (c.like_num or any(g.like_num or g.tag_ == "$" for g in c.children))
            for c in token.children
            if c.dep_ == "pobj"
        ):
            return True
        if token.pos_ in VERBAL:
            return False
    return False


def _year_number(span: Span) -> Token | None:
    for token in span:
        if token.like_num and token.shape_ == "dddd":
            return token
    return None


def _is_weekday(token: Token) -> bool:
    return token.lower_.rstrip(".") in WEEKDAYS or token.lower_.rstrip("s") in WEEKDAYS


def _preceding_entity(span: Span) -> Span | None:
    """The name entity ending right before ``span``, if any."""
    doc = span.doc
    end = span.start
    if end == 0 or doc[end - 1].ent_type_ not in _NAME_LABELS:
        return None
    start = end - 1
    while start > 0 and doc[start].ent_iob_ != "B":
        start -= 1
    return doc[start:end]


def non_event(
    span: Span, direction: Direction, text: str, *, sent: Span | None = None
) -> str | None:
    """Why ``span`` dates no event (a :class:`NonEvent` reason), or None when it may date one.

    ``text`` is the document's text (``doc.text``, read once by the caller), ``sent`` the
    span's sentence when the caller has it.
    """
    doc = span.doc
    sent = span.sent if sent is None else sent
    head = outside_head(span)
    year = _year_number(span)
    if year is not None and len(span) == 1:
        # "1820 Harbor Road", "a 1987 <make> <model>": a number inside a proper name.
        if year.dep_ in ("nummod", "compound") and year.head.i > year.i:
            owner = year.head
            dated_name = owner.ent_type_ in ("EVENT", "LAW") or any(
                c.dep_ == "det" and c.lower_ == "the" for c in owner.children
            )
            if owner.tag_ in ("NNP", "NNPS") and not dated_name:
                return NonEvent.NAME
            if year.head.tag_ == "NNS" and not any(
                c.dep_ in ("det", "poss") for c in year.head.children
            ):
                return NonEvent.COUNT  # "2000 people"
        if year.i > 0 and doc[year.i - 1].text in ("$", "#", "No.", "no."):
            return NonEvent.COUNT
        if year.i + 1 < len(doc) and doc[year.i + 1].lower_ in ("%", "percent", "per"):
            return NonEvent.COUNT
    if span.label_ == "EVENT" or names_holiday(span.text):
        root = span.root
        if (
            root.dep_ in ("compound", "nmod", "amod")
            and root.head.i >= span.end
            and root.head.pos_ == "NOUN"
        ):
            return NonEvent.RECURRENCE  # "Christmas sales": the season, not the day
    sentence = text[sent.start_char : sent.end_char]
    before = [t.lower_ for t in doc[sent.start : span.start]]
    if COPYRIGHT.search(sentence) or "copyright" in before:
        return NonEvent.CREDIT
    if not any(t.pos_ in VERBAL for t in sent):
        others = sum(t.is_alpha and not span.start <= t.i < span.end for t in sent)
        at_edge = sent.start == 0 or sent.end == len(doc)
        stamp = (others == 0 and at_edge) or (others <= _STAMP_WORDS and _own_line(sent, text))
    else:
        stamp = False
    if stamp:
        # A line "September 5, 2014" or "[UPDATE August 23, 2016]": a stamp, not a sentence.
        return NonEvent.STAMP
    if _dates_a_picture(span) or _credited(sent, sentence):
        # "This Nov. 16, 2015 file photo ...", "... in Washington, Thursday, Feb. 16, 2017.
        # (AP Photo/...)": the date of a picture, told in a caption.
        return NonEvent.CAPTION
    if any(t.lower_ in RECURRENCE_DETERMINERS for t in span) or (
        span.start > 0 and doc[span.start - 1].lower_ in RECURRENCE_DETERMINERS
    ):
        return NonEvent.RECURRENCE
    offset = any(t.lower_ in ("ago", "earlier") for t in span)
    if offset and _comparison(span, path_to_root(span)):
        return NonEvent.COMPARISON
    weekdays = [t for t in span if _is_weekday(t)]
    if weekdays:
        day = weekdays[0]
        if day.lower_.endswith("s") and day.lower_.rstrip("s") in WEEKDAYS:
            return NonEvent.RECURRENCE  # "on Sundays"
        if day.head.lower_.rstrip("s") in PARTS_OF_DAY and day.head.tag_ == "NNS":
            return NonEvent.RECURRENCE  # "on Monday and Tuesday nights"
        owner = day.head
        if day.dep_ == "compound" and owner.i > span.end - 1 and owner.i > day.i:
            has_owner = any(
                c.dep_ in ("poss", "det") and c.lower_ not in ("a", "an") for c in owner.children
            )
            tense, _ = clause_tense(path_to_root(span))  # the clause's own, whatever the date's
            if owner.tag_ in ("NNP", "NNPS") and not any(c.dep_ == "poss" for c in owner.children):
                return NonEvent.TITLE  # "The Sunday Times"
            if not has_owner and tense is Direction.PRESENT:
                return NonEvent.RECURRENCE  # "attends Sunday service"
        if any(
            c.dep_ == "compound" and c.tag_ in ("NNP", "NNPS") and c.i < day.i for c in day.children
        ):
            return NonEvent.TITLE  # "<Network> News Sunday" parsed as one name
        named = _preceding_entity(span)
        if (
            named is not None
            and named.root.dep_ == "pobj"
            and not any(t.dep_ == "det" for t in named)
            and (named.start == 0 or span.doc[named.start - 1].dep_ != "det")
        ):
            return NonEvent.TITLE  # "appeared on <Network> News Sunday"
        if direction is Direction.PRESENT and _is_caption(sent, head, text):
            return NonEvent.CAPTION
    if span.root.lower_ == "today" and span.root.dep_ == "poss":
        tense, _ = clause_tense(path_to_root(span))
        if tense in (Direction.PRESENT, Direction.UNKNOWN):
            return NonEvent.GENERIC  # "life in today's cities"
    return None


def _credited(sent: Span, sentence: str) -> bool:
    """A caption's sentence: a photo credit in it or right after it ("(AP Photo/...)")."""
    if "(" in sentence and PAREN_PICTURE.search(sentence):
        return True
    doc = sent.doc
    return sent.end < len(doc) and bool(PAREN_PICTURE.match(doc[sent.end : sent.end + 40].text))


def _dates_a_picture(span: Span) -> bool:
    """The date of a photo or video: "This Nov. 16, 2015 file photo", "a photo taken Friday"."""
    doc = span.doc
    if any(t.lower_ in PICTURE_NOUNS for t in doc[span.end : span.end + 2]):
        return True
    token = outside_head(span)
    for _ in range(3):
        if token.lower_ in PICTURE_NOUNS:
            return True
        if token.pos_ in VERBAL and token.lemma_ != "take":
            return False
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _line_of(sent: Span, text: str) -> str:
    """The line (paragraph) of ``text`` that holds the sentence."""
    before = text.rfind("\n", 0, sent.start_char)
    after = text.find("\n", max(sent.end_char - 1, sent.start_char))
    return text[before + 1 : after if after >= 0 else len(text)]


def _own_line(sent: Span, text: str) -> bool:
    """True when the sentence is the whole of its line (a paragraph of its own)."""
    return _line_of(sent, text).strip() == text[sent.start_char : sent.end_char].strip()


def _is_caption(sent: Span, head: Token, text: str) -> bool:
    """A photo caption: a line of its own whose main verb is in the simple present."""
    root = sent.root
    if head.i != root.i or root.tag_ not in ("VBZ", "VBP") or root.lemma_ == "be":
        return False
    if any(c.dep_ in ("aux", "auxpass") for c in root.children):
        return False
    if not _own_line(sent, text):
        return False
    subject = [c for c in root.children if c.dep_ in SUBJECT_DEPS]
    return bool(subject) and (
        any(c.lower_ in ("a", "an") for c in subject[0].children if c.dep_ == "det")
        or (subject[0].tag_ == "NNS" and not any(c.dep_ == "det" for c in subject[0].children))
    )
