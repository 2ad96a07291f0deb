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
from bisect import bisect_right
from dataclasses import dataclass

from spacy.attrs import ENT_TYPE, HEAD, IDX, IS_STOP, TAG
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from digests.analysis import docindex
from digests.analysis.credits import is_credit
from digests.analysis.furniture import furniture_kind
from digests.analysis.lexicon.people import TITLE_ABBREVIATIONS
from digests.analysis.lexicon.speech import REPORT_VERBS
from digests.analysis.models import SentenceTraits
from digests.analysis.names import normalize_name
from digests.analysis.quote_marks import find_quoted
from digests.analysis.reading_patterns import (
    CAPTION_TAGS,
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

__all__ = ["balanced_marks", "definite_noun", "sentence_traits"]

_CONTENT = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*$")
_ELLIPSIS = re.compile(r"(?:…|\.\.\.)[\"'”’»)\]]*$")
_QUESTION = re.compile(r"\?[\"'”’»)\]]*$")
_MAX_FACTS = 40
_POINTING = PERSONAL | THING_PRONOUNS | DEMONSTRATIVES
_OPENING_MARKS = frozenset('"“«„')


def _words(sent: Span) -> list[int]:
    return [t.i for t in sent if not t.is_punct]


_MATCHERS: dict[int, Matcher] = {}


def _address_matcher(vocab: Vocab) -> Matcher:
    """The reader-address patterns, compiled once per vocabulary (one per loaded pipeline)."""
    key = id(vocab)
    if key not in _MATCHERS:
        matcher = Matcher(vocab)
        matcher.add("READER_ADDRESS", READER_ADDRESS)
        _MATCHERS[key] = matcher
    return _MATCHERS[key]


def balanced_marks(text: str) -> bool:
    """Whether every double quote mark the text opens it also closes."""
    return (
        text.count("“") == text.count("”")
        and text.count('"') % 2 == 0
        and text.count("«") == text.count("»")
    )


def _fragment(sent: Span, text: str, columns: _Columns) -> bool:
    first = sent.start
    while first < sent.end and not columns.lower[first].isalpha():
        first += 1
    if first < sent.end:
        word = sent.doc[first].text
        if word[0].islower() and word[1:].islower():
            return True
    if _ELLIPSIS.search(text) or not _TERMINAL.search(text):
        return True
    root = sent.root
    # "The news and stories that matter, delivered weekday mornings.": no main verb.
    if root.pos_ not in ("VERB", "AUX"):
        return True
    # "Because surveillance has become routine.": a subordinate clause and no main one.
    if any(c.dep_ == "mark" and c.i == sent.start for c in root.children):
        return True
    # "..., said police Sgt.": split after a title's abbreviation, the name cut off.
    words = [i for i in range(sent.start, sent.end) if columns.pos[i] != "PUNCT"]
    if words and columns.lower[words[-1]].rstrip(".") in TITLE_ABBREVIATIONS:
        return True
    return not any(columns.tag[i] in FINITE_TAGS for i in range(sent.start, sent.end))


def _faults(
    sent: Span, text: str, outside: set[int], marks: _Marks, columns: _Columns
) -> tuple[str, ...]:
    faults: list[str] = []
    if furniture_kind(text) or is_credit(text):
        faults.append("furniture")
    if any(sent.start <= i < sent.end and i in outside for i in marks.address):
        faults.append("address")
    if _caption(sent, marks.dated):
        faults.append("caption")
    if _QUESTION.search(text) and sent[-1].i in outside:
        faults.append("question")
    if _fragment(sent, text, columns):
        faults.append("fragment")
    unattributed = text[:1] in _OPENING_MARKS and all(i not in outside for i in _words(sent))
    if not balanced_marks(text) or sent.start_char in marks.quoted_inside or unattributed:
        # Someone's words with nobody saying them, or cut off from their marks.
        faults.append("quote marks")
    return tuple(faults)


@dataclass(frozen=True, slots=True)
class _Marks:
    """What the sentences' faults are read from, found once per document."""

    # Token indices where a reader-address pattern matched.
    address: frozenset[int]
    # Token indices inside a date or time expression.
    dated: frozenset[int]
    # Start characters of sentences inside a quote that runs over several sentences: someone's
    # words that would lose their marks.
    quoted_inside: frozenset[int] = frozenset()


def _caption(sent: Span, dated: frozenset[int]) -> bool:
    """A named subject acting in the bare present at a dated moment (``CAPTION_TAGS``)."""
    root = sent.root
    if root.tag_ not in CAPTION_TAGS or root.lemma_ in REPORT_VERBS or root.lemma_ in LIGHT_VERBS:
        return False
    children = list(root.children)
    # "has been carrying out attacks" is a tense, not a caption's bare present.
    if any(c.dep_ in ("aux", "auxpass") for c in children):
        return False
    if not any(c.dep_ == "nsubj" and c.pos_ == "PROPN" for c in children):
        return False
    return any(sent.start <= i < sent.end for i in dated)


def _subject(sent: Span) -> Token | None:
    root = sent.root
    return next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def definite_noun(subject: Token) -> str:
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


def _leans_on(sent: Span, outside: set[int], columns: _Columns) -> tuple[str, ...]:
    """What the sentence needs said before it: "person" (a "he" or "her" with nobody named
    before it in the sentence), "thing" (an "it" or "they" with nothing named before it),
    "previous" (an opening connective, "this" or "that" alone), "noun:<lemma>" (a definite
    subject or a "this <noun>" not introduced in the sentence). Words inside quote marks are
    the speaker's and point within the quote."""
    needs: list[str] = []
    doc, lower, pos = sent.doc, columns.lower, columns.pos
    opening = next((i for i in range(sent.start, sent.end) if pos[i] != "PUNCT"), None)
    if opening is not None and lower[opening] in CONNECTIVES:
        needs.append("previous")
    person_named = thing_named = False
    for i in range(sent.start, sent.end):
        if columns.person[i]:
            person_named = True
        if pos[i] in ("NOUN", "PROPN"):
            thing_named = True
        word = lower[i]
        if word not in _POINTING or i not in outside or pos[i] not in ("PRON", "DET"):
            continue
        if word in PERSONAL and not person_named:
            needs.append("person")
        elif word in THING_PRONOUNS and not thing_named and not _expletive(doc[i]):
            needs.append("thing")
        elif word in DEMONSTRATIVES and columns.tag[i] == "DT":
            token = doc[i]
            if token.dep_ == "det" and token.head.pos_ == "NOUN":
                needs.append(f"noun:{token.head.lemma_.lower()}")
            elif token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj"):
                # "This means ...", "... confirmed that on Sunday.": the sentence before.
                needs.append("previous")
    subject = _subject(sent)
    if subject is not None and definite_noun(subject):
        needs.append(definite_noun(subject))
    return tuple(dict.fromkeys(needs))


@dataclass(frozen=True, slots=True)
class _Columns:
    """The token attributes ``_facts`` reads, as plain lists (no Token object per word)."""

    pos: tuple[str, ...]
    lemma: tuple[str, ...]
    lower: tuple[str, ...]
    tag: list[str]
    head: list[int]
    stop: list[int]
    # Token index -> the number of the named entity it is part of.
    entity: dict[int, int]
    # Per token: part of a person's name.
    person: list[bool]

    @classmethod
    def of(cls, doc: Doc) -> _Columns:
        heads, stops = doc.to_array([HEAD, IS_STOP]).astype("int64").T.tolist()
        tags = doc.to_array(TAG).tolist()
        strings = doc.vocab.strings
        person = strings["PERSON"]
        return cls(
            docindex.pos_tags(doc),
            docindex.lemmas(doc),
            docindex.lowers(doc),
            [strings[t] for t in tags],
            [i + offset for i, offset in enumerate(heads)],
            stops,
            {
                t: n
                for n, ent in enumerate(docindex.entities(doc))
                for t in range(ent.start, ent.end)
            },
            [t == person for t in doc.to_array(ENT_TYPE).tolist()],
        )


def _facts(sent: Span, ents: list[Span], columns: _Columns) -> tuple[str, ...]:
    keys: set[str] = set()
    for ent in ents:
        if ent.label_ in NAME_LABELS:
            name = normalize_name(re.sub(r"^the\s+", "", ent.text, flags=re.IGNORECASE))
            if name:
                keys.add(f"e:{name}")
        elif ent.label_ in NUMBER_LABELS:
            digits = re.sub(r"[^\d.]", "", ent.text).strip(".")
            keys.add(f"n:{digits or ent.text.lower()}")
    pos, lemma, heads, stop, entity = (
        columns.pos,
        columns.lemma,
        columns.head,
        columns.stop,
        columns.entity,
    )
    root = sent.root.i
    if pos[root] in ("VERB", "AUX") and lemma[root] not in REPORT_VERBS:
        keys.add(f"v:{lemma[root]}")
    arcs: list[str] = []
    for i in range(sent.start, sent.end):
        if pos[i] not in _CONTENT or stop[i]:
            continue
        head = heads[i]
        # "the border with Russia": the preposition joins border and Russia.
        if pos[head] == "ADP":
            head = heads[head]
        if head == i or pos[head] not in _CONTENT or stop[head]:
            continue
        # The words of one name ("Joe" > "Biden") are the name's key already.
        if entity.get(i, -1) == entity.get(head, -2):
            continue
        pair = (lemma[head], lemma[i])
        if any(word in REPORT_VERBS or word in LIGHT_VERBS for word in pair):
            continue
        arcs.append(f"a:{pair[0]}>{pair[1]}")
    keys.update(arcs[:_MAX_FACTS])
    return tuple(sorted(keys))


def sentence_traits(doc: Doc, spans: dict[int, Span], text: str) -> tuple[SentenceTraits, ...]:
    """Traits of the sentences at ``spans`` (position -> sentence span of ``doc``, whose text is
    ``text``)."""
    if not spans:
        return ()
    quoted = sorted((q.start - 1, q.end + 1) for q in find_quoted(text))
    starts = [start for start, _ in quoted]

    def is_quoted(char: int) -> bool:
        at = bisect_right(starts, char) - 1
        return at >= 0 and quoted[at][0] <= char < quoted[at][1]

    inside = frozenset(
        sent.start_char
        for sent in spans.values()
        if is_quoted(sent.start_char - 1) and is_quoted(sent.end_char - 2)
    )
    first = min(sent.start for sent in spans.values())
    last = max(sent.end for sent in spans.values())
    region = doc[first:last]
    offsets = doc.to_array(IDX).tolist()
    outside = {i for i in range(first, last) if not is_quoted(offsets[i])}
    ents = [e for e in docindex.entities(doc) if first <= e.start < last]
    marks = _Marks(
        frozenset(first + start for _, start, _ in _address_matcher(doc.vocab)(region)),
        frozenset(t for e in ents if e.label_ in ("DATE", "TIME") for t in range(e.start, e.end)),
        inside,
    )
    columns = _Columns.of(doc)
    found = []
    for position, sent in sorted(spans.items()):
        own = text[sent.start_char : sent.end_char].strip()
        own_ents = [e for e in ents if sent.start <= e.start < sent.end]
        found.append(
            SentenceTraits(
                position=position,
                faults=_faults(sent, own, outside, marks, columns),
                leans_on=_leans_on(sent, outside, columns),
                facts=_facts(sent, own_ents, columns),
            )
        )
    return tuple(found)
