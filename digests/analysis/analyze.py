"""Analysis of a batch of articles in one spaCy pass: summary, people, quotes, events, terms."""

from __future__ import annotations

import html
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz
from spacy.attrs import IS_ALPHA, IS_UPPER, LENGTH, POS
from spacy.language import Language
from spacy.tokens import Doc, Span

from digests.analysis import docindex
from digests.analysis.credits import credit_starts
from digests.analysis.dates import find_events
from digests.analysis.headline import headline_from
from digests.analysis.keywords import keywords
from digests.analysis.language import UNDETERMINED, detect_language, is_supported
from digests.analysis.lexicon import alternatives
from digests.analysis.lexicon.page import PROMO_CALLS
from digests.analysis.models import (
    ArticleAnalysis,
    ArticleInput,
    PartialDate,
    Sentence,
    SentenceTraits,
)
from digests.analysis.names import normalize_name
from digests.analysis.nlp import SpacySumyTokenizer
from digests.analysis.page_forms import AGENCY_CREDIT, COPYRIGHT, PAREN_CREDIT, PHOTO_LABEL
from digests.analysis.people import find_people
from digests.analysis.quotes import find_quotes
from digests.analysis.readable import sentence_traits
from digests.analysis.summarize import Summarizer, get_summarizer

__all__ = [
    "DEFAULT_MAX_CHARS",
    "analyze_batch",
    "analyze_doc",
    "clean_leftovers",
    "summary_positions",
]

log = logging.getLogger(__name__)

# Longer texts are cut at a paragraph break: parsing costs about 1 s per 10k characters with the
# small model, and even long-form news articles fit in 50k characters.
DEFAULT_MAX_CHARS = 50_000
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]{0,500}>")
_BLOCK_TAG = re.compile(r"<\s*(?:/p|br\s*/?|/div|/h\d|/li)\s*>", re.IGNORECASE)
# A sentence opening with a widget's call to the reader: "Share this", "Read more".
_PROMO_START = re.compile(rf"^\s*(?:{alternatives(PROMO_CALLS)})\b", re.IGNORECASE)
_TERMINAL = re.compile(r"[.!?…\"”’»)]\s*$")
_ENTITY_LABELS = frozenset({"ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW"})
_MIN_SUMMARY_WORDS = 6
_OLDEST_NEWS, _LATEST_NEWS = 1900, 2200
# Graph summarizers are quadratic in sentences; a news summary never needs sentence 300.
_MAX_SUMMARY_CANDIDATES = 150
# Sentences whose traits are read (and stored) for story building: the summary's candidates
# and what other outlets' sentences are compared with.
_MAX_TRAITS = 24
# Sentences a headline may be made from when the lead's subject names nobody ("He was ...").
_HEADLINE_LEADS = 5


def clean_leftovers(text: str, *, max_chars: int = DEFAULT_MAX_CHARS) -> tuple[str, list[str]]:
    """Text with leftover HTML tags and entities removed, cut to ``max_chars``; plus warnings."""
    warnings: list[str] = []
    if "<" in text and _TAG.search(text):
        text = _BLOCK_TAG.sub("\n", text)
        text = _TAG.sub("", text)
        warnings.append("leftover HTML tags removed")
    if "&" in text:
        text = html.unescape(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if len(text) > max_chars:
        cut = text.rfind("\n", 0, max_chars)
        text = text[: cut if cut > max_chars // 2 else max_chars]
        warnings.append(f"article longer than {max_chars} characters: only the start analysed")
    return text, warnings


def _is_whole_line(own: str, start_char: int, text: str) -> bool:
    start = start_char + len(own) - len(own.lstrip())
    end = start_char + len(own.rstrip())
    before = text.rfind("\n", 0, start)
    line_start = before + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return not text[line_start:start].strip() and not text[end:line_end].strip()


def _stand_in(title: str, doc_text: str) -> bool:
    """Whether the title is the text's own first sentence standing in for a missing headline.

    Ingestion titles a headline-less article by its lead (cut at a word, "…"); that sentence is
    the news, not a headline repeated in the body, so it stays a summary candidate.
    """
    stem = title.rstrip("…").rstrip(" .")
    # Only the text's head is looked at: a long text is never copied per title.
    return bool(stem) and doc_text[: 64 + len(stem)].lstrip().startswith(stem)


def _summary_eligible(
    own: str, start_char: int, counts: tuple[int, int, int], title_key: str | None, doc_text: str
) -> bool:
    """Captions, credits, headlines and fragments never become summary sentences.

    ``own`` is the sentence's text; ``counts`` its words (letters only), its verbs and
    auxiliaries, and its words in capitals longer than a letter; ``title_key`` the normalized
    headline.
    """
    words, verbs, capitals = counts
    if words < _MIN_SUMMARY_WORDS or not verbs:
        return False
    text = own.strip()
    if _credited(text):
        return False
    if capitals > words / 2:
        return False
    if title_key is not None and fuzz.ratio(normalize_name(text), title_key) >= 85:
        return False
    # A line of its own without closing punctuation is a headline or a caption.
    return not (_is_whole_line(own, start_char, doc_text) and not _TERMINAL.search(text))


def _credited(text: str) -> bool:
    """A picture's credit, a copyright or a widget's call: no sentence of the news."""
    return bool(
        PAREN_CREDIT.search(text)
        or PHOTO_LABEL.search(text)
        or COPYRIGHT.search(text)
        or AGENCY_CREDIT.search(text)
        or _PROMO_START.match(text)
    )


def _sentence_counts(doc: Doc, starts: list[int]) -> list[tuple[int, int, int]]:
    """Per sentence (by start token): words, verbs and capitals as ``_summary_eligible`` reads
    them, summed over one array of the document (no Token object per word)."""
    if not starts:
        return []
    strings = doc.vocab.strings
    values = doc.to_array([IS_ALPHA, POS, IS_UPPER, LENGTH]).astype("int64")
    alpha = values[:, 0]
    verbs = np.isin(values[:, 1], [strings["VERB"], strings["AUX"]]).astype("int64")
    capitals = alpha * values[:, 2] * (values[:, 3] > 1)
    sums = np.add.reduceat(np.stack([alpha, verbs, capitals], axis=1), starts, axis=0)
    return [(int(w), int(v), int(c)) for w, v, c in sums.tolist()]


def _terms(doc: Doc) -> dict[str, int]:
    return dict(Counter(lemma for _, lemma in docindex.content_lemmas(doc)))


def _entities(doc: Doc) -> tuple[str, ...]:
    keys = set()
    for ent in docindex.entities(doc):
        if ent.label_ in _ENTITY_LABELS:
            key = normalize_name(re.sub(r"^the\s+", "", ent.text, flags=re.IGNORECASE))
            if key:
                keys.add(f"{ent.label_.lower()}:{key}")
    return tuple(sorted(keys))


@dataclass(frozen=True, slots=True)
class _Segments:
    """The sentences of a parsed article and which of them may enter its summary."""

    sentences: tuple[Sentence, ...]
    # Sentence start token -> sentence position.
    positions: dict[int, int]
    # Positions of summary-eligible sentences, in order (capped for the graph summarizers).
    eligible: tuple[int, ...]
    # Start tokens of the eligible sentences: the article's body, not its furniture.
    body: frozenset[int]
    # How the first eligible sentences read alone; those with a fault are not eligible.
    traits: tuple[SentenceTraits, ...] = ()
    # The first sentences eligible for the summary: the leads a headline is made from.
    leads: tuple[Span, ...] = ()


def _segment(doc: Doc, title: str | None, doc_text: str) -> _Segments:
    headline = None if title is None or _stand_in(title, doc_text) else title
    found: list[Sentence] = []
    positions: dict[int, int] = {}
    eligible: list[int] = []
    body: set[int] = set()
    title_key = normalize_name(headline) if headline else None
    spans = docindex.sentences(doc)
    counts = _sentence_counts(doc, [sent.start for sent in spans])
    candidates: dict[int, Span] = {}
    for sent, sentence_counts in zip(spans, counts, strict=True):
        start_char, end_char = sent.start_char, sent.end_char
        own = doc_text[start_char:end_char]
        text = own.strip()
        if not text:
            continue
        position = len(found)
        positions[sent.start] = position
        found.append(Sentence(position, text, start_char, end_char))
        if _summary_eligible(own, start_char, sentence_counts, title_key, doc_text):
            eligible.append(position)
            body.add(sent.start)
            if len(candidates) < _MAX_TRAITS:
                candidates[position] = sent
    traits = sentence_traits(doc, candidates, doc_text)
    # A faulty sentence stays eligible for the article's own summary (scored as news
    # highlights score it); a story's summary and a headline never take one.
    faulty = {t.position for t in traits if t.faults}
    sound = [p for p in eligible if p not in faulty and p in candidates]
    leads = tuple(candidates[p] for p in sound[:_HEADLINE_LEADS])
    return _Segments(
        tuple(found),
        positions,
        tuple(eligible[:_MAX_SUMMARY_CANDIDATES]),
        frozenset(body),
        traits,
        leads,
    )


def _summary(
    segments: _Segments, summarizer: Summarizer, *, count: int, title: str | None
) -> tuple[int, ...]:
    texts = [segments.sentences[p].text for p in segments.eligible]
    chosen = summarizer(texts, count=count, title=title)
    return tuple(segments.eligible[i] for i in chosen)


def summary_positions(
    doc: Doc, article: ArticleInput, summarizer: Summarizer, *, sentences: int
) -> tuple[int, ...]:
    """The summary ``analyze_doc`` would pick with ``summarizer``, alone (for comparing methods)."""
    segments = _segment(doc, article.title, docindex.text(doc))
    return _summary(segments, summarizer, count=sentences, title=article.title)


def analyze_doc(
    doc: Doc,
    article: ArticleInput,
    summarizer: Summarizer,
    *,
    method: str,
    sentences: int,
    warnings: Iterable[str] = (),
) -> ArticleAnalysis:
    """Analysis of one parsed article (what ``analyze_batch`` does for each document)."""
    notes = list(warnings)
    # Doc.text is rebuilt from the tokens on every access: read it once.
    doc_text = docindex.text(doc)
    segments = _segment(doc, article.title, doc_text)
    if not segments.sentences:
        notes.append("empty text: nothing to analyse")
    language = detect_language(doc_text)
    summary = _summary(segments, summarizer, count=sentences, title=article.title)
    if not is_supported(language):
        # Summarised and clustered by its words, never read for people, quotes or dates.
        notes.append(
            f"not analysed: language {language!r} (people, quotes and dates are read in "
            "English only)"
        )
        return ArticleAnalysis(
            title=article.title,
            published=article.published,
            language=language,
            is_english=False,
            method=method,
            sentences=segments.sentences,
            summary=summary,
            people=(),
            quotes=(),
            events=(),
            terms=_terms(doc),
            keywords=keywords(doc),
            warnings=tuple(notes),
        )
    positions = segments.positions
    credits = credit_starts(doc)
    people = find_people(
        doc, positions=positions, body_sentences=set(segments.body), credits=credits
    )
    anchor = article.published if _plausible(article.published) else None
    if article.published is not None and anchor is None:
        notes.append(f"publication date {article.published} is implausible: not used for dates")
    return ArticleAnalysis(
        title=article.title,
        published=article.published,
        language=language,
        is_english=True,
        method=method,
        sentences=segments.sentences,
        summary=summary,
        people=people.people,
        quotes=find_quotes(doc, people, positions=positions, credits=credits),
        events=find_events(doc, anchor, positions=positions, text=doc_text),
        terms=_terms(doc),
        entities=_entities(doc),
        keywords=keywords(doc),
        warnings=tuple(notes),
        traits=segments.traits,
        headline=_made_headline(segments, article.title, doc_text),
    )


def _made_headline(segments: _Segments, title: str | None, doc_text: str) -> str | None:
    """A headline from the lead's parse when the source gave none (no title, or the lead
    standing in for one)."""
    if title is not None and not _stand_in(title, doc_text):
        return None
    return headline_from(segments.leads) or None


def _plausible(published: PartialDate | None) -> bool:
    # Relative dates are resolved against the publication date; one far outside the era of news
    # (an old row, a typo) would only make nonsense dates, or overflow date arithmetic.
    return published is None or _OLDEST_NEWS <= published.start.year <= _LATEST_NEWS


def _failed(article: ArticleInput, method: str, exc: Exception) -> ArticleAnalysis:
    return ArticleAnalysis(
        title=article.title,
        published=article.published,
        language=UNDETERMINED,
        is_english=True,
        method=method,
        sentences=(),
        summary=(),
        people=(),
        quotes=(),
        events=(),
        warnings=(f"analysis failed: {type(exc).__name__}: {exc}".splitlines()[0],),
    )


def analyze_batch(
    nlp: Language,
    inputs: Iterable[ArticleInput],
    *,
    method: str,
    sentences: int,
    max_chars: int = DEFAULT_MAX_CHARS,
    batch_size: int = 32,
    raise_errors: bool = False,
) -> Iterator[ArticleAnalysis]:
    """Analyse articles with one ``nlp.pipe`` pass; results come in input order, one per input.

    An article whose analysis raises gets an empty analysis with the error as a warning, or,
    with ``raise_errors`` (a caller that records failures), the exception.
    """
    summarizer = get_summarizer(method, SpacySumyTokenizer(nlp))
    articles = list(inputs)
    prepared = [clean_leftovers(a.text, max_chars=max_chars) for a in articles]
    docs = nlp.pipe((text for text, _ in prepared), batch_size=batch_size)
    for article, (_, warnings), doc in zip(articles, prepared, docs, strict=True):
        try:
            yield analyze_doc(
                doc, article, summarizer, method=method, sentences=sentences, warnings=warnings
            )
        except Exception as exc:  # one bad article must not stop the batch
            if raise_errors:
                raise
            log.exception("analysis of %r failed", article.title)
            yield _failed(article, method, exc)
