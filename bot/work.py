"""The process's work as use cases on the container: poll sources, process new articles, prune.

The bot's jobs, the worker's loop and the CLI commands call these same functions with the
container's one configuration, so every path polls, analyses, clusters and prunes alike.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from bot.container import Container
from bot.settings import Settings
from digests.jobs.ingest_report import IngestProgress, IngestReport

if TYPE_CHECKING:
    from digests.jobs.pipeline import PipelineReport
    from digests.jobs.retention import PruneCounts

__all__ = ["poll", "process", "prune", "retention_days"]


async def poll(
    container: Container,
    *,
    source_id: int | None = None,
    everything: bool = False,
    progress: Callable[[IngestProgress], None] | None = None,
) -> IngestReport:
    """Fetch the due sources (or one, or all) through the container's one HTTP client."""
    from digests.jobs.ingest import ingest

    return await ingest(
        container.sessions,
        container.ingest,
        client=container.http,
        source_id=source_id,
        everything=everything,
        progress=progress,
    )


def process(
    container: Container, *, progress: Callable[[int], None] | None = None
) -> PipelineReport:
    """Analyse and cluster every stored article that is new (blocking; off the loop)."""
    # Analysis and clustering load spaCy, sumy and scikit-learn: only when there is work.
    from digests.jobs.pipeline import process_pending

    return process_pending(
        container.sessions,
        container.nlp,
        container.pipeline,
        worker=container.worker,
        claim_for=container.claim,
        progress=progress,
    )


def retention_days(settings: Settings, days: int | None = None) -> int:
    """Days kept: ``days`` or NEWSDIGEST_KEEP_DAYS (0: kept for ever), never fewer than
    NEWSDIGEST_STORY_WINDOW_DAYS, so no story still open for articles loses any."""
    keep = settings.keep_days if days is None else days
    return max(keep, settings.story_window_days) if keep > 0 else 0


def prune(container: Container, *, days: int | None = None) -> PruneCounts:
    """Prune what is older than ``retention_days(days)`` (blocking; off the loop)."""
    from digests.jobs.retention import PruneCounts, prune_older_than

    keep = retention_days(container.settings, days)
    if keep == 0:
        return PruneCounts()
    return prune_older_than(
        container.sessions, keep=timedelta(days=keep), now=container.clock.now()
    )
