"""Stories on Multi-News: all articles mixed, undated, in three orders; story summaries.

Every article goes through ingestion (a text ingestion refuses, such as a web-archive notice,
becomes no story) and analysis, then through the incremental clustering (``cluster_articles``,
what the clustering job does) in file order, reversed, and shuffled with a fixed seed. Pairwise
P/R/F1 over all texts; the number of stories formed. The corpus mixes captured pages that are no
article at all (archive notices, widget notices, link lists) into its events; the non-article
gold (``evaluation/gold/multinews_nonarticles.json``, every text labelled by reading) says which:
such a text forms no expected pair, and any pair it is put in counts as wrong. An article
ingestion refuses loses its pairs. Without that file, every text counts as an article.

Baseline: TF-IDF cosine (scikit-learn, sublinear tf, English stop words) single-link over the
raw texts: connected components of the pairs at or above a threshold, order-free; the best
threshold of a sweep is printed with its score.

The two sample articles of ``seeds/`` (one event, two outlets) are ingested the same way and
clustered among all the Multi-News articles in the same three orders: they must stay one story.

The threshold's calibration: pairwise scores over a sweep on the even events (calibration half)
and the odd events (check half), with the rule that chose the default.

Story summaries: each gold event's ingested articles made into one story (``build_story``), its
summary scored by ROUGE against the editors' summary, beside the first three sentences of the
event's first article.
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

from digests.stories.clustering import DEFAULT_THRESHOLD, cluster_articles
from digests.stories.models import StoryArticleInput
from digests.stories.story import build_story, story_title
from evaluation.corpora.jsonl import MultiNewsEvent
from evaluation.ingest import RawArticle, ingest
from evaluation.metrics import PRF, format_table, pair_counts
from evaluation.parse import Parser, analyse_all
from evaluation.rouge import Rouge, first_sentences, mean_rouge

__all__ = [
    "ORDERS",
    "StoriesData",
    "calibration",
    "chosen_threshold",
    "furniture_titles",
    "load_seeds",
    "load_stories",
    "seeds_together",
    "stories_report",
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


def _order(count: int, name: str) -> list[int]:
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
    for rank, index in enumerate(_order(len(data.texts), order), start=1):
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


CALIBRATION_THRESHOLDS = tuple(round(0.14 + 0.02 * i, 2) for i in range(9))


def _half(data: StoriesData, parity: int) -> StoriesData:
    keep = [i for i, label in enumerate(data.labels) if label % 2 == parity]
    return StoriesData(
        tuple(data.labels[i] for i in keep),
        tuple(data.texts[i] for i in keep),
        tuple(data.inputs[i] for i in keep),
        data.events,
        frozenset(n for n, i in enumerate(keep) if i in data.non_articles),
    )


def calibration(data: StoriesData) -> list[tuple[float, PRF, PRF]]:
    """Pairwise scores per threshold on the even events (calibration) and the odd (check).

    The default threshold is chosen on the calibration half alone: the highest threshold whose
    F1 there is within 0.02 of that half's best (a wrong merge costs a reader more than a split);
    the check half shows whether the choice holds on events it was not chosen on.
    """
    halves = (_half(data, 0), _half(data, 1))
    rows = []
    for threshold in sorted({*CALIBRATION_THRESHOLDS, DEFAULT_THRESHOLD}):
        scores = []
        for half in halves:
            items = [item for item in half.inputs if item is not None]
            clusters = cluster_articles(items, threshold=threshold)
            where = {m.article_id: n for n, members in enumerate(clusters) for m in members}
            predicted = [
                where[item.article_id] if item is not None else -(i + 1)
                for i, item in enumerate(half.inputs)
            ]
            scores.append(pair_counts(half.gold, predicted))
        rows.append((threshold, scores[0], scores[1]))
    return rows


def chosen_threshold(rows: Sequence[tuple[float, PRF, PRF]]) -> float:
    """The calibration rule above, applied to the calibration half's scores."""
    best = max(calibration.f1 for _, calibration, _ in rows)
    return max(threshold for threshold, calibration, _ in rows if calibration.f1 >= best - 0.02)


def tfidf_baseline(texts: Sequence[str], labels: Sequence[int]) -> tuple[float, PRF, int]:
    """(best threshold, its pairwise scores, its number of stories) of TF-IDF single-link."""
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    similarity = (matrix @ matrix.T).toarray()
    best: tuple[float, PRF, int] | None = None
    for threshold in np.arange(0.05, 0.951, 0.025):
        graph = csr_matrix(similarity >= threshold)
        count, components = connected_components(graph, directed=False)
        scores = pair_counts(labels, [int(c) for c in components])
        if best is None or scores.f1 > best[1].f1:
            best = (round(float(threshold), 3), scores, int(count))
    assert best is not None
    return best


def story_summaries(data: StoriesData) -> tuple[Rouge, Rouge]:
    """(ours, first three sentences of the first article) against the editors' summaries."""
    ours: list[tuple[str, str]] = []
    lead: list[tuple[str, str]] = []
    for number, event in enumerate(data.events):
        members = [
            item
            for item, label in zip(data.inputs, data.labels, strict=True)
            if label == number and item is not None
        ]
        lead.append((event.summary, first_sentences(event.articles[0])))
        if not members:
            ours.append((event.summary, ""))
            continue
        story = build_story(members, story_id=number + 1)
        ours.append((event.summary, " ".join(s.text for s in story.summary)))
    return mean_rouge(ours), mean_rouge(lead)


def load_seeds(parser: Parser, folder: Path) -> tuple[StoryArticleInput, ...]:
    """The sample articles in ``folder`` through the same ingestion and analysis, undated."""
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    names = sorted(meta)
    raws = [
        RawArticle((folder / name).read_text(encoding="utf-8"), outlet=meta[name].get("outlet"))
        for name in names
    ]
    ingested = [item.article for item in ingest(raws)]
    analysed = analyse_all(parser, [a for a in ingested if a is not None])
    return tuple(
        StoryArticleInput(
            article_id=-(number + 1),
            title=result.article.title,
            outlet=result.article.outlet,
            url=None,
            source=name,
            published=None,
            fetched=None,
            analysis=result.analysis,
        )
        for number, (name, result) in enumerate(zip(names, analysed, strict=True))
    )


def seeds_together(data: StoriesData, seeds: Sequence[StoryArticleInput]) -> list[tuple[str, int]]:
    """Per order: how many stories the seeds fall into when clustered among all the articles."""
    pool = [*data.inputs, *seeds]
    results = []
    for order in ORDERS:
        ranked = []
        for rank, index in enumerate(_order(len(pool), order), start=1):
            item = pool[index]
            if item is not None:
                ranked.append(
                    replace(item, article_id=rank if item.article_id > 0 else item.article_id)
                )
        clusters = cluster_articles(ranked)
        seed_ids = {s.article_id for s in seeds}
        results.append(
            (order, sum(1 for c in clusters if any(m.article_id in seed_ids for m in c)))
        )
    return results


def _non_article_line(data: StoriesData) -> str:
    if not data.non_articles:
        return "No non-article gold: every refused text counts as a lost story of its own."
    refused = {i for i, item in enumerate(data.inputs) if item is None}
    gold = data.non_articles
    hits = len(refused & gold)
    precision = hits / len(refused) if refused else 1.0
    return (
        f"Non-article gold ({NON_ARTICLES.name}): {len(gold)} texts are no article; they form "
        f"no expected pair and any pair they are put in is wrong. Ingestion refused {hits} of "
        f"them and {len(refused - gold)} articles (refusal P {precision:.3f}, "
        f"R {hits / len(gold):.3f})."
    )


def stories_report(data: StoriesData, *, seeds: Sequence[StoryArticleInput] = ()) -> str:
    """Clustering in three orders beside the TF-IDF baseline, then the story summaries."""
    refused = sum(1 for item in data.inputs if item is None)
    rows: list[tuple[str, str, float, float, float, int, str]] = []
    threshold, base, base_count = tfidf_baseline(data.texts, data.gold)
    rows.append(
        (
            f"TF-IDF single-link, best threshold {threshold}",
            "any",
            base.precision,
            base.recall,
            base.f1,
            base_count,
            "",
        )
    )
    examples: list[str] = []
    for order in ORDERS:
        result = cluster_in_order(data, order)
        rows.append(
            (
                "**ours**",
                order,
                result.scores.precision,
                result.scores.recall,
                result.scores.f1,
                result.stories,
                str(len(result.furniture_titles)),
            )
        )
        examples.extend(result.furniture_titles[:3])
    header = ("system", "order", "pair P", "pair R", "pair F1", "stories", "furniture titles")
    lines = [
        f"{len(data.texts)} articles of {len(data.events)} events, undated; {refused} refused "
        "at ingestion (no story).",
        _non_article_line(data),
        "",
        format_table(header, rows),
    ]
    if examples:
        lines += ["", "Titles starting with furniture: " + " / ".join(examples[:6])]
    if seeds:
        together = seeds_together(data, seeds)
        lines += [
            "",
            f"The {len(seeds)} sample articles (seeds/) ingested with them: "
            + "; ".join(
                f"{order}: {'one story' if count == 1 else f'{count} stories'}"
                for order, count in together
            )
            + ".",
        ]
    rows_cal = calibration(data)
    pick = chosen_threshold(rows_cal)
    lines += [
        "",
        f"Threshold calibrated on the even events, checked on the odd ones (rule: the highest "
        f"threshold within 0.02 of the calibration half's best F1): {pick}; the default is "
        f"{DEFAULT_THRESHOLD}.",
        "",
        format_table(
            (
                "threshold",
                "calibration P",
                "calibration R",
                "calibration F1",
                "check P",
                "check R",
                "check F1",
            ),
            [
                (
                    f"**{t:.2f}**" if t == DEFAULT_THRESHOLD else f"{t:.2f}",
                    cal.precision,
                    cal.recall,
                    cal.f1,
                    chk.precision,
                    chk.recall,
                    chk.f1,
                )
                for t, cal, chk in rows_cal
            ],
        ),
    ]
    ours, lead = story_summaries(data)
    lines += [
        "",
        format_table(
            ("story summary vs editors' summary", "events", "ROUGE-1", "ROUGE-2", "ROUGE-L"),
            [
                (
                    "first three sentences of the first article",
                    lead.count,
                    lead.r1,
                    lead.r2,
                    lead.rl,
                ),
                ("**ours** (story summary)", ours.count, ours.r1, ours.r2, ours.rl),
            ],
        ),
    ]
    return "\n".join(lines)
