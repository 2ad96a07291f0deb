"""Stories on Multi-News: the articles, undated, clustered in three orders; story summaries.

Every article goes through ingestion (a text ingestion refuses, such as a web-archive notice,
becomes no story) and analysis, then through the incremental clustering (``cluster_articles``,
what the clustering job does) in file order, reversed, and shuffled with a fixed seed. Pairwise
P/R/F1 over all texts; the number of stories formed. The corpus mixes captured pages that are no
article at all (archive notices, widget notices, link lists) into its events; the non-article
gold (``evaluation/gold/multinews_nonarticles.json``, every text labelled by reading) says which:
such a text forms no expected pair, and any pair it is put in counts as wrong. An article
ingestion refuses loses its pairs. Without that file, every text counts as an article.

Halves: the even events and the odd events (line number in the file), each clustered as a
corpus of its own (``story_half``), as the threshold's calibration does.

Baseline: TF-IDF cosine (scikit-learn, sublinear tf, English stop words) single-link over the
raw texts: connected components of the pairs at or above a threshold, order-free; the best
threshold of a sweep is printed with its score.

Story summaries: each gold event's ingested articles made into one story (``build_story``), its
summary scored by ROUGE against the editors' summary, beside the first three sentences of the
event's first article.

The seeds check is ``evaluation.seeds``, the calibration ``evaluation.calibration``, the printed
report ``evaluation.stories_report``.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

from digests.stories.clustering import cluster_articles
from digests.stories.models import StoryArticleInput
from digests.stories.story import build_story, story_title
from evaluation.corpora.jsonl import MultiNewsEvent
from evaluation.ingest import RawArticle, ingest
from evaluation.metrics import PRF, pair_counts
from evaluation.parse import Parser, analyse_all
from evaluation.rouge import Rouge, first_sentences, mean_rouge

__all__ = [
    "ORDERS",
    "Clustered",
    "StoriesData",
    "arrival_order",
    "cluster_in_order",
    "furniture_titles",
    "load_non_articles",
    "load_stories",
    "story_half",
    "story_summaries",
    "tfidf_at",
    "tfidf_baseline",
]

ORDERS = ("file order", "reversed", "shuffled (seed 0)")
NON_ARTICLES = Path(__file__).resolve().parent / "gold" / "multinews_nonarticles.json"
SOURCE = "Multi-News"
# The forms page furniture takes at the start of a title: a dateline ("WASHINGTON (AP) -",
# "(CNN)", "LONDON |"), a gallery counter ("1 of 6"), a caption credit.
_FURNITURE = re.compile(
    r"^(?:\(\s*[A-Z][\w .&'-]{0,30}\)"
    r"|[A-Z][A-Z.'’ -]{1,30}(?:,\s*[A-Z][\w.' -]{0,30})?\s*(?:\([^)]{1,30}\))?\s*[-–—|_:]{1,2}\s"
    r"|\d+\s+of\s+\d+\b"
    r"|(?i:photo|image|video|credit)s?\b\s*[:/]"
    r")"
)


@dataclass(frozen=True, slots=True)
class StoriesData:
    """The Multi-News articles as clustering sees them, with their gold event."""

    # The event each text belongs to in the corpus.
    labels: tuple[int, ...]
    texts: tuple[str, ...]
    # None where ingestion refused the text.
    inputs: tuple[StoryArticleInput | None, ...]
    events: tuple[MultiNewsEvent, ...]
    # Texts the non-article gold says are no article at all (notices, widgets, link lists).
    non_articles: frozenset[int] = frozenset()

    @property
    def gold(self) -> tuple[int, ...]:
        """Pairwise gold labels: a non-article is a story of nobody's, so it forms no expected
        pair, and any pair it is put in counts as wrong."""
        return tuple(
            -(i + 1) if i in self.non_articles else label for i, label in enumerate(self.labels)
        )


def load_non_articles(path: Path, events: Sequence[MultiNewsEvent]) -> frozenset[int]:
    """Indices (in file order) of the texts the gold file labels non-articles."""
    if not path.is_file():
        return frozenset()
    data = json.loads(path.read_text(encoding="utf-8"))
    offsets: dict[int, int] = {}
    total = 0
    for number, event in enumerate(events):
        offsets[number] = total
        total += len(event.articles)
    return frozenset(
        offsets[int(t["event"])] + int(t["article"])
        for t in data["texts"]
        if t["label"] == "non-article" and int(t["event"]) in offsets
    )


def load_stories(
    parser: Parser, events: Sequence[MultiNewsEvent], *, non_articles: Path = NON_ARTICLES
) -> StoriesData:
    """Every article of every event ingested and analysed, in file order."""
    labels = [number for number, event in enumerate(events) for _ in event.articles]
    texts = [text for event in events for text in event.articles]
    ingested = ingest([RawArticle(text) for text in texts])
    accepted = [i for i, item in enumerate(ingested) if item.article is not None]
    analysed = analyse_all(parser, [a for i in accepted if (a := ingested[i].article)])
    inputs: list[StoryArticleInput | None] = [None] * len(texts)
    for index, result in zip(accepted, analysed, strict=True):
        inputs[index] = StoryArticleInput(
            article_id=index + 1,
            title=result.article.title,
            outlet=None,
            url=None,
            source=SOURCE,
            published=None,
            fetched=None,
            analysis=result.analysis,
        )
    return StoriesData(
        tuple(labels),
        tuple(texts),
        tuple(inputs),
        tuple(events),
        load_non_articles(non_articles, events),
    )


def arrival_order(count: int, name: str) -> list[int]:
    """Indices 0..count-1 in the named order (file order, reversed, shuffled with seed 0)."""
    indices = list(range(count))
    if name == "reversed":
        indices.reverse()
    elif name.startswith("shuffled"):
        random.Random(0).shuffle(indices)
    return indices


@dataclass(frozen=True, slots=True)
class Clustered:
    order: str
    scores: PRF
    stories: int
    furniture_titles: tuple[str, ...]


def furniture_titles(titles: Sequence[str]) -> tuple[str, ...]:
    """Titles that start with a dateline, a gallery counter or a credit."""
    return tuple(t for t in titles if _FURNITURE.match(t.strip()))


def cluster_in_order(data: StoriesData, order: str) -> Clustered:
    """The articles fed to clustering in ``order``; each gets its arrival rank as its id."""
    ranked: list[StoryArticleInput] = []
    origin: dict[int, int] = {}
    for rank, index in enumerate(arrival_order(len(data.texts), order), start=1):
        item = data.inputs[index]
        if item is not None:
            ranked.append(replace(item, article_id=rank))
            origin[rank] = index
    clusters = cluster_articles(ranked)
    predicted = [-(i + 1) for i in range(len(data.texts))]  # refused texts: stories of their own
    for number, members in enumerate(clusters):
        for member in members:
            predicted[origin[member.article_id]] = number
    titles = [story_title(members) for members in clusters]
    return Clustered(
        order, pair_counts(data.gold, predicted), len(clusters), furniture_titles(titles)
    )


def story_half(data: StoriesData, parity: int) -> StoriesData:
    """The texts of the even (0) or odd (1) events only: a corpus of its own."""
    keep = [i for i, label in enumerate(data.labels) if label % 2 == parity]
    return StoriesData(
        tuple(data.labels[i] for i in keep),
        tuple(data.texts[i] for i in keep),
        tuple(data.inputs[i] for i in keep),
        data.events,
        frozenset(n for n, i in enumerate(keep) if i in data.non_articles),
    )


def _tfidf_similarity(texts: Sequence[str]) -> np.ndarray:
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    return np.asarray((matrix @ matrix.T).toarray())


def _single_link(
    similarity: np.ndarray, labels: Sequence[int], threshold: float
) -> tuple[PRF, int]:
    graph = csr_matrix(similarity >= threshold)
    count, components = connected_components(graph, directed=False)
    return pair_counts(labels, [int(c) for c in components]), int(count)


def tfidf_baseline(texts: Sequence[str], labels: Sequence[int]) -> tuple[float, PRF, int]:
    """(best threshold, its pairwise scores, its number of stories) of TF-IDF single-link."""
    similarity = _tfidf_similarity(texts)
    best: tuple[float, PRF, int] | None = None
    for threshold in np.arange(0.05, 0.951, 0.025):
        scores, count = _single_link(similarity, labels, float(threshold))
        if best is None or scores.f1 > best[1].f1:
            best = (round(float(threshold), 3), scores, count)
    assert best is not None
    return best


def tfidf_at(texts: Sequence[str], labels: Sequence[int], threshold: float) -> PRF:
    """Pairwise scores of TF-IDF single-link at one threshold (the whole corpus' best, on a
    half: the baseline is not tuned on each half)."""
    return _single_link(_tfidf_similarity(texts), labels, threshold)[0]


def story_summaries(data: StoriesData) -> dict[str, tuple[Rouge, Rouge, Rouge]]:
    """ROUGE against the editors' summaries of ours (story summary) and of the first three
    sentences of each event's first article ("lead"): (all events, even events, odd events)."""
    pairs: dict[str, list[tuple[int, str, str]]] = {"ours": [], "lead": []}
    for number, event in enumerate(data.events):
        members = [
            item
            for item, label in zip(data.inputs, data.labels, strict=True)
            if label == number and item is not None
        ]
        pairs["lead"].append((number, event.summary, first_sentences(event.articles[0])))
        if not members:
            pairs["ours"].append((number, event.summary, ""))
            continue
        story = build_story(members, story_id=number + 1)
        pairs["ours"].append((number, event.summary, " ".join(s.text for s in story.summary)))

    def scored(items: list[tuple[int, str, str]]) -> tuple[Rouge, Rouge, Rouge]:
        every = mean_rouge((ref, got) for _, ref, got in items)
        halves = [mean_rouge((r, g) for n, r, g in items if n % 2 == h) for h in (0, 1)]
        return every, halves[0], halves[1]

    return {name: scored(items) for name, items in pairs.items()}
