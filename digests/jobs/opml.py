"""OPML import and export against the sources table, with a report of what was added and skipped.

The steps are separate so no transaction stays open over the network: ``parse_opml`` (pure), then
optionally ``check_feeds`` (HTTP, outside any transaction), then ``import_feeds`` in one short
transaction. ``export_sources`` writes every feed source back out as OPML 2.0.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

import httpx
from sqlalchemy.orm import Session

from digests.sources.errors import SourceError
from digests.sources.feeds import parse_fetched
from digests.sources.fetch import fetch
from digests.sources.models import FetchConfig, SourceKind
from digests.sources.opml import (
    OpmlDocument,
    OpmlFeed,
    OpmlSkip,
    SkipReason,
    export_opml,
    feed_key,
)
from digests.sources.urls import shown
from storage.errors import AlreadyExists
from storage.sources import add_source, list_sources

__all__ = [
    "AddedFeed",
    "ExportResult",
    "ImportReport",
    "check_feeds",
    "export_sources",
    "import_feeds",
]


@dataclass(frozen=True, slots=True)
class AddedFeed:
    source_id: int
    feed: OpmlFeed


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: sources added (with their ids), outlines skipped and why."""

    added: tuple[AddedFeed, ...]
    skipped: tuple[OpmlSkip, ...]
    encoding: str
    encoding_detected: bool = False
    recovered_from: str | None = None

    def lines(self) -> list[str]:
        """The report as lines for a terminal or a chat message; the summary line first."""
        summary = f"{len(self.added)} added, {len(self.skipped)} skipped"
        if self.encoding_detected:
            summary += f" (read as {self.encoding}: the file's declared encoding was wrong)"
        lines = [summary]
        if self.recovered_from:
            lines.append(
                f"  read leniently: the file is not well-formed XML ({self.recovered_from})"
            )
        for added in self.added:
            title = f"{shown(added.feed.title)} " if added.feed.title else ""
            lines.append(f"  added #{added.source_id}: {title}<{added.feed.xml_url}>")
        lines.extend(f"  skipped: {skip}" for skip in self.skipped)
        return lines


@dataclass(frozen=True, slots=True)
class ExportResult:
    data: bytes
    feeds: int
    # Page and local-file sources: OPML lists feeds only, so these are not in ``data``.
    left_out: int


async def check_feeds(
    feeds: Iterable[OpmlFeed],
    *,
    client: httpx.AsyncClient,
    config: FetchConfig,
    concurrency: int = 8,
) -> dict[str, str]:
    """Fetch each feed once, ``concurrency`` at a time: xmlUrl -> why it is unusable, if it is."""
    wanted = list(feeds)
    slots = asyncio.Semaphore(max(1, concurrency))

    async def problem(feed: OpmlFeed) -> str | None:
        async with slots:
            try:
                fetched = await fetch(
                    client, feed.xml_url, max_bytes=config.max_bytes, timeout=config.timeout
                )
                parse_fetched(fetched)
            except SourceError as exc:
                return str(exc)
        return None

    results = await asyncio.gather(*(problem(feed) for feed in wanted))
    return {
        feed.xml_url: found
        for feed, found in zip(wanted, results, strict=True)
        if found is not None
    }


def import_feeds(
    session: Session,
    document: OpmlDocument,
    *,
    rejected: Mapping[str, str] | None = None,
) -> ImportReport:
    """Add the document's feeds as sources; known URLs and ``rejected`` ones are skipped."""
    existing = {feed_key(source.location): source for source in list_sources(session)}
    problems = rejected or {}
    added: list[AddedFeed] = []
    skipped: list[OpmlSkip] = list(document.skipped)
    for feed in document.feeds:
        what = f"{feed.title} <{feed.xml_url}>" if feed.title else feed.xml_url
        if feed.xml_url in problems:
            skipped.append(OpmlSkip(what, SkipReason.REJECTED, problems[feed.xml_url]))
            continue
        known = existing.get(feed_key(feed.xml_url))
        if known is not None:
            skipped.append(OpmlSkip(what, SkipReason.ALREADY_PRESENT, f"source #{known.id}"))
            continue
        try:
            source = add_source(
                session,
                kind=SourceKind.FEED.value,
                location=feed.xml_url.strip(),
                title=feed.title[:512] if feed.title else None,
            )
        except AlreadyExists as exc:
            skipped.append(OpmlSkip(what, SkipReason.ALREADY_PRESENT, str(exc)))
            continue
        existing[feed_key(feed.xml_url)] = source
        added.append(AddedFeed(source.id, feed))
    return ImportReport(
        added=tuple(added),
        skipped=tuple(skipped),
        encoding=document.encoding,
        encoding_detected=document.encoding_detected,
        recovered_from=document.recovered_from,
    )


def export_sources(
    session: Session,
    *,
    title: str = "NewsDigest sources",
    created: datetime | None = None,
) -> ExportResult:
    """Every feed source as an OPML 2.0 document, in the order they were added."""
    sources = list_sources(session)
    feeds = [
        OpmlFeed(xml_url=source.location, title=source.title)
        for source in sources
        if source.kind == SourceKind.FEED.value
    ]
    return ExportResult(
        data=export_opml(feeds, title=title, created=created),
        feeds=len(feeds),
        left_out=len(sources) - len(feeds),
    )
