"""Where the text names someone: candidate name mentions, with what each says of the name.

Entities the model labels as people, names it labels otherwise but a title stands before
("Sheriff Newell Normand"), and names it missed after a title; never in credit sentences, never
handles, photo credits ("Ethan Miller/AP"), lone titles or places glued in front of a name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from digests.analysis import docindex
from digests.analysis.lexicon.grammar import SUBJECT_DEPS
from digests.analysis.lexicon.people import NAME_PARTICLES, TITLE_ABBREVIATIONS, is_person_noun
from digests.analysis.lexicon.speech import SPEAKING_VERBS
from digests.analysis.lexicon.things import ORG_NOUNS, THING_HEADS
from digests.analysis.matchers import according_to
from digests.analysis.names import normalize_name
from digests.analysis.roles import describe, in_title_entity, role_head

__all__ = [
    "NAME_LABELS",
    "NameMention",
    "candidate_mentions",
    "honorific_before",
    "name_mention",
    "trim_name",
]

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})


@dataclass(slots=True)
class NameMention:
    """One mention of a name and what the text says of it there."""

    span: Span
    text: str
    key: str
    in_body: bool
    role: str | None
    head: str | None
    speaks: bool
    titled: bool


def _is_name_word(token: Token) -> bool:
    return token.text[:1].isupper() or token.lower_ in NAME_PARTICLES


def honorific_before(span: Span) -> str | None:
    """The honorific or title word right before a name ("Mr.", "President"), if any."""
    i = span.start - 1
    if i >= 0 and span.doc[i].is_punct and span.doc[i].text == ".":
        i -= 1
    if i < 0 or span.doc[i].pos_ not in ("NOUN", "PROPN"):
        return None
    word = span.doc[i].lower_.rstrip(".")
    return word if is_person_noun(word) else None


def _speaks(span: Span) -> bool:
    """The name is the subject of a verb of saying, or the source of "according to"."""
    sources = according_to(span.doc)
    return any(
        (t.dep_ in SUBJECT_DEPS and t.head.lemma_.lower() in SPEAKING_VERBS)
        or any(t.i in found for found in sources.values())
        for t in span
    )


def _org_noun_before(span: Span) -> bool:
    i = span.start - 1
    return i >= 0 and span.doc[i].is_lower and span.doc[i].lemma_.lower() in ORG_NOUNS


def trim_name(span: Span) -> Span:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].pos_ != "PROPN"
        or doc[start].is_punct
        or (end - start > 2 and is_person_noun(doc[start].lower_))
    ):
        start += 1  # "the", "Sheriff" in "Sheriff Newell Normand": a title, not the name
    while end > start and (doc[end - 1].is_punct or doc[end - 1].text in ("'s", "’s")):
        end -= 1
    return doc[start:end]


def name_mention(
    span: Span, body_sentences: set[int], places: Counter[str] | None = None
) -> NameMention:
    role = describe(span)
    if role and places and places[normalize_name(role)]:
        role = None  # "South Africa Cyril Ramaphosa": a place, not a role
    return NameMention(
        span=span,
        text=span.text,
        key=normalize_name(span.text),
        in_body=span.sent.start in body_sentences,
        role=role,
        head=role_head(span),
        speaks=_speaks(span),
        titled=honorific_before(span) is not None,
    )


def _person_by_title(span: Span) -> bool:
    """A name the model gave another label counts when a person's title stands right before it."""
    if len(span) < 2 or len(span) > 4 or not all(t.pos_ == "PROPN" for t in span):
        return False
    return honorific_before(span) is not None


def _without_place(span: Span, place_keys: Counter[str]) -> Span:
    """ "South Africa Cyril Ramaphosa" -> "Cyril Ramaphosa": a place the model glued in front
    of a name (a place the text names as such elsewhere), not part of it."""
    for size in (2, 1):
        if len(span) > size + 1 and place_keys[normalize_name(span[:size].text)]:
            return span.doc[span.start + size : span.end]
    return span


def candidate_mentions(
    doc: Doc, body_sentences: set[int], credits: frozenset[int], place_keys: Counter[str]
) -> list[NameMention]:
    found: list[NameMention] = []
    for ent in docindex.entities(doc):
        if ent.label_ not in NAME_LABELS:
            continue
        span = trim_name(ent)
        if ent.label_ == "PERSON":
            span = _without_place(span, place_keys)
        if not span or not span.text.strip() or span.sent.start in credits:
            continue
        if ent.label_ != "PERSON" and not _person_by_title(span):
            continue
        if span.text.isupper() and len(span.text) > 3:
            continue  # credits and bylines are set in capitals; running text is not
        if any(t.like_num or t.is_digit for t in span) or _org_noun_before(span):
            continue
        if not all(_is_name_word(t) for t in span if t.is_alpha):
            continue
        if any(t.like_email or t.like_url or t.text in ("/", "@") or "@" in t.text for t in span):
            continue  # "Twitter @handle", "Name / Reuters": a credit, not a name
        if (span.end < len(doc) and doc[span.end].text == "/") or (
            span.start > 0 and doc[span.start - 1].text == "/"
        ):
            continue  # "Ethan Miller/AP", "Photo: X / Outlet": a photo credit
        if all(is_person_noun(t.lower_.rstrip(".")) for t in span if t.is_alpha):
            continue  # "Col" of "Col. Rob Manning": a title alone
        after = doc[span.end] if span.end < len(doc) else None
        if (
            in_title_entity(span[-1])
            and after is not None
            and after.ent_iob_ == "B"
            and after.ent_type_ == "PERSON"
        ):
            continue  # "Clark County Sheriff" right before "Ann Lee": her role, not a name
        if span[-1].lower_.rstrip(".") in TITLE_ABBREVIATIONS:
            continue  # "<Police> Cmdr": a title cut off from the name after it
        found.append(name_mention(span, body_sentences, place_keys))
    found.extend(_titled_names(doc, body_sentences, credits))
    return found


def _titled_names(doc: Doc, body_sentences: set[int], credits: frozenset[int]) -> list[NameMention]:
    """ "Sheriff Newell Normand" where the model saw no name: a title and two or three
    capitalised proper nouns after it."""
    found: list[NameMention] = []
    pos = docindex.pos_tags(doc)
    i = 0
    while i < len(doc) - 2:
        # The parts of speech come from one array: a Token object only where a title may stand.
        if pos[i + 1] != "PROPN" or pos[i] not in ("NOUN", "PROPN"):
            i += 1
            continue
        token = doc[i]
        if not is_person_noun(token.lower_.rstrip(".")):
            i += 1
            continue
        end = i + 1
        while end < len(doc) and end - i <= 3 and pos[end] == "PROPN" and doc[end].is_title:
            end += 1
        span = doc[i + 1 : end]
        if (
            2 <= len(span) <= 3
            and not any(t.ent_type_ == "PERSON" for t in span)
            and not any(t.is_stop or is_person_noun(t.lower_) for t in span)
            and span[-1].lower_ not in THING_HEADS
            and span.sent.start not in credits
            and span.sent == token.sent
            and (end == len(doc) or pos[end] != "PROPN")
        ):
            found.append(name_mention(span, body_sentences))
        i = end
    return found
