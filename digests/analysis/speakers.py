"""Who a speech verb's subject names: a person, an organisation the text makes the speaker, or
nobody. Never a common noun or a pronoun: "he" and "the spokeswoman" go to the person they
stand for, "officials" and "a witness" stay unnamed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from digests.analysis import docindex
from digests.analysis.coref import MentionIndex
from digests.analysis.lexicon.grammar import NOT_SPEAKER_LABELS, RELATIVE_TAGS, SUBJECT_DEPS
from digests.analysis.lexicon.people import is_person_noun
from digests.analysis.lexicon.speech import REPORT_VERBS, STATEMENT_NOUNS
from digests.analysis.lexicon.things import GROUP_NOUNS, ORG_NOUNS
from digests.analysis.matchers import placed_organisations, staff_of
from digests.analysis.reported import statement_owner
from digests.analysis.roles import role_head

__all__ = ["NOBODY", "Speaker", "SpeakerResolver"]

# Entity labels that can name a speaking organisation ("Amnesty said", "Iran denounced").
_ORG_LABELS = frozenset({"ORG", "GPE", "PERSON", "FAC"})
# Links inside a noun phrase that lead to the name it is about.
_NAME_LINKS = frozenset({"appos", "compound", "conj", "nmod"})
_DEFINITE = frozenset({"the", "this", "that"})
_INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "many", "two", "three"})


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str | None
    is_person: bool


NOBODY = Speaker(None, False)


def _strip_article(text: str) -> str:
    text = text.rsplit(")", 1)[-1]  # "(CNN)A group": the dateline glued to the first word
    text = re.sub(r"^(the|a|an)(\s+|$)", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(r"['’]s?$", "", text).strip(" ,")


def _definite(token: Token) -> bool:
    """ "the statement", "this group", "the sheriff's office": one the reader knows of (a
    possessive common noun passes its article on to the noun it owns)."""
    for child in token.children:
        if child.dep_ == "det" and child.lower_ in _DEFINITE:
            return True
        if child.dep_ == "poss" and child.pos_ == "NOUN" and _definite(child):
            return True
    return False


class SpeakerResolver:
    """Resolves subject tokens of one document; its indexes are built once per document."""

    def __init__(
        self, doc: Doc, index: MentionIndex, *, quoted: frozenset[int], marked: frozenset[int]
    ) -> None:
        self.doc = doc
        self.index = index
        # Start tokens of mentions inside quote marks: not antecedents of an attribution.
        self.quoted = quoted
        # Every token inside quote marks.
        self.marked = marked
        self._ent_of: dict[int, Span] = {}
        self.org_described: dict[str, list[tuple[int, str]]] = {}
        self._orgs: list[Span] = []
        for ent in docindex.entities(doc):
            for i in range(ent.start, ent.end):
                self._ent_of[i] = ent
            if ent.label_ in _ORG_LABELS and ent.start not in index.by_token:
                self._orgs.append(ent)
                head = role_head(ent)
                if head:
                    name = _strip_article(ent.text)
                    self.org_described.setdefault(head, []).append((ent.start, name))
        self._org_ends = [e.end for e in self._orgs]
        # "the Danish foreign ministry": head token -> (lemma, name), in text order; not where
        # the "place" is a person the model took for one ("Smith's party"), nor "a ... group"
        # (a description of a party the text names otherwise, no name for it).
        self._placed = {
            i: (doc[i].lemma_.lower(), self._phrase(doc[i]))
            for i, places in placed_organisations(doc).items()
            if not any(p in index.by_token for p in places)
            and not any(c.dep_ == "det" and c.lower_ in _INDEFINITE for c in doc[i].children)
        }
        self._statement_list: list[tuple[int, str, Token]] | None = None

    @property
    def _statements(self) -> list[tuple[int, str, Token]]:
        """Statements in text order with the token naming their author, where the text says
        (built once, the first time a statement is a subject)."""
        if self._statement_list is None:
            self._statement_list = []
            for token in self.doc:
                if token.pos_ == "NOUN" and token.lemma_.lower() in STATEMENT_NOUNS:
                    owner = statement_owner(token)
                    if owner is not None:
                        self._statement_list.append((token.i, token.lemma_.lower(), owner))
        return self._statement_list

    def resolve(self, token: Token) -> Speaker:
        """The speaker a subject token names."""
        found = self._resolve(token)
        if found.name and not found.is_person:
            return Speaker(self._full_org_name(found.name, token.i), False)
        return found

    def _full_org_name(self, name: str, before: int) -> str:
        """ "Amnesty" -> "Amnesty International", "GPC" -> "General People's Congress": the
        fuller name of an organisation the text gave before (or else after: "according to WHO
        (that's the World Health Organization)"). An acronym is a whole name: only its spelled
        out form is fuller ("BBC" is not "BBC Radio")."""
        words = name.split()
        acronym = len(words) == 1 and name.isupper() and len(name) >= 2
        for ent in sorted(self._orgs, key=lambda e: (e.start >= before, e.start)):
            full = _strip_article(ent.text)
            parts = full.split()
            if len(parts) <= len(words):
                continue
            initials = "".join(p[0] for p in parts if p[:1].isupper())
            if (acronym and initials == name) or (not acronym and parts[: len(words)] == words):
                return full
        return name

    def _resolve(self, token: Token) -> Speaker:
        if token.i in self.index.by_token:
            return Speaker(self.index.by_token[token.i], True)
        if token.tag_ in RELATIVE_TAGS and token.head.dep_ == "relcl":
            return self.resolve(token.head.head)  # "Sandusky, who has maintained ..."
        if token.pos_ == "PRON":
            if token.lower_ == "it":
                return self._organisation_before(token)
            if token.lower_ == "they":
                return self._organisation_speaking(token)
            name = self.index.pronoun(token, skip=self.marked)
            return Speaker(name, True) if name else NOBODY
        if token.pos_ == "PROPN" or (token.ent_type_ and token.ent_type_ not in NOT_SPEAKER_LABELS):
            return self._proper(token)  # also names the model tagged as nouns ("ISIS")
        if token.pos_ == "NOUN":
            return self._nominal(token)
        return NOBODY

    def _proper(self, token: Token) -> Speaker:
        person = self._person_within(token)
        if person is not None:
            return Speaker(person, True)
        ent = self._ent_of.get(token.i)
        if ent is not None:
            for i in range(ent.start, ent.end):
                if i in self.index.by_token:
                    return Speaker(self.index.by_token[i], True)
            if ent.label_ not in NOT_SPEAKER_LABELS:
                return Speaker(_strip_article(ent.text) or None, False)
            if ent.label_ == "NORP" and _definite(token) and token.dep_ in SUBJECT_DEPS:
                # '"...," the Ohio Democrat added': a person described, the last who spoke
                name = self.index.speaker_before(token, skip=self.marked)
                return Speaker(name, True) if name else NOBODY
            return NOBODY
        words = [t for t in token.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
        start = words[0].i if words else token.i
        return Speaker(_strip_article(self.doc[start : token.i + 1].text) or None, False)

    def _person_within(self, token: Token) -> str | None:
        """The one person named inside a subject ("Coral Gables, Florida (CNN)Former President
        Bill Clinton", "tennis champion and broadcaster Pam Shriver")."""
        names: set[str] = set()
        stack = [c for c in token.children if c.dep_ in _NAME_LINKS]
        while stack:
            current = stack.pop()
            if current.i in self.index.by_token:
                names.add(self.index.by_token[current.i])
            stack.extend(c for c in current.children if c.dep_ in _NAME_LINKS)
        return names.pop() if len(names) == 1 else None

    def _phrase(self, token: Token) -> str:
        """The noun phrase headed by ``token`` up to it, without its article."""
        return _strip_article(self.doc[token.left_edge.i : token.i + 1].text)

    def _placed_before(self, token: Token) -> Speaker | None:
        """ "the ministry": the organisation last named by that noun with its nationality or
        place ("the Danish foreign ministry")."""
        lemma = token.lemma_.lower()
        if any(c.dep_ in ("amod", "compound") for c in token.children):
            return None  # "the Bangladeshi government" the model did not tag: not the one before
        named = [name for i, (w, name) in self._placed.items() if i < token.i and w == lemma]
        return Speaker(named[-1], False) if named else None

    def _named_as(self, token: Token) -> Speaker | None:
        """ "Norway's election commission" after "the National Electoral Commission", "the
        sheriff's office" after "the Pine County Sheriff's Office": the organisation named last
        (anywhere before) under a name ending in the same noun."""
        lemma = token.lemma_.lower()
        for ent in reversed(self._orgs[: bisect_left(self._org_ends, token.i + 1)]):
            # any label: the model takes "the X County Sheriff's Office" for a building (FAC)
            if ent.start not in self.marked and ent[-1].lemma_.lower() == lemma:
                return Speaker(_strip_article(ent.text), False)
        return None

    def _nominal(self, token: Token) -> Speaker:
        person = self._person_within(token)
        if person is not None:
            return Speaker(person, True)
        children = list(token.children)
        for child in children:
            if (
                child.dep_ == "appos"
                and (child.pos_ in ("PROPN", "PRON") or child.ent_type_)
                and self.doc[child.i - 1].text != "("  # "report (PDF)": not a name for it
            ):
                return self.resolve(child)
            if child.dep_ == "prep" and child.lower_ == "including":
                # "A few students, including Victoria Arild, said": the one named
                named = [c for c in child.children if c.dep_ == "pobj"]
                if len(named) == 1 and named[0].i in self.index.by_token:
                    return Speaker(self.index.by_token[named[0].i], True)
        lemma = token.lemma_.lower()
        if lemma in STATEMENT_NOUNS and (owner := statement_owner(token)) is not None:
            # "a statement from Apple", "according to a release from the police": its author
            return self.resolve(owner)
        if any(c.lower_ in _INDEFINITE for c in children if c.dep_ in ("det", "nummod")):
            # "a witness", "one poster": unnamed, unless the next sentences name the one person
            # so described ("a Turkish lawmaker told CNN" ... "Ediboglu, a Turkish lawmaker")
            singular = token.tag_ == "NN" and any(c.lower_ in ("a", "an") for c in children)
            holder = self.index.nominal(token) if singular else None
            return Speaker(holder, True) if holder else NOBODY
        if token.i in self._placed:
            return self._named_as(token) or Speaker(self._placed[token.i][1], False)
        if token.i in staff_of(self.doc):
            return Speaker(self._phrase(token), False)  # "the Foreign Minister's office"
        lemma = token.lemma_.lower()
        proper = [c for c in children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if proper and lemma in GROUP_NOUNS:
            # "The Winehouse family said": the family as a party to the story
            return Speaker(self.doc[proper[0].i : token.i + 1].text, False)
        if lemma in STATEMENT_NOUNS:
            # "Hollande's statement said", "a statement from Apple": the statement's author;
            # "the statement said": the author of the statement the text spoke of before.
            owner = statement_owner(token)
            if owner is not None:
                return self.resolve(owner)
            if not _definite(token):
                return NOBODY
            # the latest whose author is named: "In the indictment, authorities said" names nobody
            for i, word, owner in reversed(self._statements):
                if i < token.i and word == lemma and (found := self.resolve(owner)).name:
                    return found
            return NOBODY
        if not _definite(token):
            return NOBODY  # "officials said", "police said": plural or bare, nobody named
        if not is_person_noun(lemma) and any(
            c.dep_ == "prep" and c.lower_ == "of" for c in children
        ):
            return NOBODY  # "the group of parents": people described; "the leader of X" is one
        name = self.index.nominal(token)
        if name:
            return Speaker(name, True)
        holders = [(i, n) for i, n in self.org_described.get(lemma, []) if i < token.i]
        if holders:
            return Speaker(holders[-1][1], False)
        if lemma in ORG_NOUNS or lemma in GROUP_NOUNS:
            return self._placed_before(token) or self._organisation_named(token)
        return NOBODY

    def _organisation_named(self, token: Token) -> Speaker:
        """ "the sheriff's office", "the network": the organisation named last whose name ends in
        that noun, or else the one named last as the subject of the sentence before."""
        named = self._named_as(token)
        if named is not None:
            return named
        sentence = self.index.sentence_number(token)
        for ent in reversed(self._orgs[: bisect_left(self._org_ends, token.i + 1)]):
            if ent.start in self.marked or ent.label_ != "ORG":
                continue
            distance = sentence - self.index.sentence_number(ent[0])
            if distance == 0 or (distance == 1 and ent.root.dep_ in SUBJECT_DEPS):
                return Speaker(_strip_article(ent.text), False)
            if distance > 1:
                break
        return NOBODY

    def _organisation_speaking(self, token: Token) -> Speaker:
        """'The network said ... in a statement. "...," they said.': an organisation that
        spoke as the subject of a verb of stating, in this sentence or the one before, speaks on
        as "they"; with none, "they" names nobody ("officials ... they said")."""
        if not (token.dep_ in SUBJECT_DEPS and token.head.lemma_.lower() in REPORT_VERBS):
            return NOBODY
        sentence = self.index.sentence_number(token)
        for ent in reversed(self._orgs[: bisect_left(self._org_ends, token.i + 1)]):
            if sentence - self.index.sentence_number(ent[0]) > 1:
                break
            root = ent.root
            if (
                ent.label_ == "ORG"
                and ent.start not in self.marked
                and root.dep_ in SUBJECT_DEPS
                and root.head.lemma_.lower() in REPORT_VERBS
            ):
                return Speaker(_strip_article(ent.text), False)
        return NOBODY

    def _organisation_before(self, token: Token) -> Speaker:
        """What "it said" stands for: the organisation that is the subject before it in this
        sentence, or else the one named last, in this sentence or the one before."""
        i = bisect_left(self._org_ends, token.i + 1) - 1
        sentence = self.index.sentence_number(token)
        latest: Speaker | None = None
        while i >= 0:
            ent = self._orgs[i]
            i -= 1
            if ent.start in self.marked or ent.label_ not in ("ORG", "PERSON"):
                continue
            distance = sentence - self.index.sentence_number(ent[0])
            if distance > 1:
                break
            found = Speaker(_strip_article(ent.text) or None, False)
            if ent.root.dep_ in SUBJECT_DEPS and distance == 0:
                return found
            latest = latest or found
        return latest or NOBODY
