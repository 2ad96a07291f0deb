"""Time to place one new article in a story with 1k, 10k and 100k stories stored, and in one
story that has grown to 100, 1,000 and 10,000 articles.

    python benchmarks/clustering.py                             # quick: 1k and 10k stories, SQLite
    python benchmarks/clustering.py --sizes 1000,10000,100000 --backends sqlite,postgresql
    python benchmarks/clustering.py --story-sizes 100,1000,10000 --backends sqlite,postgresql

Stories carry real signatures (``new_signature`` of generated analyses: 37 topics x 50 places,
about 100 key terms each as real articles keep, dates), 100 a day ending at the benchmark's
"now", so the 7-day window holds ~700 of them whatever the store's size. Each timed round stores
one analysed article (not timed) and runs ``cluster_pending`` on it: lease, pending query,
candidate query (``recent_stories``, capped at 500, newest first), ``place_article`` (average
link to each candidate's centroid, merges) and the writes. Judged by the growth of p50 and p95
from the smallest to the largest store (goal: flat).

``--story-sizes`` instead fills one story with that many near-identical articles from 40
outlets (each with its analysis, three stored sentences and a quote, as a feed that changes every
poll would leave them) and times placing more of the same into it: the story's title, counters
and view are rebuilt from a bounded sample of its articles, so the time must not grow with the
story (goal: flat).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _store import LAST, NOW, TOPICS, bench_database, percentile, postgres_available
from sqlalchemy import Engine, func, insert, select

from digests.analysis.models import ANALYSIS_VERSION, ArticleAnalysis
from digests.jobs.config import PipelineConfig
from digests.jobs.pipeline import cluster_pending
from digests.stories.clustering import DEFAULT_THRESHOLD, new_signature
from digests.stories.models import StoryArticleInput
from storage.engine import make_sessionmaker, transaction
from storage.models import Analysis, Article, ArticleSentence, Quote, Source, Story, StoryArticle

STORIES_PER_DAY = 100
WINDOW_DAYS = 7
THRESHOLD = DEFAULT_THRESHOLD
CHUNK = 5_000


# Words of a generated vocabulary: a real article keeps about 100 key terms.
VOCABULARY = [f"{a}{b}" for a in ("bar", "cor", "dal", "fen", "gar", "hol") for b in range(400)]


def _analysis(rng: random.Random, topic: str, place: str) -> ArticleAnalysis:
    terms = {topic: rng.randint(2, 5), place.lower(): rng.randint(1, 3)}
    for word in rng.sample(TOPICS, 6):
        terms[word] = terms.get(word, 0) + 1
    keywords = {word: round(rng.uniform(1.0, 6.0), 3) for word in rng.sample(VOCABULARY, 90)}
    keywords.update({word: float(count) * 2 for word, count in terms.items()})
    return ArticleAnalysis(
        title=f"{topic.title()} in {place}ville",
        published=None,
        language="en",
        is_english=True,
        method="hybrid",
        sentences=(),
        summary=(),
        people=(),
        quotes=(),
        events=(),
        terms=terms,
        entities=(f"gpe:{place.lower()}ville",),
        keywords=keywords,
    )


def fill_stories(engine: Engine, count: int, rng: random.Random) -> None:
    """``count`` stories with signatures, ``STORIES_PER_DAY`` a day up to NOW."""
    step = timedelta(days=1) / STORIES_PER_DAY
    first = NOW - step * count
    rows: list[dict[str, Any]] = []
    for i in range(1, count + 1):
        seen = first + step * i
        topic, place = rng.choice(TOPICS), rng.choice(LAST)
        item = StoryArticleInput(
            article_id=i,
            title=f"{topic.title()} in {place}ville",
            outlet=f"Outlet {i % 40}",
            url=None,
            source="bench",
            published=seen,
            fetched=seen,
            analysis=_analysis(rng, topic, place),
        )
        rows.append(
            {
                "id": i,
                "title": item.title,
                "created_at": seen,
                "updated_at": seen,
                "last_seen_at": seen,
                "article_count": 1,
                "outlet_count": 1,
                "quote_count": 0,
                "revision": 1,
                "signature": new_signature(item).to_json(),
            }
        )
    with engine.begin() as conn:
        conn.execute(insert(Source), [_source(first)])
        for start in range(0, len(rows), CHUNK):
            conn.execute(insert(Story), rows[start : start + CHUNK])
    if engine.dialect.name == "postgresql":
        from _store import after_bulk_load

        after_bulk_load(engine)


BIG_TOPIC, BIG_PLACE = TOPICS[0], LAST[0]


def _source(first: Any) -> dict[str, Any]:
    return {
        "id": 1,
        "kind": "feed",
        "location": "https://bench.example/feed",
        "enabled": True,
        "error_count": 0,
        "created_at": first,
    }


def fill_big_story(engine: Engine, size: int, rng: random.Random) -> ArticleAnalysis:
    """One story of ``size`` identically analysed articles over the last day (what a feed that
    changes every poll leaves); returns that analysis, for the articles still to come."""
    analysis = _analysis(rng, BIG_TOPIC, BIG_PLACE)
    step = timedelta(days=1) / size
    first = NOW - timedelta(days=1)
    articles, analyses, sentences, quotes, links = [], [], [], [], []
    for i in range(1, size + 1):
        seen = first + step * i
        articles.append(
            {
                "id": i,
                "source_id": 1,
                "url": f"https://bench.example/big/{i}",
                "title": analysis.title,
                "outlet": f"Outlet {i % 40}",
                "published_at": seen,
                "published_precision": "day",
                "fetched_at": seen,
                "text": "...",
                "content_hash": f"big-{i}",
            }
        )
        analyses.append(
            {
                "article_id": i,
                "version": ANALYSIS_VERSION,
                "language": "en",
                "is_english": True,
                "method": "hybrid",
                "summary": [0, 1],
                "features": {
                    "terms": analysis.terms,
                    "entities": list(analysis.entities),
                    "keywords": analysis.keywords,
                },
            }
        )
        for position in range(3):
            words = " ".join(rng.sample(VOCABULARY, 12))
            sentences.append(
                {"article_id": i, "position": position, "text": f"The {BIG_TOPIC} {words}."}
            )
        quotes.append(
            {
                "article_id": i,
                "speaker": None,
                "text": f"We will not give up on the {BIG_TOPIC} {i % 7}",
                "kind": "direct",
                "position": 1,
                "sentence": "...",
                "score": 0.5,
                "seen_at": seen,
            }
        )
        links.append({"article_id": i, "story_id": 1, "similarity": 0.5, "added_at": seen})
    item = StoryArticleInput(
        article_id=1,
        title=articles[0]["title"],
        outlet="Outlet 1",
        url=None,
        source="bench",
        published=first,
        fetched=first,
        analysis=analysis,
    )
    signature = replace(
        new_signature(item),
        first_seen=first,
        last_seen=NOW,
        article_count=size,
        outlets=frozenset(f"Outlet {n}" for n in range(40)),
    )
    story = {
        "id": 1,
        "title": item.title,
        "created_at": first,
        "updated_at": NOW,
        "last_seen_at": NOW,
        "article_count": size,
        "outlet_count": 40,
        "quote_count": 7,
        "revision": 1,
        "signature": signature.to_json(),
    }
    with engine.begin() as conn:
        conn.execute(insert(Source), [_source(first)])
        conn.execute(insert(Story), [story])
        for table, rows in (
            (Article, articles),
            (Analysis, analyses),
            (ArticleSentence, sentences),
            (Quote, quotes),
            (StoryArticle, links),
        ):
            for start in range(0, len(rows), CHUNK):
                conn.execute(insert(table), rows[start : start + CHUNK])
    if engine.dialect.name == "postgresql":
        from _store import after_bulk_load

        after_bulk_load(engine)
    return analysis


def add_article(
    engine: Engine, number: int, rng: random.Random, analysis: ArticleAnalysis | None = None
) -> None:
    """One analysed article, published a little before NOW, waiting for a story."""
    analysis = analysis or _analysis(rng, rng.choice(TOPICS), rng.choice(LAST))
    seen = NOW - timedelta(minutes=rng.randint(1, 600))
    with transaction(make_sessionmaker(engine)) as session:
        article = Article(
            source_id=1,
            url=f"https://bench.example/new/{number}",
            title=analysis.title,
            outlet=f"Outlet {number % 40}",
            published_at=seen,
            published_precision="day",
            fetched_at=seen,
            text="...",
            content_hash=f"new-{number}",
        )
        session.add(article)
        session.flush()
        session.add(
            Analysis(
                article_id=article.id,
                version=ANALYSIS_VERSION,
                language="en",
                is_english=True,
                method="hybrid",
                summary=[],
                features={
                    "terms": analysis.terms,
                    "entities": list(analysis.entities),
                    "keywords": analysis.keywords,
                },
            )
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="stories stored (1000,10000)")
    parser.add_argument("--backends", default="sqlite", help="sqlite,postgresql (sqlite)")
    parser.add_argument("--rounds", type=int, default=30, help="articles placed per store (30)")
    parser.add_argument(
        "--story-sizes", default="", help="instead: one story of these many articles (100,10000)"
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if "postgresql" in backends and (reason := postgres_available()):
        print(f"PostgreSQL skipped: {reason}")
        backends.remove("postgresql")
    if args.story_sizes:
        return big_story(backends, [int(s) for s in args.story_sizes.split(",")], args.rounds)

    results: dict[tuple[str, int], tuple[float, float, int, int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            for size in sizes:
                rng = random.Random(6)
                with bench_database(backend, Path(tmp)) as engine:
                    start = time.perf_counter()
                    fill_stories(engine, size, rng)
                    sessions = make_sessionmaker(engine)
                    with transaction(sessions) as session:
                        candidates = session.scalar(
                            select(func.count()).where(
                                Story.last_seen_at >= NOW - timedelta(days=WINDOW_DAYS + 1)
                            )
                        )
                    print(
                        f"{backend} {size:,} stories in {time.perf_counter() - start:.1f} s; "
                        f"{candidates} in the window"
                    )
                    times, joined = [], 0
                    for number in range(args.rounds + 2):
                        add_article(engine, number, rng)
                        start = time.perf_counter()
                        placed, created = cluster_pending(
                            sessions,
                            PipelineConfig(threshold=THRESHOLD, window_days=WINDOW_DAYS),
                            now=NOW,
                        )
                        elapsed = (time.perf_counter() - start) * 1000
                        assert placed == 1, placed
                        if number >= 2:  # two warm-ups
                            times.append(elapsed)
                            joined += 1 - created
                    with transaction(sessions) as session:
                        linked = session.scalar(select(func.count()).select_from(StoryArticle))
                    assert linked == args.rounds + 2
                    results[(backend, size)] = (
                        percentile(times, 50),
                        percentile(times, 95),
                        int(candidates or 0),
                        joined,
                    )
                    p50, p95, _, _ = results[(backend, size)]
                    print(
                        f"  place one article: p50 {p50:.1f} ms  p95 {p95:.1f} ms; "
                        f"{joined}/{args.rounds} joined a story"
                    )

    print()
    print("| backend | stories stored | place one article p50 / p95 ms | joined a story |")
    print("|---|---|---|---|")
    worst = 0.0
    for backend in backends:
        base = results[(backend, sizes[0])]
        for size in sizes:
            p50, p95, _, joined = results[(backend, size)]
            print(f"| {backend} | {size:,} | {p50:.1f} / {p95:.1f} | {joined}/{args.rounds} |")
        worst = max(worst, results[(backend, sizes[-1])][0] / base[0])
    print()
    print(f"p50 growth {sizes[0]:,} -> {sizes[-1]:,} stories: {worst:.2f}x (goal: flat, ~1x)")
    return 0


def big_story(backends: list[str], sizes: list[int], rounds: int) -> int:
    """Place ``rounds`` more articles into one story of each size; p50/p95 and their growth."""
    config = PipelineConfig(threshold=THRESHOLD, window_days=WINDOW_DAYS)
    results: dict[tuple[str, int], tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            for size in sizes:
                rng = random.Random(7)
                with bench_database(backend, Path(tmp)) as engine:
                    start = time.perf_counter()
                    same = fill_big_story(engine, size, rng)
                    print(
                        f"{backend}: one story of {size:,} in {time.perf_counter() - start:.1f} s"
                    )
                    sessions = make_sessionmaker(engine)
                    times = []
                    for number in range(rounds + 2):
                        add_article(engine, number, rng, same)
                        start = time.perf_counter()
                        placed, created = cluster_pending(sessions, config, now=NOW)
                        elapsed = (time.perf_counter() - start) * 1000
                        assert (placed, created) == (1, 0), (placed, created)
                        if number >= 2:  # two warm-ups
                            times.append(elapsed)
                    with transaction(sessions) as session:
                        grown = session.scalar(select(Story.article_count).where(Story.id == 1))
                    assert grown == size + rounds + 2, grown
                    results[(backend, size)] = (percentile(times, 50), percentile(times, 95))
                    print(
                        "  place one more: p50 {:.1f} ms  p95 {:.1f} ms".format(
                            *results[(backend, size)]
                        )
                    )
    print()
    print("| backend | articles in the story | place one more p50 / p95 ms |")
    print("|---|---|---|")
    worst = 0.0
    for backend in backends:
        for size in sizes:
            p50, p95 = results[(backend, size)]
            print(f"| {backend} | {size:,} | {p50:.1f} / {p95:.1f} |")
        worst = max(worst, results[(backend, sizes[-1])][0] / results[(backend, sizes[0])][0])
    print()
    print(f"p50 growth {sizes[0]:,} -> {sizes[-1]:,} articles: {worst:.2f}x (goal: flat, ~1x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
