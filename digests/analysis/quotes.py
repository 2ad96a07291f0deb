"""Quotes: direct ones in any quote marks and reported speech, each with its speaker, ranked.

A quote mark that never closes matches nothing (quotes never cross a paragraph), so it cannot
swallow the rest of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from digests.analysis.lexicon import PERSON_PRONOUNS, SPEECH_VERBS
from digests.analysis.models import QuoteFound, QuoteKind
from digests.analysis.people import PeopleFound

__all__ = ["find_quotes"]

_QUOTE = re.compile(
    r"“(?P<a>[^”“\n]{2,1500})”"
    r"|„(?P<b>[^“”„\n]{2,1500})[“”]"
    r"|«\s?(?P<c>[^»«\n]{2,1500}?)\s?»"
    r"|\"(?P<d>[^\"\n]{2,1500})\""
    r"|(?<![\w‘’])‘(?P<e>[^‘\n]{2,1500}?)’(?![\w])"
)
_MIN_QUOTE_WORDS = 4
_SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"})
# Verb forms the small model often tags as nouns at the end of a sentence ("..., NYT notes.").
_TRAILING_VERBS = frozenset(
    {
        "says",
        "said",
        "notes",
        "noted",
        "reports",
        "reported",
        "writes",
        "wrote",
        "believes",
        "believed",
        "learned",
        "learnt",
        "adds",
        "added",
        "claims",
        "claimed",
        "states",
        "stated",
    }
)


@dataclass(frozen=True, slots=True)
class _Speaker:
    name: str | None
    is_person: bool


_NOBODY = _Speaker(None, False)


def _resolve(token: Token, people: PeopleFound) -> _Speaker:
    """Who a subject token names: a person, a pronoun's referent, an organisation, or a phrase."""
    doc = token.doc
    if token.i in people.by_token:
        return _Speaker(people.by_token[token.i], True)
    if token.lower_ in PERSON_PRONOUNS:
        name = people.index.pronoun(token)
        return _Speaker(name, name is not None)
    if token.pos_ == "PRON":
        return _NOBODY
    subtree = [t for t in token.subtree if t.dep_ not in ("relcl", "acl") and t.i <= token.i + 3]
    for t in subtree:
        if t.i in people.by_token:
            return _Speaker(people.by_token[t.i], True)
    for t in [token, *subtree]:
        if t.ent_type_ in _SPEAKER_LABELS:
            ent = next(e for e in doc.ents if e.start <= t.i < e.end)
            return _Speaker(_strip_article(ent.text), False)
    left = token.left_edge.i
    phrase = doc[left : token.i + 1]
    return _Speaker(_strip_article(phrase.text) or None, False)


def _strip_article(text: str) -> str:
    return re.sub(r"^(the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE).strip(" ,")


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    return None


def _score(kind: QuoteKind, speaker: _Speaker, text: str, position: int, total: int) -> float:
    score = 1.0 if kind is QuoteKind.DIRECT else 0.5
    if speaker.name:
        score += 0.4 if speaker.is_person else 0.15
    score += min(len(text.split()), 30) / 30 * 0.3
    score += 0.2 * (1 - position / max(total, 1))
    return round(score, 4)


def find_quotes(
    doc: Doc, people: PeopleFound, *, positions: dict[int, int]
) -> tuple[QuoteFound, ...]:
    """Direct and reported quotes of ``doc``, in article order, each with a ranking score."""
    total = max(positions.values(), default=0) + 1
    quotes: list[QuoteFound] = []
    quoted_sentences: set[int] = set()
    direct_ranges: list[tuple[int, int]] = []
    by_sentence: dict[int, list[re.Match[str]]] = {}
    for match in _QUOTE.finditer(doc.text):
        inner = next(g for g in match.groups() if g is not None)
        if len(inner.split()) < _MIN_QUOTE_WORDS:
            continue  # scare quotes and titles, not statements
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is None:
            continue
        by_sentence.setdefault(span.sent.start, []).append(match)
        direct_ranges.append((match.start(), match.end()))

    previous: tuple[int, _Speaker] | None = None
    for sent_start in sorted(by_sentence):
        matches = by_sentence[sent_start]
        sent = doc[sent_start].sent
        last = doc.char_span(matches[-1].start(), matches[-1].end(), alignment_mode="expand")
        end_sent = last.sent if last is not None else sent
        position = positions.get(sent.start)
        if position is None:
            continue
        inside = [(m.start(), m.end()) for m in matches]
        speaker = _direct_speaker(doc[sent.start : end_sent.end], inside, people)
        if speaker.name is None and previous and previous[0] == position - 1:
            speaker = previous[1]  # a quote continued in the next sentence
        text = " ".join(next(g for g in m.groups() if g is not None).strip() for m in matches)
        text = text.rstrip(" ,;:")
        sentence = doc[sent.start : end_sent.end].text.strip()
        quotes.append(
            QuoteFound(
                speaker=speaker.name,
                text=text,
                kind=QuoteKind.DIRECT,
                position=position,
                sentence=sentence,
                score=_score(QuoteKind.DIRECT, speaker, text, position, total),
                speaker_is_person=speaker.is_person,
            )
        )
        previous = (position, speaker)
        for s in range(sent.start, end_sent.end):
            quoted_sentences.add(doc[s].sent.start)

    for sent in doc.sents:
        position = positions.get(sent.start)
        if position is None or sent.start in quoted_sentences:
            continue
        found = _reported(sent, people)
        if found is None:
            continue
        speaker, text = found
        quotes.append(
            QuoteFound(
                speaker=speaker.name,
                text=text,
                kind=QuoteKind.REPORTED,
                position=position,
                sentence=sent.text.strip(),
                score=_score(QuoteKind.REPORTED, speaker, text, position, total),
                speaker_is_person=speaker.is_person,
            )
        )
    quotes.sort(key=lambda q: (q.position, q.kind is QuoteKind.REPORTED))
    return tuple(quotes)


def _outside(token: Token, ranges: list[tuple[int, int]]) -> bool:
    return not any(start <= token.idx < end for start, end in ranges)


def _direct_speaker(span: Span, inside: list[tuple[int, int]], people: PeopleFound) -> _Speaker:
    outside = [t for t in span if _outside(t, inside)]
    for token in outside:
        if token.lemma_.lower() in SPEECH_VERBS or token.lower_ in _TRAILING_VERBS:
            subject = _subject(token)
            if subject is not None and _outside(subject, inside):
                found = _resolve(subject, people)
                if found.name:
                    return found
    for token in outside:
        if token.i in people.by_token:
            return _Speaker(people.by_token[token.i], True)
    for token in outside:
        if token.lower_ in PERSON_PRONOUNS:
            return _resolve(token, people)
    for token in outside:
        if token.ent_type_ in ("ORG",):
            return _resolve(token, people)
    return _NOBODY


def _according_to(sent: Span, people: PeopleFound) -> tuple[_Speaker, str] | None:
    for token in sent:
        if token.lower_ != "according":
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        if to is None and token.i + 1 < sent.end and sent.doc[token.i + 1].lower_ == "to":
            to = sent.doc[token.i + 1]
        if to is None:
            continue
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if obj is None:
            continue
        speaker = _resolve(obj, people)
        drop = {t.i for t in token.subtree} | {t.i for t in to.subtree} | {token.i}
        text = _remaining(sent, drop)
        if speaker.name and len(text.split()) >= 3:
            return speaker, text
    return None


def _remaining(sent: Span, drop: set[int]) -> str:
    kept = [t for t in sent if t.i not in drop]
    text = "".join(t.text_with_ws for t in kept).strip()
    text = re.sub(r"^[\s,;:–—-]+|[\s,;:–—-]+$", "", text)
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    text = re.sub(r"[,;]+([:.])", r"\1", text)
    return text[:1].upper() + text[1:] if text else text


def _reported(sent: Span, people: PeopleFound) -> tuple[_Speaker, str] | None:
    found = _according_to(sent, people)
    if found is not None:
        return found
    for token in sent:
        is_verb = token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in SPEECH_VERBS
        trailing = token.lower_ in _TRAILING_VERBS and token.i >= sent.end - 2
        declined = token.lemma_.lower() in ("decline", "refuse") and any(
            c.lemma_.lower() in ("comment", "say", "discuss", "confirm") for c in token.children
        )
        if not (is_verb or trailing or declined):
            continue
        subject = _subject(token)
        if subject is None and trailing and token.i > sent.start:
            subject = sent.doc[token.i - 1]
        if subject is None:
            continue
        speaker = _resolve(subject, people)
        if not speaker.name:
            continue
        if declined:
            return speaker, sent.text.strip()
        complement = next((c for c in token.children if c.dep_ == "ccomp"), None)
        if complement is not None and complement.i > token.i:
            tokens = list(complement.subtree)
            text = sent.doc[tokens[0].i : tokens[-1].i + 1].text
            if tokens[0].lower_ == "that":
                text = sent.doc[tokens[0].i + 1 : tokens[-1].i + 1].text
        else:
            # Drop the speaker clause, keep what was said even when it comes first.
            kept: set[int] = set()
            for child in token.children:
                if child.dep_ in ("ccomp", "parataxis", "advcl", "conj") and child.i < token.i:
                    kept.update(t.i for t in child.subtree)
            text = _remaining(sent, {t.i for t in token.subtree} - kept)
        text = text.strip(" ,;:")
        if len(text.split()) >= 3:
            return speaker, text
    return None
