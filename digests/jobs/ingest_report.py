"""What one ingest run is given and what it reports: plain values in, counts and reasons out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from digests.sources.models import FetchConfig, FetchOutcome, SourceResult

__all__ = ["IngestConfig", "IngestFailure", "IngestProgress", "IngestReport", "report_of"]


@dataclass(frozen=True, slots=True)
class IngestConfig:
    """Plain values the job runs with; the CLI and the bot build it from settings."""

    fetch: FetchConfig = field(default_factory=FetchConfig)
    concurrency: int = 8
    poll_interval: timedelta = timedelta(minutes=15)
    max_source_errors: int = 8
    # Feed items read per poll, newest first; the rest wait for a later poll (or never come).
    max_items_per_poll: int = 200


@dataclass(frozen=True, slots=True)
class IngestFailure:
    """A source, or one item of it, that could not be read, and why (one line)."""

    source_id: int
    location: str
    reason: str


@dataclass(frozen=True, slots=True)
class IngestProgress:
    done: int
    total: int
    result: SourceResult


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one run did: counts of articles, and every failure with its reason."""

    sources: int
    new: int
    updated: int
    unchanged: int
    not_modified: int
    failures: tuple[IngestFailure, ...]
    skipped: tuple[str, ...] = ()
    results: tuple[SourceResult, ...] = ()

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        """The one-line summary: "N new, M unchanged, K failed" (and updates when any)."""
        line = f"{self.new} new, {self.unchanged} unchanged, {self.failed} failed"
        return f"{line}, {self.updated} updated" if self.updated else line


def report_of(results: list[SourceResult]) -> IngestReport:
    """The run's report from its per-source results (sorted by source id in place)."""
    results.sort(key=lambda r: r.source_id)
    failures: list[IngestFailure] = []
    for r in results:
        if r.reason is not None:
            failures.append(IngestFailure(r.source_id, r.location, r.reason))
        failures.extend(IngestFailure(r.source_id, item, why) for item, why in r.item_failures)
    return IngestReport(
        sources=len(results),
        new=sum(r.new for r in results),
        updated=sum(r.updated for r in results),
        unchanged=sum(r.unchanged for r in results),
        not_modified=sum(r.outcome is FetchOutcome.NOT_MODIFIED for r in results),
        failures=tuple(failures),
        skipped=tuple(s for r in results for s in r.skipped),
        results=tuple(results),
    )
