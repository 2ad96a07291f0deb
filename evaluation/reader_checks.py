"""The reader check's detectors: each defect a subscriber notices, read from a parse of the item.

Every item (a headline, a summary sentence, a key quote) is parsed on its own, as the reader
meets it, and judged by its grammatical form: which verb heads it and with what tense, whether it
has a subject and what kind, where its quote marks and its question mark stand, what its last
word leaves open. The product filters its sentences with patterns of its own (``furniture``,
``credits``, ``digests.analysis.readable``) applied to the article in context; these detectors
are formulated apart on purpose (a parse of the lone item, not the product's patterns or
word lists), so the check is not the product grading itself. The few words named here are
grammatical (pronouns, determiners) or the verbs of a refusal; none comes from the corpora.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from spacy.tokens import Doc, Token

__all__ = ["Defect", "Shown", "headline_defects", "quote_defects", "sentence_defects"]


class Defect(StrEnum):
    """What a reader notices, by its form."""

    FURNITURE = "caption/promo/credit"
    FRAGMENT = "fragment"
    QUOTE_MARKS = "unbalanced quote marks"
    DANGLING = "dangling reference"
    REPEAT = "repeat"
    NOT_STATEMENT = "non-statement quote"
    QUESTION = "question to the reader"
    CUT_HEADLINE = "headline cut mid-clause"


@dataclass(frozen=True, slots=True)
class Shown:
    """One item as parsed, with where it came from (for adjacency in its source)."""

    doc: Doc
    source: object = None
    position: int = -1


_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")
_CUT = re.compile(r"(?:…|\.\.\.)[\"'”’»)\]]*\s*$")
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"})
# Personal and demonstrative pronouns that need something said before them.
_PERSONAL = frozenset({"he", "she", "him", "his", "her", "hers"})
_PLURAL = frozenset({"they", "them", "their"})
_POINTING = frozenset({"it", "this", "that", "these", "those"}) | _PERSONAL | _PLURAL
_DEMONSTRATIVE = frozenset({"this", "that", "these", "those"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
# Openers that continue a sentence the reader has not read.
_CONNECTIVES = frozenset(
    {"but", "and", "so", "also", "however", "still", "yet", "meanwhile", "instead", "then"}
)
# Words of the verb that gives a quote away as a refusal to speak.
_REFUSE = frozenset({"decline", "refuse"})
_REPLY = frozenset({"comment", "respond", "return", "reply", "answer", "elaborate"})
_REPORTING = frozenset({"say", "tell", "report", "state", "add", "write", "announce"})
_SECOND_PERSON = frozenset({"you", "your", "yours", "yourself"})
_OPEN_END = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "AUX", "PART"})
# Tags of a last word that leaves its phrase open: a determiner, preposition, conjunction.
_OPEN_TAGS = frozenset({"DT", "IN", "CC", "TO", "PRP$", "WDT", "POS"})
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")


def _root(doc: Doc) -> Token:
    sents = list(doc.sents)
    return sents[0].root if sents else doc[0]


def _first_letter(text: str) -> str:
    return next((ch for ch in text if ch.isalpha()), "")


def _quoted_chars(text: str) -> set[int]:
    inside: set[int] = set()
    for match in _QUOTED.finditer(text):
        inside.update(range(match.start(), match.end()))
    return inside


def balanced(text: str) -> bool:
    """Quote marks that open also close (curly, straight, guillemets, single curly)."""
    return (
        text.count("“") == text.count("”")
        and text.count('"') % 2 == 0
        and text.count("«") == text.count("»")
        and text.count("‘") <= text.count("’")
    )


def _lower_start(doc: Doc) -> bool:
    first = next((t for t in doc if t.is_alpha), None)
    if first is None:
        return False
    # "iPhone", "eBay": a name written with a small first letter.
    return first.text[0].islower() and not any(ch.isupper() for ch in first.text[1:])


def _is_fragment(doc: Doc) -> bool:
    text = doc.text.strip()
    if _lower_start(doc) or _CUT.search(text) or not _TERMINAL.search(text):
        return True
    root = _root(doc)
    # "The news and stories that matter, delivered weekday mornings.": no main verb.
    if root.pos_ not in ("VERB", "AUX"):
        return True
    # "Because surveillance has become routine.": a subordinate clause with no main one.
    if any(c.dep_ == "mark" and c.i == 0 for c in root.children):
        return True
    # "..., said Anaheim police Sgt.": a sentence cut after a title's abbreviation (a short word
    # without a vowel, or a rank after a common noun), the name it belonged to lost.
    words = [t for t in doc if not t.is_punct]
    if words and doc[-1].text == "." and words[-1].i == len(doc) - 2:
        last = words[-1]
        short = len(last.text) <= 4 and last.text.istitle() and last.is_alpha
        no_vowel = not any(ch in "aeiouy" for ch in last.lower_)
        rank = any(c.dep_ == "compound" and c.pos_ == "NOUN" for c in last.children)
        if short and (no_vowel or rank):
            return True
    return not any(t.tag_ in _FINITE for t in doc)


def _imperative(doc: Doc, inside: set[int]) -> bool:
    root = _root(doc)
    if root.tag_ != "VB" or root.idx in inside:
        return False
    if any(c.dep_ in _SUBJECTS or c.dep_ == "aux" for c in root.children):
        return False
    opening = [t for t in doc if not t.is_punct and t.i < root.i]
    return all(t.lower_ == "please" or t.pos_ == "ADV" for t in opening)


def _is_furniture(doc: Doc, *, speech: bool = False) -> bool:
    """Captions, promos and credits; ``speech``: words someone said, who may address anyone."""
    text = doc.text
    inside = _quoted_chars(text)
    root = _root(doc)
    tokens = list(doc)
    # A credit: "Name/Agency" or "Photo: ...", an address to write to, a contribution line.
    for i, token in enumerate(tokens):
        if token.like_email or (token.like_url and ("/" in token.text or "www" in token.lower_)):
            return True
        if (
            token.text == "/"
            and 0 < i < len(tokens) - 1
            and tokens[i - 1].pos_ == "PROPN"
            and tokens[i + 1].pos_ == "PROPN"
        ):
            return True
        if token.text == "©":
            return True
    if root.lemma_ == "contribute" and any(t.lemma_ in ("report", "story") for t in root.subtree):
        return True
    first = next((t for t in doc if not t.is_punct), None)
    if first is not None and first.lower_ == "by" and not any(t.tag_ in _FINITE for t in doc):
        return True
    # A promo: an order or a word to the reader outside any quotation.
    if speech:
        return False
    if _imperative(doc, inside):
        return True
    if any(t.lower_ in _SECOND_PERSON and t.idx not in inside for t in doc):
        return True
    # A caption: a named subject doing something in the present tense at a dated moment.
    if root.tag_ in ("VBZ", "VBP") or (
        root.tag_ == "VBG" and not any(c.dep_ == "aux" for c in root.children)
    ):
        if root.lemma_ in _REPORTING or root.lemma_ in ("be", "have"):
            return False
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        dated = any(e.label_ in ("DATE", "TIME") for e in doc.ents)
        if subject is not None and dated and (subject.pos_ == "PROPN" or subject.ent_type_):
            return root.tag_ == "VBG" or not any(c.dep_ in ("aux", "ccomp") for c in root.children)
    return False


def _question(doc: Doc) -> bool:
    text = doc.text.rstrip()
    return text.endswith("?") or bool(re.search(r"\?[\"”’»]\s*$", text))


def _main_subject(doc: Doc) -> Token | None:
    root = _root(doc)
    return next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _identifying(head: Token) -> bool:
    """A description that says itself who or what: a name, a number, a restrictive clause or
    phrase ("the head of the union", "the man who fired"). A clause set off by a comma ("the
    73-year-old, who ...") adds to a referent; it does not name one."""
    for child in head.children:
        if child.dep_ == "relcl" and head.doc[child.left_edge.i - 1].text == ",":
            continue
        if child.dep_ in ("prep", "relcl", "acl", "appos", "nummod", "poss"):
            return True
        if child.pos_ == "PROPN" or child.ent_type_ in ("NORP", "GPE", "ORG", "PERSON"):
            return True
    return False


def _expletive(doc: Doc, token: Token) -> bool:
    """ "It is not known how ...", "It was unclear whether ...": an "it" with a clause to come."""
    head = token.head
    return token.lower_ == "it" and any(
        c.dep_ in ("ccomp", "xcomp", "csubj") and c.i > token.i for c in head.children
    )


def _dangling(doc: Doc, before: Sequence[Doc]) -> bool:
    """A word that points back to something the reader was not told: a connective opening the
    sentence ("But", "However"), a third-person pronoun anywhere outside quote marks with nothing
    named before it, "this"/"that" pointing back, a definite subject never introduced."""
    inside = _quoted_chars(doc.text)
    earlier_people = any(e.label_ == "PERSON" for d in before for e in d.ents)
    earlier_lemmas = {t.lemma_.lower() for d in before for t in d if t.is_alpha}
    sentences_before = len(before) >= 2
    first = next((t for t in doc if not t.is_punct), None)
    if first is not None and first.lower_ in _CONNECTIVES and first.idx not in inside:
        return True
    for token in doc:
        if token.idx in inside or token.pos_ not in ("PRON", "DET"):
            continue
        named_here = any(e.label_ == "PERSON" and e.end <= token.i for e in doc.ents)
        if token.lower_ in _PERSONAL and not (earlier_people or named_here):
            return True
        things_here = any(t.pos_ in ("NOUN", "PROPN") for t in doc[: token.i])
        pointing = token.lower_ in _PLURAL | {"it", "its"} and not _expletive(doc, token)
        if pointing and not (sentences_before or things_here):
            return True
        demonstrative = token.lower_ in _DEMONSTRATIVE and token.tag_ == "DT"
        if demonstrative and token.dep_ in ("nsubj", "nsubjpass", "det"):
            # "This means ...", "this effort": pointing back at what the reader has not read.
            noun = token.head if token.dep_ == "det" else None
            if noun is None or noun.lemma_.lower() not in earlier_lemmas:
                return True
    subject = _main_subject(doc)
    if subject is None or subject.pos_ not in ("NOUN", "ADJ"):
        return False
    determiner = next((c for c in subject.children if c.dep_ == "det"), None)
    if determiner is None or determiner.lower_ not in _DEFINITE or _identifying(subject):
        return False
    return subject.lemma_.lower() not in earlier_lemmas


def _content(doc: Doc) -> set[str]:
    return {
        t.lemma_.lower()
        for t in doc
        if t.pos_ in ("NOUN", "PROPN", "VERB", "NUM", "ADJ")
        and not t.is_stop
        and t.lemma_.lower() not in _REPORTING
    }


def _same_fact(doc: Doc, other: Doc) -> bool:
    """Two sentences telling one fact: most of the shorter one's content words are in the other,
    its numbers and names included."""
    mine, theirs = _content(doc), _content(other)
    if len(mine) < 3 or len(theirs) < 3:
        return False
    shared = mine & theirs
    if len(shared) / min(len(mine), len(theirs)) < 0.5 or len(shared) < 4:
        return False
    smaller = doc if len(mine) <= len(theirs) else other
    larger = other if smaller is doc else doc
    larger_text = larger.text.lower()
    named = [e.text.lower() for e in smaller.ents if e.label_ not in ("ORDINAL",)]
    return all(name in larger_text for name in named) or len(shared) / len(mine | theirs) >= 0.5


def sentence_defects(shown: Shown, before: Sequence[Shown]) -> set[Defect]:
    """A summary sentence, after the headline and the sentences shown before it."""
    doc = shown.doc
    found: set[Defect] = set()
    if _is_furniture(doc):
        found.add(Defect.FURNITURE)
    if _is_fragment(doc):
        found.add(Defect.FRAGMENT)
    if not balanced(doc.text):
        found.add(Defect.QUOTE_MARKS)
    if _question(doc):
        found.add(Defect.QUESTION)
    previous = before[-1] if before else None
    adjacent = (
        previous is not None
        and previous.source is not None
        and previous.source == shown.source
        and previous.position == shown.position - 1
    )
    if not adjacent and _dangling(doc, [b.doc for b in before]):
        found.add(Defect.DANGLING)
    if any(_same_fact(doc, b.doc) for b in before[1:] if b.source is not None):
        found.add(Defect.REPEAT)
    return found


def headline_defects(doc: Doc) -> set[Defect]:
    """A headline: furniture, a question, open quote marks, a cut, a leaning subject."""
    text = doc.text.strip()
    found: set[Defect] = set()
    if _is_furniture(doc):
        found.add(Defect.FURNITURE)
    if not balanced(text):
        found.add(Defect.QUOTE_MARKS)
    if _question(doc):
        found.add(Defect.QUESTION)
    last = next((t for t in reversed(doc) if not t.is_punct), None)
    # A particle closes its verb ("has turned himself in"); a preposition or article opens.
    open_end = (
        last is not None
        and last.dep_ != "prt"
        and (last.pos_ in _OPEN_END or last.tag_ in _OPEN_TAGS)
    )
    if _CUT.search(text) or open_end or len(text) > 100:
        found.add(Defect.CUT_HEADLINE)
    if _lower_start(doc):
        found.add(Defect.FRAGMENT)
    if _dangling(doc, []):
        found.add(Defect.DANGLING)
    return found


def _refusal(doc: Doc) -> bool:
    for token in doc:
        if token.lemma_ in _REFUSE and any(c.dep_ == "xcomp" for c in token.children):
            return True
        if token.lemma_ in _REPLY and any(c.dep_ == "neg" for c in token.children):
            return True
    return "no comment" in doc.text.lower()


def quote_defects(
    doc: Doc, *, direct: bool, speaker: str | None, summary: Sequence[Doc]
) -> set[Defect]:
    """A key quote: a statement someone named made, not in the summary already."""
    text = doc.text.strip()
    found: set[Defect] = set()
    if not balanced(text):
        found.add(Defect.QUOTE_MARKS)
    if _is_furniture(doc, speech=True):
        found.add(Defect.FURNITURE)
    root = _root(doc)
    subject = _main_subject(doc)
    # A narrative sentence taken for a quote: it reports what a third party said.
    narrative = (
        root.lemma_ in _REPORTING
        and subject is not None
        and subject.pos_
        in (
            "NOUN",
            "PROPN",
        )
    )
    not_statement = (
        speaker is None
        or narrative
        or (direct and _lower_start(doc))
        or _refusal(doc)
        or not any(t.tag_ in _FINITE or t.tag_ == "VB" for t in doc)
        or (not direct and (subject is None or subject.lower_ in _POINTING))
        or (direct and _lower_start(doc) and subject is None)
        or (root.pos_ == "VERB" and subject is None and root.i == 0 and not direct)
    )
    if not_statement or any(_same_fact(doc, s) for s in summary):
        found.add(Defect.NOT_STATEMENT)
    return found
