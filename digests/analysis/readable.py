"""What a summary sentence is to a reader who meets it alone, read from its parse in the article.

Story building runs later without spaCy, so the properties it chooses by are read here, once, and
stored with the analysis (``SentenceTraits``):

- **faults**: forms a reader cannot take as news on their own: a caption (a named subject acting
  in the present tense at a dated moment), an address to the reader (an order opening the
  sentence, "you" outside quote marks), page furniture and credits (``furniture``, ``credits``),
  a question outside quote marks, a fragment (no finite verb, a small first letter, an ellipsis
  at the end), quote marks left open;
- **leans on**: what the sentence's subject needs said before it: a person ("He said ..."), a
  thing ("It was ..."), the sentence before ("This means ...", "But ..."), or a definite
  description's noun ("The spokeswoman said ...": someone must have introduced a spokeswoman);
- **facts**: what the sentence tells, as keys that survive rewording: its named participants,
  its numbers, its main verb and the content words linked to each other in its parse
  ("administration>biden", "border>russia"), so two outlets' sentences of one fact meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from digests.analysis.credits import is_credit
from digests.analysis.furniture import furniture_kind
from digests.analysis.lexicon import REPORT_VERBS, TITLE_ABBREVIATIONS
from digests.analysis.models import SentenceTraits
from digests.analysis.names import normalize_name
from digests.analysis.quote_marks import find_quoted
from digests.analysis.reading_patterns import (
    CAPTION,
    CONNECTIVES,
    DEFINITE,
    DEMONSTRATIVES,
    FINITE_TAGS,
    IDENTIFYING_DEPS,
    LIGHT_VERBS,
    NAME_LABELS,
    NUMBER_LABELS,
    PERSONAL,
    READER_ADDRESS,
    THING_PRONOUNS,
)

__all__ = ["balanced_marks", "sentence_traits"]

_CONTENT = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
_ELLIPSIS = re.compile(r"(?:…|\.\.\.)[\"'”’»)\]]*$")
_QUESTION = re.compile(r"\?[\"'”’»)\]]*$")
_MAX_FACTS = 40


_MATCHERS: dict[int, tuple[Matcher, DependencyMatcher]] = {}


def _matchers(vocab: Vocab) -> tuple[Matcher, DependencyMatcher]:
    """The patterns compiled once per vocabulary (one per loaded pipeline)."""
    key = id(vocab)
    if key not in _MATCHERS:
        address = Matcher(vocab)
        address.add("READER_ADDRESS", READER_ADDRESS)
        caption = DependencyMatcher(vocab)
        caption.add("CAPTION", [CAPTION])
        _MATCHERS[key] = (address, caption)
    return _MATCHERS[key]


def balanced_marks(text: str) -> bool:
    """Whether every double quote mark the text opens it also closes."""
    return (
        text.count("“") == text.count("”")
        and text.count('"') % 2 == 0
        and text.count("«") == text.count("»")
    )


def _fragment(sent: Span, text: str) -> bool:
    first = next((t for t in sent if t.is_alpha), None)
    if first is not None and first.text[0].islower() and first.text[1:].islower():
        return True
    if _ELLIPSIS.search(text) or not _TERMINAL.search(text):
        return True
    # "Because surveillance has become routine.": a subordinate clause and no main one.
    if any(c.dep_ == "mark" and c.i == sent.start for c in sent.root.children):
        return True
    # "..., said police Sgt.": split after a title's abbreviation, the name cut off.
    words = [t for t in sent if not t.is_punct]
    if words and words[-1].lower_.rstrip(".") in TITLE_ABBREVIATIONS:
        return True
    return not any(t.tag_ in FINITE_TAGS for t in sent)


def _faults(sent: Span, text: str, outside: set[int], marks: _Marks) -> tuple[str, ...]:
    faults: list[str] = []
    if furniture_kind(text) or is_credit(text):
        faults.append("furniture")
    if any(sent.start <= i < sent.end and i in outside for i in marks.address):
        faults.append("address")
    if any(sent.start <= i < sent.end for i in marks.captions):
        faults.append("caption")
    if _QUESTION.search(text) and sent[-1].i in outside:
        faults.append("question")
    if _fragment(sent, text):
        faults.append("fragment")
    if not balanced_marks(text) or sent.start_char in marks.quoted_inside:
        faults.append("quote marks")
    return tuple(faults)


@dataclass(frozen=True, slots=True)
class _Marks:
    """Where the patterns matched in the document: token indices."""

    address: frozenset[int]
    captions: frozenset[int]
    # Start characters of sentences inside a quote that runs over several sentences: someone's
    # words that would lose their marks.
    quoted_inside: frozenset[int] = frozenset()


def _marks(doc: Doc) -> _Marks:
    address, caption = _matchers(doc.vocab)
    captions = set()
    for _, (action, _, _) in caption(doc):
        verb = doc[action]
        # "has been carrying out attacks" is a tense, not a caption's bare present.
        if any(c.dep_ in ("aux", "auxpass") for c in verb.children):
            continue
        if verb.lemma_ not in REPORT_VERBS and verb.lemma_ not in LIGHT_VERBS:
            captions.add(action)
    return _Marks(frozenset(start for _, start, _ in address(doc)), frozenset(captions))


def _subject(sent: Span) -> Token | None:
    root = sent.root
    return next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _definite_noun(subject: Token) -> str:
    """ "noun:<lemma>" for a definite description that does not say itself who or what it is
    ("The spokeswoman", "The 73-year-old, who ..."), else ""."""
    if subject.pos_ not in ("NOUN", "ADJ"):
        return ""
    determiner = next((c for c in subject.children if c.dep_ == "det"), None)
    if determiner is None or determiner.lower_ not in DEFINITE:
        return ""
    for child in subject.children:
        # A clause set off by a comma adds to a referent, it does not name one.
        aside = child.dep_ == "relcl" and subject.doc[child.left_edge.i - 1].text == ","
        if aside:
            continue
        named = child.pos_ == "PROPN" or child.ent_type_ in NAME_LABELS
        if child.dep_ in IDENTIFYING_DEPS or named:
            return ""
    return f"noun:{subject.lemma_.lower()}"


def _expletive(token: Token) -> bool:
    # "It is not known how ...", "It was unclear whether ...": an "it" with a clause to come.
    return token.lower_ == "it" and any(
        c.dep_ in ("ccomp", "xcomp", "csubj") and c.i > token.i for c in token.head.children
    )


def _leans_on(sent: Span, outside: set[int]) -> tuple[str, ...]:
    """What the sentence needs said before it: "person" (a "he" or "her" with nobody named
    before it in the sentence), "thing" (an "it" or "they" with nothing named before it),
    "previous" (an opening connective, "this" or "that" alone), "noun:<lemma>" (a definite
    subject or a "this <noun>" not introduced in the sentence). Words inside quote marks are
    the speaker's and point within the quote."""
    needs: list[str] = []
    opening = next((t for t in sent if not t.is_punct), None)
    if opening is not None and opening.lower_ in CONNECTIVES:
        needs.append("previous")
    person_named = thing_named = False
    for token in sent:
        if token.ent_type_ == "PERSON":
            person_named = True
        if token.pos_ in ("NOUN", "PROPN"):
            thing_named = True
        if token.i not in outside or token.pos_ not in ("PRON", "DET"):
            continue
        word = token.lower_
        if word in PERSONAL and not person_named:
            needs.append("person")
        elif word in THING_PRONOUNS and not thing_named and not _expletive(token):
            needs.append("thing")
        elif word in DEMONSTRATIVES and token.tag_ == "DT":
            if token.dep_ == "det" and token.head.pos_ == "NOUN":
                needs.append(f"noun:{token.head.lemma_.lower()}")
            elif token.dep_ in ("nsubj", "nsubjpass"):
                needs.append("previous")
    subject = _subject(sent)
    if subject is not None and _definite_noun(subject):
        needs.append(_definite_noun(subject))
    return tuple(dict.fromkeys(needs))


def _key(token: Token) -> str:
    return token.lemma_.lower()


def _facts(sent: Span) -> tuple[str, ...]:
    keys: set[str] = set()
    for ent in sent.ents:
        if ent.label_ in NAME_LABELS:
            name = normalize_name(re.sub(r"^the\s+", "", ent.text, flags=re.IGNORECASE))
            if name:
                keys.add(f"e:{name}")
        elif ent.label_ in NUMBER_LABELS:
            digits = re.sub(r"[^\d.]", "", ent.text).strip(".")
            keys.add(f"n:{digits or ent.text.lower()}")
    root = sent.root
    if root.pos_ in ("VERB", "AUX") and _key(root) not in REPORT_VERBS:
        keys.add(f"v:{_key(root)}")
    arcs: list[str] = []
    entity = {t.i: number for number, ent in enumerate(sent.ents) for t in ent}
    for token in sent:
        if token.pos_ not in _CONTENT or token.is_stop:
            continue
        head = token.head
        # "the border with Russia": the preposition joins border and Russia.
        if head.pos_ == "ADP" and head.head is not head:
            head = head.head
        if head.i == token.i or head.pos_ not in _CONTENT or head.is_stop:
            continue
        # The words of one name ("Joe" > "Biden") are the name's key already.
        if entity.get(token.i, -1) == entity.get(head.i, -2):
            continue
        pair = (_key(head), _key(token))
        if any(word in REPORT_VERBS or word in LIGHT_VERBS for word in pair):
            continue
        arcs.append(f"a:{pair[0]}>{pair[1]}")
    keys.update(arcs[:_MAX_FACTS])
    return tuple(sorted(keys))


def sentence_traits(doc: Doc, spans: dict[int, Span], text: str) -> tuple[SentenceTraits, ...]:
    """Traits of the sentences at ``spans`` (position -> sentence span of ``doc``, whose text is
    ``text``)."""
    quoted = [(q.start - 1, q.end + 1) for q in find_quoted(text)]
    inside = frozenset(
        sent.start_char
        for sent in spans.values()
        if any(start < sent.start_char and sent.end_char - 2 <= end for start, end in quoted)
    )
    found_marks = _marks(doc)
    marks = _Marks(found_marks.address, found_marks.captions, inside)
    outside = {t.i for t in doc if not any(start <= t.idx < end for start, end in quoted)}
    found = []
    for position, sent in sorted(spans.items()):
        own = text[sent.start_char : sent.end_char].strip()
        found.append(
            SentenceTraits(
                position=position,
                faults=_faults(sent, own, outside, marks),
                leans_on=_leans_on(sent, outside),
                facts=_facts(sent),
            )
        )
    return tuple(found)
