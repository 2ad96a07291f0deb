"""The reader check: what a subscriber would stumble on in each headline, sentence and key quote.

The real pipeline makes the stories a digest shows: every Multi-News event's articles ingested,
analysed and built into one story (``build_story``), and every CNN/DailyMail article as the
single-article story it becomes. Each item the digest would show (the headline, the summary
sentences, the first two key quotes, as ``NEWSDIGEST_DIGEST_KEY_QUOTES`` sets) is parsed on its
own and its defects counted by form (``evaluation.reader_checks``): caption/promo/credit,
fragment, unbalanced quote marks, dangling reference, repeat of a fact shown before,
non-statement quote, question to the reader, headline cut mid-clause. Beside ours the same counts
for the classic baselines a reader might get instead: the first three sentences of the event's
first article (Multi-News) and LEAD-3 (CNN/DailyMail), each under its article's ingested title.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language

from digests.analysis.models import QuoteKind
from digests.stories.models import StoryArticleInput, StoryView
from digests.stories.story import build_story
from evaluation.corpora.jsonl import CnnDmArticle
from evaluation.figures import Better, Figure
from evaluation.ingest import RawArticle, ingest
from evaluation.metrics import format_table
from evaluation.parse import Parser, analyse_all
from evaluation.reader_checks import (
    Defect,
    Shown,
    headline_defects,
    quote_defects,
    sentence_defects,
)
from evaluation.rouge import lead_sentences
from evaluation.stories import StoriesData

__all__ = [
    "KEY_QUOTES",
    "Digested",
    "ReaderItem",
    "cnndm_digests",
    "judge",
    "multinews_digests",
    "reader_report",
]

# Key quotes a digest shows per story by default (NEWSDIGEST_DIGEST_KEY_QUOTES).
KEY_QUOTES = 2
OURS, FIRST_THREE, LEAD3 = "**ours**", "first three sentences", "LEAD-3"


@dataclass(frozen=True, slots=True)
class Digested:
    """What one system shows a reader of one story: headline, sentences, key quotes."""

    corpus: str
    system: str
    headline: str
    # (text, source article, position in it): the source tells adjacent sentences apart.
    sentences: tuple[tuple[str, object, int], ...]
    # (text, direct?, speaker)
    quotes: tuple[tuple[str, bool, str | None], ...] = ()


@dataclass(frozen=True, slots=True)
class ReaderItem:
    corpus: str
    system: str
    kind: str
    text: str
    defects: frozenset[Defect]


def _ours(corpus: str, story: StoryView) -> Digested:
    return Digested(
        corpus,
        OURS,
        story.title,
        tuple((s.text, s.article_id, s.position) for s in story.summary),
        tuple((q.text, q.kind is QuoteKind.DIRECT, q.speaker) for q in story.quotes[:KEY_QUOTES]),
    )


def _lead(corpus: str, system: str, title: str, text: str) -> Digested:
    sentences = lead_sentences(text, 3)
    return Digested(corpus, system, title, tuple((s, "lead", i) for i, s in enumerate(sentences)))


def _title_of(text: str) -> str:
    ingested = ingest([RawArticle(text)])[0].article
    return (ingested.title or "") if ingested is not None else ""


def multinews_digests(data: StoriesData) -> list[Digested]:
    """Ours and the first three sentences of the first article, per Multi-News event."""
    found: list[Digested] = []
    for number, event in enumerate(data.events):
        members: list[StoryArticleInput] = [
            item
            for item, label in zip(data.inputs, data.labels, strict=True)
            if label == number and item is not None
        ]
        if members:
            found.append(_ours("Multi-News", build_story(members, story_id=number + 1)))
        first = event.articles[0]
        found.append(_lead("Multi-News", FIRST_THREE, _title_of(first), first))
    return found


def cnndm_digests(parser: Parser, articles: Sequence[CnnDmArticle]) -> list[Digested]:
    """Ours (each article as the one-article story it becomes) and LEAD-3, per article."""
    ingested = ingest([RawArticle(a.text) for a in articles])
    kept = [(a, i.article) for a, i in zip(articles, ingested, strict=True) if i.article]
    analysed = analyse_all(parser, [art for _, art in kept if art is not None])
    found: list[Digested] = []
    for number, ((raw, article), result) in enumerate(zip(kept, analysed, strict=True)):
        assert article is not None
        single = StoryArticleInput(
            article_id=number + 1,
            title=article.title,
            outlet=None,
            url=None,
            source="CNN/DailyMail",
            published=None,
            fetched=None,
            analysis=result.analysis,
        )
        found.append(_ours("CNN/DailyMail", build_story([single], story_id=number + 1)))
        found.append(_lead("CNN/DailyMail", LEAD3, article.title or "", raw.text))
    return found


def judge(nlp: Language, digests: Sequence[Digested]) -> list[ReaderItem]:
    """Every shown item parsed alone and its defects counted."""
    texts: list[str] = []
    for digest in digests:
        texts.append(digest.headline or "(no headline)")
        texts += [text for text, _, _ in digest.sentences]
        texts += [text for text, _, _ in digest.quotes]
    parsed = iter(nlp.pipe(texts, batch_size=256))
    items: list[ReaderItem] = []
    for digest in digests:
        head = next(parsed)

        def item(kind: str, text: str, defects: set[Defect], d: Digested = digest) -> ReaderItem:
            return ReaderItem(d.corpus, d.system, kind, text, frozenset(defects))

        items.append(item("headline", digest.headline, headline_defects(head)))
        before = [Shown(head)]
        for text, source, position in digest.sentences:
            shown = Shown(next(parsed), source, position)
            items.append(item("sentence", text, sentence_defects(shown, before)))
            before.append(shown)
        summary = [b.doc for b in before[1:]]
        for text, direct, speaker in digest.quotes:
            doc = next(parsed)
            defects = quote_defects(doc, direct=direct, speaker=speaker, summary=summary)
            items.append(item("quote", text, defects))
    return items


def reader_report(items: Sequence[ReaderItem]) -> str:
    """Per corpus and system: items by kind, each defect's count, and the share flagged."""
    groups: dict[tuple[str, str], list[ReaderItem]] = {}
    for it in items:
        groups.setdefault((it.corpus, it.system), []).append(it)
    header = (
        "corpus",
        "system",
        "headlines",
        "sentences",
        "quotes",
        *[str(d) for d in Defect],
        "items flagged",
        "share",
    )
    rows = []
    for (corpus, system), group in groups.items():
        kinds = Counter(it.kind for it in group)
        defects = Counter(d for it in group for d in it.defects)
        flagged = sum(1 for it in group if it.defects)
        rows.append(
            (
                corpus,
                system,
                kinds["headline"],
                kinds["sentence"],
                kinds["quote"] or "—",
                *[defects[d] for d in Defect],
                flagged,
                f"{100 * flagged / max(1, len(group)):.1f}%",
            )
        )
    note = (
        "Each item parsed alone and judged by its form (evaluation/reader_checks.py); an item "
        "with several defects counts once under 'items flagged'. Baselines show no key quotes."
    )
    return note + "\n\n" + format_table(header, rows)


def reader_figures(items: Sequence[ReaderItem]) -> tuple[Figure, ...]:
    """The share of items flagged, per corpus and system, for ``evaluation.compare`` (lower is
    better; the items are a story's own, so the check has no halves of its own)."""
    groups: dict[tuple[str, str], list[ReaderItem]] = {}
    for it in items:
        groups.setdefault((it.corpus, it.system), []).append(it)
    return tuple(
        Figure(
            task="reader",
            scope=corpus,
            measure="share of items flagged",
            system=system,
            value=round(sum(1 for it in group if it.defects) / max(1, len(group)), 4),
            better=Better.LOWER,
            ours=system == OURS,
        )
        for (corpus, system), group in groups.items()
    )
