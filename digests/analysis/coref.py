"""Who "he", "she" and "the spokeswoman" are: rule-based antecedents on the parse.

The document's person mentions are indexed once (sorted by token); a pronoun looks back through
that index, never through the tokens: candidates are the preceding person mentions, filtered by
gender (from honorifics, gendered and kinship nouns, and the pronouns used of a person alone in
a sentence), ranked by recency by sentence and, within a sentence, subjects first. A nominal
("the negotiator", "the father", "the group") goes to the latest preceding name the text gave
that description ("chief negotiator Saeb Erekat", "Williams' father, Richard").
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from spacy.tokens import Doc, Token

from digests.analysis import docindex
from digests.analysis.lexicon.grammar import SUBJECT_DEPS
from digests.analysis.lexicon.people import (
    FEMALE_NOUNS,
    FEMALE_PRONOUNS,
    MALE_NOUNS,
    MALE_PRONOUNS,
)
from digests.analysis.lexicon.speech import REPORT_VERBS
from digests.analysis.matchers import according_to

__all__ = ["Gender", "MentionIndex", "PersonMention", "gender_of_pronoun"]


class Gender(StrEnum):
    """What a pronoun or a noun says of a person's gender, used only to match pronouns to names."""

    MALE = "m"
    FEMALE = "f"


# How far back (in sentences) an antecedent may lie.
_WINDOW = 8
# How far ahead (in sentences) a description may be named: a lead's "the spokesman said".
_CATAPHORA = 3


def gender_of_pronoun(word: str) -> Gender | None:
    """MALE for he/him/his, FEMALE for she/her, None for any other word."""
    lower = word.lower()
    if lower in MALE_PRONOUNS:
        return Gender.MALE
    if lower in FEMALE_PRONOUNS:
        return Gender.FEMALE
    return None


def gender_of_noun(word: str) -> Gender | None:
    """The gender a noun or honorific says ("Mrs.": FEMALE, "spokesman": MALE), if any."""
    lower = word.lower().rstrip(".")
    if lower in MALE_NOUNS:
        return Gender.MALE
    if lower in FEMALE_NOUNS:
        return Gender.FEMALE
    return None


def _speaks(token: Token) -> bool:
    """Whether ``token`` is the subject of a verb of stating ("he said", "Smith told CNN")."""
    return token.dep_ in SUBJECT_DEPS and token.head.lemma_.lower() in REPORT_VERBS


@dataclass(frozen=True, slots=True)
class PersonMention:
    start: int
    end: int
    name: str
    sentence: int
    subject: bool
    # The subject of a verb of stating, or the source in "according to X": one who speaks.
    speaker: bool = False


@dataclass(slots=True)
class MentionIndex:
    """Person mentions of one document, sorted, with what coreference needs about each person."""

    doc: Doc
    mentions: list[PersonMention]
    # Token index -> canonical name, for every token inside a mention.
    by_token: dict[int, str]
    gender: dict[str, Gender]
    # Lemma of a description's head noun -> [(token index, name)], in text order.
    described: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list)
    _token_sentence: list[int] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        doc: Doc,
        spans: Iterable[tuple[int, int, str]],
        *,
        gender_evidence: dict[str, Counter[Gender]],
        described: dict[str, list[tuple[int, str]]],
    ) -> MentionIndex:
        """The index of ``spans`` (start token, end token, person name) in ``doc``."""
        token_sentence = [0] * len(doc)
        for number, sent in enumerate(docindex.sentences(doc)):
            token_sentence[sent.start : sent.end] = [number] * (sent.end - sent.start)
        mentions = []
        by_token: dict[int, str] = {}
        sources = {i for found in according_to(doc).values() for i in found}
        for start, end, name in sorted(spans):
            span = doc[start:end]
            subject = any(t.dep_ in SUBJECT_DEPS for t in span) or span.root.dep_ in SUBJECT_DEPS
            speaker = any(_speaks(t) or t.i in sources for t in span)
            mentions.append(
                PersonMention(start, end, name, token_sentence[start], subject, speaker)
            )
            for i in range(start, end):
                by_token[i] = name
        index = cls(doc, mentions, by_token, {}, described, [m.start for m in mentions])
        index._token_sentence = token_sentence
        index._learn_gender(gender_evidence)
        return index

    def _learn_gender(self, evidence: dict[str, Counter[Gender]]) -> None:
        votes: dict[str, Counter[Gender]] = {k: Counter(v) for k, v in evidence.items()}
        # A pronoun in a sentence that names one person only, after the name, is about them.
        names: dict[int, set[str]] = {}
        first: dict[int, int] = {}
        for m in self.mentions:
            names.setdefault(m.sentence, set()).add(m.name)
            first.setdefault(m.sentence, m.end)
        for sent_number, sent in enumerate(docindex.sentences(self.doc)):
            if len(names.get(sent_number, ())) != 1:
                continue
            (name,) = names[sent_number]
            # a gendered noun after the name is the nearer antecedent of what follows ("Link
            # said its mom spends all her time"): her is the mom's
            nearer: set[Gender] = set()
            for token in self.doc[first[sent_number] : sent.end]:
                if token.dep_ in SUBJECT_DEPS and token.head.lemma_.lower() in REPORT_VERBS:
                    continue  # "Muffat, he said, ...": the speaker is someone else
                if token.pos_ == "NOUN" and (noun := gender_of_noun(token.text)):
                    nearer.add(noun)
                found = gender_of_pronoun(token.text)
                if found and found not in nearer:
                    votes.setdefault(name, Counter())[found] += 1
        for name, counter in votes.items():
            (top, count), *rest = [*counter.most_common(2), ("", 0)]
            if count and count >= 2 * rest[0][1]:
                self.gender[name] = top

    def sentence_number(self, token: Token) -> int:
        """The position of ``token``'s sentence among the document's sentences."""
        return self._token_sentence[token.i]

    def pronoun(self, token: Token, *, skip: frozenset[int] = frozenset()) -> str | None:
        """The person "he"/"she" at ``token`` most likely means; ``skip``: tokens not to use.

        A pronoun that speaks ("he said") goes to the last one who spoke, named or by the same
        pronoun, in the latest sentence that has anyone it could be: "Normand said Slyve fired
        three shots. He said ...", "And he suggests the approach of Short and Lerner ... ," he
        said." Any other pronoun goes to that sentence's subject first.
        """
        wanted = gender_of_pronoun(token.text)
        if wanted is None:
            return None
        if _speaks(token):
            return self._speaking(token, wanted, skip, depth=0)
        return self._antecedent(token, wanted, skip)

    def speaker_before(self, token: Token, *, skip: frozenset[int] = frozenset()) -> str | None:
        """Who a description that speaks and names no one the text gave it to stands for ("...,"
        the Ohio Democrat added): the last one who spoke, as for "he said"."""
        return self._speaking(token, gender_of_noun(token.text), skip, depth=0, strict=True)

    def _fits(self, name: str, wanted: Gender | None) -> bool:
        return wanted is None or self.gender.get(name, wanted) == wanted

    def _speaking(
        self,
        token: Token,
        wanted: Gender | None,
        skip: frozenset[int],
        depth: int,
        *,
        strict: bool = False,
    ) -> str | None:
        """The last one who spoke before ``token``, in the latest sentence that has anyone it
        could be; there, with no one speaking, the sentence's subject unless ``strict`` (a
        description that speaks is one who spoke: "After Lee beat Ortiz, the Cuban said")."""
        here = self.sentence_number(token)
        sentences = docindex.sentences(self.doc)
        for number in range(here, max(-1, here - _WINDOW - 1), -1):
            sent = sentences[number]
            # (says the sentence's main verb, position, who): the main clause's speaker first
            # ("Hughes said Pratchett -- who spoke out -- had changed ...": Hughes)
            speakers: list[tuple[bool, int, PersonMention | Token]] = []
            compatible = False
            for m in self._in_sentence(number):
                if m.start in skip or m.end > token.i or not self._fits(m.name, wanted):
                    continue
                compatible = True
                if m.speaker:
                    root = self.doc[m.start : m.end].root
                    speakers.append((_speaks(root) and root.head == sent.root, m.start, m))
            for other in sent:
                if other.i >= token.i:
                    break
                said = gender_of_pronoun(other.text)
                if other.i not in skip and _speaks(other) and said and wanted in (None, said):
                    speakers.append((other.head == sent.root, other.i, other))
            if speakers:
                # the main verb's first subject (where the parser gives it two, the second is
                # the subject of what was said), else the latest speaker
                latest = max(speakers, key=lambda s: (s[0], -s[1] if s[0] else s[1]))[2]
                if isinstance(latest, PersonMention):
                    return latest.name
                if depth < _WINDOW:
                    said = gender_of_pronoun(latest.text)
                    return self._speaking(latest, said, skip, depth + 1)
                return None
            if compatible:
                return None if strict else self._antecedent(token, wanted, skip)
        return None

    def _in_sentence(self, number: int) -> list[PersonMention]:
        """The person mentions of one sentence."""
        sent = docindex.sentences(self.doc)[number]
        lo = bisect_left(self._starts, sent.start)
        hi = bisect_left(self._starts, sent.end)
        return self.mentions[lo:hi]

    def _antecedent(self, token: Token, wanted: Gender | None, skip: frozenset[int]) -> str | None:
        here = self.sentence_number(token)
        best: dict[int, list[PersonMention]] = {}
        i = bisect_left(self._starts, token.i) - 1
        while i >= 0:
            m = self.mentions[i]
            i -= 1
            if here - m.sentence > _WINDOW:
                break
            if m.start in skip or m.end > token.i or not self._fits(m.name, wanted):
                continue
            best.setdefault(m.sentence, []).append(m)
        for sentence in sorted(best, reverse=True):
            found = best[sentence]  # latest first
            subjects = [m for m in found if m.subject]
            return (subjects[-1] if subjects else found[0]).name
        return None

    def nominal(self, token: Token) -> str | None:
        """The person a description ("the negotiator") stands for: its latest holder before, or
        the one the next sentences name so ("the city spokesman said" ... "city spokesman Jeff
        Small said", "a Turkish lawmaker told CNN" ... "Ediboglu, an opposition Turkish
        lawmaker")."""
        holders = self.described.get(token.lemma_.lower(), [])
        before = [(i, name) for i, name in holders if i < token.i]
        if not before:
            here = self.sentence_number(token)
            after = [
                name
                for i, name in holders
                if i > token.i and self.sentence_number(self.doc[i]) - here <= _CATAPHORA
            ]
            return after[0] if len(set(after)) == 1 else None
        names = {name for _, name in before}
        wanted = gender_of_noun(token.text)
        if wanted:
            names = {n for n in names if self.gender.get(n, wanted) == wanted}
        latest = [name for _, name in before if name in names]
        return latest[-1] if latest else None
