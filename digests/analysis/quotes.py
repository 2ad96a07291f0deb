"""Quotes: direct ones in any quote marks and reported speech, each with its speaker, ranked.

A direct quote is a statement in quote marks: titles of works (words in title case), quoted
fragments without a verb (they belong to the paraphrase around them) and quotes in credit or
byline sentences are not. Its speaker comes from the attribution outside the marks in its own
sentences ("...," she said), else from a lead-in ending in a colon, else it continues the quote
just before it ("A," said X. "B."). Reported speech comes from each attributed clause.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from digests.analysis import docindex
from digests.analysis.clauses import inverted_subject, subject_of
from digests.analysis.lexicon.grammar import VERBAL
from digests.analysis.lexicon.speech import (
    ATTRIBUTION_VERBS,
    PUBLISH_VERBS,
    REPORT_VERBS,
    STATEMENT_NOUNS,
    WORDS_NOUNS,
)
from digests.analysis.matchers import according_to
from digests.analysis.models import QuoteFound, QuoteKind
from digests.analysis.people import PeopleFound
from digests.analysis.quote_marks import QuotedSpan, find_quoted
from digests.analysis.reported import Attribution, attributions
from digests.analysis.speakers import NOBODY, Speaker, SpeakerResolver

__all__ = ["find_quotes"]

_MIN_QUOTE_WORDS = 3
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "but",
        "with",
        "by",
        "from",
        "as",
        "into",
        "is",
        "it",
        "be",
        "i",
        "you",
        "we",
    ]
)


@dataclass(slots=True)
class _Direct:
    span: QuotedSpan
    text: str
    first: Span  # first sentence
    last: Span  # last sentence
    tokens: range


def _is_title(text: str) -> bool:
    """Words in title case ("A Raisin in the Sun", "Let It Be"): a work's name, not a statement."""
    words = [w.strip(".,;:!?()\"“”‘’'") for w in text.split()]
    words = [w for w in words if w[:1].isalpha()]
    if len(words) < 2:
        return False
    content = [w for w in words[1:] if w.lower() not in _SMALL_WORDS] or words[1:]
    capitals = sum(1 for w in content if w[:1].isupper())
    return capitals >= 0.8 * len(content) and len(words) <= 12


def _statement(quoted: Span) -> bool:
    """Whether the quoted tokens read as a statement."""
    doc = quoted.doc
    words = [t.text for t in quoted if t.is_alpha or "'" in t.text or "’" in t.text]
    if len(words) < _MIN_QUOTE_WORDS or _is_title(quoted.text):
        return False
    if not any(t.pos_ in VERBAL for t in quoted):
        return False  # a quoted phrase inside a paraphrase, not a statement of its own
    before = doc[quoted.start - 1] if quoted.start > 0 else None
    if before is not None and before.text in ("“", '"', "„", "«", "‘") and quoted.start > 1:
        before = doc[quoted.start - 2]
    # 'the author "turned his suffering ..."': a lower-case clause inside a sentence belongs to
    # its paraphrase; after "said that" it is still a direct quote.
    return not (
        quoted[0].is_lower
        and before is not None
        and before.is_alpha
        and before.lower_ not in ("that", "saying", "said", "says", "wrote", "writes")
    )


class _Finder:
    def __init__(
        self, doc: Doc, people: PeopleFound, positions: dict[int, int], credits: frozenset[int]
    ) -> None:
        self.doc = doc
        self.positions = positions
        self.credits = credits
        self.sentences = [s for s in docindex.sentences(doc) if s.start in positions]
        self._starts = [s.start_char for s in self.sentences]
        self.directs: list[_Direct] = []
        # Doc.text is rebuilt from the tokens on every access: read it once.
        self.text = docindex.text(doc)
        statements: set[int] = set()
        marked: set[int] = set()
        for span in find_quoted(self.text):
            quoted = doc.char_span(span.start, span.end, alignment_mode="expand")
            if quoted is None or not len(quoted):
                continue
            marked.update(range(quoted.start, quoted.end))
            if not _statement(quoted):
                continue
            first, last = self._sentence_at(span.start), self._sentence_at(span.end - 1)
            if first is None or last is None or first.start in credits:
                continue
            text = self.text[span.start : span.end].strip().rstrip(" ,;:")
            self.directs.append(_Direct(span, text, first, last, range(quoted.start, quoted.end)))
            statements.update(range(quoted.start, quoted.end))
        self.directs = _joined(self.directs, self.text)
        # Tokens of the quoted statements: speech verbs there belong to the quotes.
        self.inside: frozenset[int] = frozenset(statements)
        # Every token inside quote marks (statements or not): attributions lie outside them.
        self.marked: frozenset[int] = frozenset(marked)
        mentions_quoted = frozenset(
            m.start for m in people.index.mentions if m.start in self.marked
        )
        self.resolver = SpeakerResolver(
            doc, people.index, quoted=mentions_quoted, marked=self.marked
        )

    def _sentence_at(self, char: int) -> Span | None:
        i = bisect_right(self._starts, char) - 1
        return self.sentences[i] if i >= 0 else None

    def _attribution(self, tokens: list[Token], near: tuple[int, int] | None = None) -> Speaker:
        """The speaker of a quote from the words around it (outside the marks).

        With several speech verbs ("When a reporter asked ..., Holder replied, "..."") the one
        nearest the quote (``near``: its first and last token) is its attribution.
        """
        candidates: list[tuple[int, Token]] = []
        for token in tokens:
            lemma = token.lemma_.lower()
            subject: Token | None = None
            if lemma in ATTRIBUTION_VERBS:
                options = (subject_of(token), inverted_subject(token), _object_after(token))
                subject = next(
                    (o for o in options if o is not None and o.i not in self.marked), None
                )
            elif sources := according_to(self.doc).get(token.i):
                subject = self.doc[sources[0]]
            if subject is None or subject.i in self.marked:
                continue
            distance = min(abs(token.i - near[0]), abs(token.i - near[1])) if near else 0
            if near and any(t.i == near[0] for t in token.subtree):
                distance -= 1000  # the verb whose complement the quote is comes first
            candidates.append((distance, subject))
        if not candidates:
            return NOBODY
        return self.resolver.resolve(min(candidates, key=lambda c: c[0])[1])

    def _direct_speaker(self, quote: _Direct, previous: tuple[int, Speaker] | None) -> Speaker:
        around = [
            t
            for t in self.doc[quote.first.start : quote.last.end]
            if t.i not in self.marked and not t.is_punct
        ]
        speaker = self._attribution(around, (quote.tokens.start, quote.tokens.stop - 1))
        if speaker.name or any(t.lemma_.lower() in REPORT_VERBS for t in around):
            return speaker
        position = self.positions[quote.first.start]
        if position > 0:
            before = self.sentences[position - 1] if position - 1 < len(self.sentences) else None
            if before is not None and before.text.rstrip(" .").endswith(":"):
                lead = [t for t in before if t.i not in self.marked]
                found = self._attribution(lead)
                if found.name:
                    return found
        others = any(t.i in self.resolver.index.by_token for t in around)
        if previous is not None and position - previous[0] <= 1 and not others:
            return previous[1]  # "A," said X. "B.": B is X's too, and so is a quote after
        found = self._words_of(self.positions[quote.last.start] + 1)
        return found if found.name else self._for_whom(quote)

    def _for_whom(self, quote: _Direct) -> Speaker:
        """'For Ledemé, who ..., "football has strong social values."': the view of X."""
        first = quote.first
        if first[0].lower_ != "for" or first.start + 1 >= quote.tokens.start:
            return NOBODY
        name = self.resolver.index.by_token.get(first.start + 1)
        return Speaker(name, True) if name else NOBODY

    def _words_of(self, position: int) -> Speaker:
        """ "Those were the words of X": a quote attributed by the sentence after it."""
        if position >= len(self.sentences):
            return NOBODY
        sent = self.sentences[position]
        if sent[0].lower_ not in ("those", "these", "that", "this", "such"):
            return NOBODY
        for token in sent:
            if token.lemma_.lower() in WORDS_NOUNS and token.i not in self.marked:
                for child in token.children:
                    if child.dep_ == "prep" and child.lower_ in ("of", "from", "by"):
                        obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                        if obj is not None:
                            return self.resolver.resolve(obj)
        return NOBODY

    def quotes(self) -> list[tuple[QuoteKind, Speaker, str, Span, Span]]:
        found: list[tuple[QuoteKind, Speaker, str, Span, Span]] = []
        direct_tokens = [set(q.tokens) for q in self.directs]
        reported: dict[int, Speaker] = {}
        for sent in self.sentences:
            if sent.start in self.credits:
                continue
            for attribution in attributions(sent, self.inside):
                if self._inside_direct(attribution, direct_tokens):
                    continue
                speaker = (
                    self.resolver.resolve(attribution.subject) if attribution.subject else NOBODY
                )
                found.append((QuoteKind.REPORTED, speaker, attribution.text, sent, sent))
                reported[self.positions[sent.start]] = speaker
            # Who speaks in this sentence, for a quote after it: the source of its main verb
            # when that is a speech verb ("A, Bill Dwyre told Open Court"), even if the
            # statement it relays is someone else's.
            speaking = self._communicates(sent, root_only=True)
            if not speaking.name and self.positions[sent.start] not in reported:
                speaking = self._communicates(sent)
            if speaking.name:
                reported[self.positions[sent.start]] = speaking
        previous: tuple[int, Speaker] | None = None
        for quote in self.directs:
            first = self.positions[quote.first.start]
            last_reported = reported.get(first - 1)
            if last_reported is not None and (previous is None or previous[0] < first - 1):
                previous = (first - 1, last_reported)
            speaker = self._direct_speaker(quote, previous)
            found.append((QuoteKind.DIRECT, speaker, quote.text, quote.first, quote.last))
            previous = (self.positions[quote.last.start], speaker)
            found.extend(self._nested(quote))
        return found

    def _communicates(self, sent: Span, *, root_only: bool = False) -> Speaker:
        """The named source of a sentence that tells of a statement without giving it ("Williams
        posted news of her withdrawal on Instagram."): a quote after it is theirs."""
        pos, lemmas = docindex.pos_tags(self.doc), docindex.lemmas(self.doc)
        for i in [sent.root.i] if root_only else range(sent.start, sent.end):
            lemma = lemmas[i]
            if pos[i] == "VERB" and (lemma in REPORT_VERBS or lemma in PUBLISH_VERBS):
                token = self.doc[i]
                subject = subject_of(token)
                if subject is not None and subject.i not in self.marked:
                    return self.resolver.resolve(subject)
        return NOBODY

    def _nested(self, quote: _Direct) -> list[tuple[QuoteKind, Speaker, str, Span, Span]]:
        """Statements a quote reports with their own named source ("Mohamed told me that ...")."""
        outside = frozenset(i for i in range(quote.first.start, quote.last.end)) - frozenset(
            quote.tokens
        )
        found = []
        position = self.positions[quote.first.start]
        for sent in self.sentences[position : self.positions[quote.last.start] + 1]:
            for attribution in attributions(sent, outside):
                subject = attribution.subject
                if subject is None or subject.pos_ == "PRON" or attribution.end > quote.tokens.stop:
                    continue  # "I said", "they told us": the quote's own voice, or nobody named
                speaker = self.resolver.resolve(subject)
                if speaker.name:
                    found.append((QuoteKind.REPORTED, speaker, attribution.text, sent, sent))
        return found

    @staticmethod
    def _inside_direct(attribution: Attribution, directs: list[set[int]]) -> bool:
        """A paraphrase that is mostly a direct quote already found adds nothing."""
        span = set(range(attribution.start, attribution.end))
        return any(len(span & d) > 0.6 * len(span) for d in directs)


def _joined(directs: list[_Direct], text: str) -> list[_Direct]:
    """A quote split around its attribution ("A," X said, "but B.") is one quote."""
    joined: list[_Direct] = []
    for quote in directs:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.last.start == quote.first.start
            and "," in text[last.span.end : quote.span.start]
            and quote.text[:1].islower()
        ):
            joined[-1] = _Direct(
                QuotedSpan(last.span.start, quote.span.end),
                f"{last.text}, {quote.text}",
                last.first,
                quote.last,
                range(last.tokens.start, quote.tokens.stop),
            )
        else:
            joined.append(quote)
    return joined


def _object_after(verb: Token) -> Token | None:
    """ "..., read the letter": a statement the parser took for the verb's object."""
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i), None)
    return obj if obj is not None and obj.lemma_.lower() in STATEMENT_NOUNS else None


def _score(kind: QuoteKind, speaker: Speaker, text: str, position: int, total: int) -> float:
    score = 1.0 if kind is QuoteKind.DIRECT else 0.5
    if speaker.name:
        score += 0.4 if speaker.is_person else 0.15
    score += min(len(text.split()), 30) / 30 * 0.3
    score += 0.2 * (1 - position / max(total, 1))
    return round(score, 4)


def find_quotes(
    doc: Doc,
    people: PeopleFound,
    *,
    positions: dict[int, int],
    credits: frozenset[int] = frozenset(),
) -> tuple[QuoteFound, ...]:
    """Direct and reported quotes of ``doc``, in article order, each with a ranking score."""
    total = max(positions.values(), default=0) + 1
    finder = _Finder(doc, people, positions, credits)
    quotes = []
    for kind, speaker, text, first, last in finder.quotes():
        position = positions[first.start]
        quotes.append(
            QuoteFound(
                speaker=speaker.name,
                text=text,
                kind=kind,
                position=position,
                sentence=doc[first.start : last.end].text.strip(),
                score=_score(kind, speaker, text, position, total),
                speaker_is_person=speaker.is_person if speaker.name else True,
            )
        )
    quotes.sort(key=lambda q: (q.position, q.kind is QuoteKind.REPORTED))
    return tuple(quotes)
