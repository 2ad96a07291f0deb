"""The sample articles of ``seeds/`` (one event, two outlets) among all the Multi-News articles.

The folder is read as ``newsdigest sources add FOLDER`` reads it (``read_location``): once with
its ``metadata.json`` (both dated May 2024 by it) and once as the same files in a folder without
one, where each article has only what its page says (one shows "date 2024-05", the other no date
at all, so it is known only by when it was fetched). Each article gets the publication instant
the ingest job would store and a fetch time, and the seeds are clustered among the Multi-News
articles in each order: the seeds must be one story every time.

Every article in the pool is fetched in its arrival order (one second apart, from the run's
start), as one ingest run would fetch them; the Multi-News articles stay undated.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from digests.sources.files import METADATA_FILE, read_location
from digests.sources.models import ParsedArticle
from digests.stories.clustering import cluster_articles
from digests.stories.models import StoryArticleInput
from evaluation.ingest import article_input, published_moment
from evaluation.parse import Parser, analyse_all
from evaluation.stories import ORDERS, StoriesData, arrival_order

__all__ = ["SEED_VARIANTS", "SeedsResult", "load_seeds", "seeds_together"]

# How the seed folder is read: with its metadata.json, and as the bare files.
SEED_VARIANTS = ("with metadata.json", "without metadata.json")


@dataclass(frozen=True, slots=True)
class SeedsResult:
    """How many stories the seeds fall into, read one way, clustered in one order."""

    variant: str
    order: str
    stories: int
    # What each seed was dated by: its publication date, or "fetch time".
    dated_by: tuple[str, ...]


def _read(folder: Path, *, metadata: bool) -> list[tuple[str, ParsedArticle | None]]:
    if metadata:
        return [(r.path.name, r.article) for r in read_location(folder)]
    with tempfile.TemporaryDirectory(prefix="newsdigest-seeds-") as bare:
        for path in sorted(folder.iterdir()):
            if path.is_file() and path.name != METADATA_FILE and not path.name.startswith("."):
                shutil.copyfile(path, Path(bare) / path.name)
        return [(r.path.name, r.article) for r in read_location(bare)]


def load_seeds(
    parser: Parser, folder: Path, *, metadata: bool = True, now: datetime | None = None
) -> tuple[StoryArticleInput, ...]:
    """The article files of ``folder`` read and analysed as a folder source's would be, each
    with the publication instant the ingest job would store (None when undated); ids -1, -2..."""
    moment = now or datetime.now(UTC)
    parsed = [(name, a) for name, a in _read(folder, metadata=metadata) if a is not None]
    analysed = analyse_all(parser, [article_input(a) for _, a in parsed])
    return tuple(
        StoryArticleInput(
            article_id=-(number + 1),
            title=result.article.title,
            outlet=result.article.outlet,
            url=None,
            source=name,
            published=published_moment(article, now=moment),
            fetched=None,
            analysis=result.analysis,
        )
        for number, ((name, article), result) in enumerate(zip(parsed, analysed, strict=True))
    )


def seeds_together(
    data: StoriesData,
    variants: Sequence[tuple[str, Sequence[StoryArticleInput]]],
    *,
    start: datetime | None = None,
) -> list[SeedsResult]:
    """Per way of reading the seeds and per order: the number of stories the seeds fall into
    when clustered among all the articles, each fetched in its order of arrival."""
    base = (start or datetime.now(UTC)).replace(microsecond=0)
    results = []
    for variant, seeds in variants:
        pool = [*data.inputs, *seeds]
        seed_ids = {s.article_id for s in seeds}
        dated_by = tuple(
            str(s.analysis.published) if s.published is not None else "fetch time" for s in seeds
        )
        for order in ORDERS:
            ranked = []
            for rank, index in enumerate(arrival_order(len(pool), order), start=1):
                item = pool[index]
                if item is not None:
                    ranked.append(
                        replace(
                            item,
                            article_id=item.article_id if item.article_id < 0 else rank,
                            fetched=base + timedelta(seconds=rank),
                        )
                    )
            clusters = cluster_articles(ranked)
            count = sum(1 for c in clusters if any(m.article_id in seed_ids for m in c))
            results.append(SeedsResult(variant, order, count, dated_by))
    return results
