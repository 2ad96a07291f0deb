"""A person's role from the words around their name: pre-modifiers and appositions.

"Chief Palestinian negotiator Saeb Erekat", "Gabriel Toure, director of a local hospital",
"his wife, Leila": the description is kept without its clauses ("born and raised in ..."),
dates and stray words before a capitalised title ("procedure Vice President" -> "Vice
President"); its head noun ("negotiator", "director", "wife") tells what the name is.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from digests.analysis.lexicon.grammar import PLACE_LABELS
from digests.analysis.lexicon.people import HONORIFICS, is_person_noun
from digests.analysis.lexicon.things import ORG_NOUNS

__all__ = ["describe", "in_title_entity", "role_head"]

_CONNECTORS = frozenset({"of", "to", "for", "the", "and", "on"})
_KEPT_PREPOSITIONS = frozenset({"of", "for", "at"})
_MAX_ROLE_TOKENS = 12
# What "5-year-old Omar" says of Omar: a person described by age.
AGE_HEAD = "person"


def _is_title_word(token: Token) -> bool:
    return token.pos_ in ("PROPN", "NOUN", "ADJ") and (token.is_title or token.is_upper)


def in_title_entity(token: Token) -> bool:
    """Whether ``token`` lies in a PERSON entity that ends in a title ("Clark County Sheriff"
    before "Ann Lee"): the model took the role for a name."""
    if token.ent_type_ != "PERSON":
        return False
    doc, end = token.doc, token.i
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I":
        end += 1
    return is_person_noun(doc[end].lower_.rstrip("."))


def _role_word(token: Token) -> bool:
    return (
        token.pos_ in ("PROPN", "NOUN", "ADJ")
        and token.is_alpha
        and (token.ent_type_ != "PERSON" or in_title_entity(token))
        and (token.is_title or token.is_upper or token.is_lower)
    )


def _left_tokens(span: Span) -> list[Token]:
    doc, sent = span.doc, span.sent
    i = span.start - 1
    first: int | None = None
    while i >= sent.start:
        token = doc[i]
        if token.text in ("'s", "’s") and i - 1 >= sent.start and _is_title_word(doc[i - 1]):
            first, i = i, i - 1
            continue
        if _role_word(token):
            first, i = i, i - 1
            continue
        if (
            token.text == "-"
            and first is not None
            and i - 1 >= sent.start
            and not doc[i - 1].whitespace_
            and not token.whitespace_
        ):
            first, i = i, i - 1  # "daughter-in-law", "editor-in-chief"
            continue
        if token.lower_ in _CONNECTORS and first is not None:
            j = i - 1
            while j >= sent.start and doc[j].lower_ in _CONNECTORS:
                j -= 1
            if j >= sent.start and _is_title_word(doc[j]):
                i = j
                first = j + 1
                continue
        break
    if first is None:
        return []
    tokens = list(doc[first : span.start])
    while tokens and (tokens[0].lower_ in _CONNECTORS or tokens[0].pos_ == "DET"):
        tokens.pop(0)
    # A stray lowercase word before a capitalised title belongs to the sentence, not the role.
    capitals = [k for k, t in enumerate(tokens) if t.is_title or t.is_upper]
    if capitals and any(t.is_lower for t in tokens[: capitals[0]]):
        tokens = tokens[capitals[0] :]
    return tokens


def _left_role(span: Span) -> str | None:
    tokens = _left_tokens(span)
    # "Mr Trump", "Dr. Fang": a courtesy title is how the name is addressed, not a role.
    while tokens and tokens[-1].lower_.rstrip(".") in HONORIFICS:
        tokens.pop()
    # "South Africa Cyril Ramaphosa": a place alone is not a role ("US Secretary of State",
    # "Ukraine's Ambassador" keep theirs)
    if tokens and all(t.ent_type_ in PLACE_LABELS or t.is_punct for t in tokens):
        return None
    if not any(
        t.pos_ in ("NOUN", "PROPN") and (not t.ent_type_ or in_title_entity(t)) for t in tokens
    ):
        return None
    doc = span.doc
    return doc[tokens[0].i : tokens[-1].i + 1].text if tokens else None


def _appositive_tokens(span: Span) -> list[Token]:
    root, doc = span.root, span.doc
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < span.start:
        head = root.head
        return [t for t in doc[head.left_edge.i : head.i + 1] if not t.is_punct]
    child = next((c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"), None)
    if child is None:
        return []
    drop: set[int] = set()
    for c in child.children:
        if c.i > child.i and (
            c.dep_ in ("relcl", "acl", "cc", "conj", "advcl")
            or (c.dep_ == "prep" and c.lower_ not in _KEPT_PREPOSITIONS)
        ):
            drop.update(t.i for t in c.subtree)
    tokens = [t for t in child.subtree if t.i not in drop]
    if any(t.tag_ in ("WP$", "WDT", "WP") for t in tokens):
        return []  # "X, whose dance company, ...": a relative clause, not a description of X
    return tokens


def _appositive_role(span: Span) -> str | None:
    tokens = _appositive_tokens(span)
    while tokens and (tokens[0].pos_ in ("DET", "PRON") or tokens[0].is_punct):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].pos_ in ("ADP", "CCONJ", "DET")):
        tokens.pop()
    if not tokens or len(tokens) > _MAX_ROLE_TOKENS:
        return None
    return span.doc[tokens[0].i : tokens[-1].i + 1].text


def describe(span: Span) -> str | None:
    """The role the text gives the name at ``span`` (pre-modifier first, then apposition)."""
    role = _left_role(span) or _appositive_role(span)
    if role and role.split()[-1].lower() in ORG_NOUNS and span.root.dep_ != "appos":
        return None  # "union Solidarity": the name of an organisation, not a person's role
    return role


def role_head(span: Span) -> str | None:
    """The head noun (lemma) of the description of the name at ``span``, if any."""
    doc = span.doc
    if span.start >= 1 and doc[span.start - 1].lower_.endswith("old"):
        word = doc[span.start - 1].lower_
        if "year" in word or (span.start >= 3 and doc[span.start - 2].text == "-"):
            return AGE_HEAD  # "5-year-old Omar"
    left = _left_tokens(span)
    nouns = [
        t for t in left if t.pos_ in ("NOUN", "PROPN") and (not t.ent_type_ or in_title_entity(t))
    ]
    if nouns and nouns[-1].i == span.start - 1:
        return nouns[-1].lemma_.lower()
    apposition = _appositive_tokens(span)
    if apposition:
        heads = [t for t in apposition if t.head.i not in {a.i for a in apposition}]
        if heads and heads[0].pos_ in ("NOUN", "PROPN"):
            return heads[0].lemma_.lower()
    if nouns:
        return nouns[-1].lemma_.lower()
    return None
