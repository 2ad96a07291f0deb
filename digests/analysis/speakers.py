"""Who a speech verb's subject names: a person, an organisation the text makes the speaker, or
nobody. Never a common noun or a pronoun: "he" and "the spokeswoman" go to the person they
stand for, "officials" and "a witness" stay unnamed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from digests.analysis.coref import MentionIndex
from digests.analysis.lexicon import STATEMENT_NOUNS
from digests.analysis.roles import role_head

__all__ = ["NOBODY", "Speaker", "SpeakerResolver"]

# Entity labels that can name a speaking organisation ("Amnesty said", "Iran denounced"), and
# those that never name a speaker (a nationality, "the Russian", is resolved or nobody).
_ORG_LABELS = frozenset({"ORG", "GPE", "PERSON", "FAC"})
_NOT_SPEAKERS = frozenset(
    {"NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "LAW"}
)
_SOURCE_PREPOSITIONS = frozenset({"from", "of", "by"})
_INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "many", "two", "three"})


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str | None
    is_person: bool


NOBODY = Speaker(None, False)


def _strip_article(text: str) -> str:
    text = re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(r"['’]s?$", "", text).strip(" ,")


class SpeakerResolver:
    """Resolves subject tokens of one document; its indexes are built once per document."""

    def __init__(self, doc: Doc, index: MentionIndex, *, quoted: frozenset[int]) -> None:
        self.doc = doc
        self.index = index
        # Start tokens of mentions inside quote marks: not antecedents of an attribution.
        self.quoted = quoted
        self._ent_of: dict[int, Span] = {}
        self.org_described: dict[str, list[tuple[int, str]]] = {}
        self._orgs: list[Span] = []
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self._ent_of[i] = ent
            if ent.label_ in _ORG_LABELS and ent.start not in index.by_token:
                self._orgs.append(ent)
                head = role_head(ent)
                if head:
                    name = _strip_article(ent.text)
                    self.org_described.setdefault(head, []).append((ent.start, name))
        self._org_ends = [e.end for e in self._orgs]
        # Statements in text order with the token naming their author, where the text says.
        self._statements: list[tuple[int, str, Token]] = []
        for token in doc:
            if token.pos_ == "NOUN" and token.lemma_.lower() in STATEMENT_NOUNS:
                owner = _owner(token)
                if owner is not None:
                    self._statements.append((token.i, token.lemma_.lower(), owner))

    def resolve(self, token: Token) -> Speaker:
        """The speaker a subject token names."""
        if token.i in self.index.by_token:
            return Speaker(self.index.by_token[token.i], True)
        if token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl":
            return self.resolve(token.head.head)  # "Sandusky, who has maintained ..."
        if token.pos_ == "PRON":
            if token.lower_ == "it":
                return self._organisation_before(token)
            name = self.index.pronoun(token, skip=self.quoted)
            return Speaker(name, True) if name else NOBODY
        if token.pos_ == "PROPN":
            return self._proper(token)
        if token.pos_ == "NOUN":
            return self._nominal(token)
        return NOBODY

    def _proper(self, token: Token) -> Speaker:
        for child in token.children:
            if child.dep_ == "appos" and child.i in self.index.by_token:
                return Speaker(self.index.by_token[child.i], True)
        ent = self._ent_of.get(token.i)
        if ent is not None:
            for i in range(ent.start, ent.end):
                if i in self.index.by_token:
                    return Speaker(self.index.by_token[i], True)
            if ent.label_ not in _NOT_SPEAKERS:
                return Speaker(_strip_article(ent.text) or None, False)
            return NOBODY
        words = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
        start = words[0].i if words else token.i
        return Speaker(_strip_article(self.doc[start : token.i + 1].text) or None, False)

    def _nominal(self, token: Token) -> Speaker:
        children = list(token.children)
        if any(c.lower_ in _INDEFINITE for c in children if c.dep_ in ("det", "nummod")):
            return NOBODY  # "a witness", "one poster": unnamed
        for child in children:
            if child.dep_ == "appos" and child.pos_ in ("PROPN", "PRON"):
                return self.resolve(child)
        lemma = token.lemma_.lower()
        if lemma in STATEMENT_NOUNS:
            # "Hollande's statement said", "a statement from Apple": the statement's author;
            # "the statement said": the author of the statement the text spoke of before.
            owner = _owner(token)
            if owner is not None:
                return self.resolve(owner)
            if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in children):
                return NOBODY
            earlier = [o for i, w, o in self._statements if i < token.i and w == lemma]
            return self.resolve(earlier[-1]) if earlier else NOBODY
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in children):
            return NOBODY  # "officials said", "police said": plural or bare, nobody named
        name = self.index.nominal(token)
        if name:
            return Speaker(name, True)
        holders = [(i, n) for i, n in self.org_described.get(lemma, []) if i < token.i]
        return Speaker(holders[-1][1], False) if holders else NOBODY

    def _organisation_before(self, token: Token) -> Speaker:
        """What "it said" stands for: the organisation named last, in this sentence or the last."""
        i = bisect_left(self._org_ends, token.i + 1) - 1
        sentence = self.index.sentence_number(token)
        while i >= 0:
            ent = self._orgs[i]
            i -= 1
            if ent.start in self.quoted:
                continue
            if sentence - self.index.sentence_number(ent[0]) > 1:
                break
            if ent.label_ in ("ORG", "PERSON"):
                return Speaker(_strip_article(ent.text) or None, False)
        return NOBODY


def _owner(statement: Token) -> Token | None:
    """The token naming who made a statement: "Hollande's statement", "a letter from X",
    "X said in a statement"."""
    for child in statement.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in _SOURCE_PREPOSITIONS:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in ("PROPN", "PRON"):
                return obj
    if statement.dep_ in ("pobj", "dobj"):
        verb = statement.head.head if statement.dep_ == "pobj" else statement.head
        if verb.pos_ in ("VERB", "AUX"):
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.pos_ in ("PROPN", "PRON"):
                return subject
    return None
