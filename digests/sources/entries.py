"""Which items of a feed one poll reads, and the key each one is stored under.

Pure: feed entries in, entries and keys out. An item's key is what makes the next poll find the
same article again: its link, unless another item of the feed has the same link (then its guid,
which RSS and Atom define as the item's identity), and its guid when it has no link.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

from digests.sources.addresses import PRIVATE_SETTING, AddressPolicy, literal_host_problem
from digests.sources.dates import KnownDate, sane_date
from digests.sources.models import FeedEntry
from digests.sources.urls import shown, url_problem

__all__ = ["PollSelection", "entry_keys", "select_entries", "split_refused_links"]


@dataclass(frozen=True, slots=True)
class PollSelection:
    """The entries to read this poll (dates outside the sane range dropped) and how many not."""

    entries: tuple[FeedEntry, ...]
    left_out: int


def _sane(entry: FeedEntry, now: datetime) -> FeedEntry:
    if entry.published is None:
        return entry
    known = sane_date(KnownDate(entry.published, entry.published_at), now=now)
    if known is not None:
        return entry
    return replace(entry, published=None, published_at=None)


def _when(entry: FeedEntry) -> datetime:
    if entry.published_at is not None:
        return entry.published_at
    assert entry.published is not None
    return datetime.combine(entry.published.start, datetime.min.time(), tzinfo=UTC)


def select_entries(entries: Sequence[FeedEntry], *, limit: int, now: datetime) -> PollSelection:
    """At most ``limit`` entries, newest first; undated ones after the dated, in feed order."""
    sane = [_sane(entry, now) for entry in entries]
    dated = sorted(
        (e for e in sane if e.published is not None), key=lambda e: _when(e), reverse=True
    )
    ordered = dated + [e for e in sane if e.published is None]
    return PollSelection(tuple(ordered[:limit]), max(0, len(ordered) - limit))


def _guid_key(feed_url: str, guid: str) -> str:
    # Stays a URL (of the feed, with a fragment), unique to this feed and item.
    return f"{feed_url.partition('#')[0]}#guid={quote(guid, safe='')}"


def entry_keys(entries: Sequence[FeedEntry], *, feed_url: str) -> list[str | None]:
    """The key each entry is stored under (None: matched by its text alone)."""
    shared = Counter(e.url for e in entries if e.url)
    keys: list[str | None] = []
    for entry in entries:
        if entry.url and shared[entry.url] == 1:
            keys.append(entry.url)
        elif entry.guid and entry.guid != entry.url:
            keys.append(_guid_key(feed_url, entry.guid))
        else:
            keys.append(None)
    return keys


def split_refused_links(
    entries: Sequence[FeedEntry], policy: AddressPolicy
) -> tuple[list[FeedEntry], list[tuple[str, str]]]:
    """Entries kept, and (link, reason) for those linking an address written as a refused IP,
    or a link no browser would take (over-long, no host, a host name DNS cannot hold).

    Links given by name are checked when fetched; a full-text item's link is never fetched,
    but it would be stored and cited in digests.
    """
    kept: list[FeedEntry] = []
    refused: list[tuple[str, str]] = []
    for entry in entries:
        broken = url_problem(entry.url) if entry.url else None
        if broken and entry.url:
            refused.append((shown(entry.url), f"{shown(entry.url)}: link refused: {broken}"))
            continue
        try:
            host = urlsplit(entry.url).hostname if entry.url else None
        except ValueError:
            host = None
        problem = literal_host_problem(host, policy) if host else None
        if problem and entry.url:
            refused.append((entry.url, f"{entry.url}: refused: {problem} (see {PRIVATE_SETTING})"))
        else:
            kept.append(entry)
    return kept, refused
