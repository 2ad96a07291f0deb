"""Adding a source: the one use case behind ``newsdigest sources add`` and the bot's /addsource.

A URL is checked (``digests.sources.urls``), then fetched once to tell a feed from an article
page (or, with a kind given, only checked against the address policy); a path, where allowed,
is read to check it holds articles. Only then, in one short transaction, is the source stored.
Every refusal is one line: a ``SourceError`` or ``AlreadyExists``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx
from sqlalchemy.orm import Session, sessionmaker

from digests.sources.errors import BadLocation
from digests.sources.fetch import check_address
from digests.sources.models import FetchConfig, SourceKind
from digests.sources.probe import Candidate, classify_location, probe
from digests.sources.urls import MAX_SOURCE_URL_CHARS, shown, url_problem
from storage.engine import transaction
from storage.sources import add_source

__all__ = ["AddedSource", "add_source_from"]


@dataclass(frozen=True, slots=True)
class AddedSource:
    id: int
    kind: SourceKind
    location: str
    title: str | None


async def _candidate(
    value: str,
    *,
    kind: SourceKind | None,
    client: httpx.AsyncClient,
    config: FetchConfig,
    paths: bool,
) -> Candidate:
    text = value.strip()
    detected, normalized = (None, text) if not paths else classify_location(text)
    if detected is None:
        # A source's address is a unique column of 2,048 characters; asked before any fetch.
        problem = url_problem(normalized, max_chars=MAX_SOURCE_URL_CHARS)
        if problem is not None and not paths:
            # A chat must not make the bot read its disk: only http(s) addresses.
            raise BadLocation(f"not an http(s) URL of a feed or a page ({problem}): {shown(text)}")
        if problem is not None:
            raise BadLocation(f"invalid URL {shown(normalized)!r}: {problem}")
    if kind is None:
        return await probe(normalized, client=client, config=config)
    if detected is SourceKind.PATH and kind is not SourceKind.PATH:
        raise BadLocation(f"{text!r} is a local path, not a {kind} URL")
    if detected is None and kind is SourceKind.PATH:
        raise BadLocation(f"no such file or folder: {text}")
    if detected is None:
        # Not fetched now, so the address policy is asked here rather than at ingest.
        await check_address(normalized, config)
    return Candidate(kind, normalized)


def _store(sessions: sessionmaker[Session], candidate: Candidate) -> AddedSource:
    with transaction(sessions) as session:
        source = add_source(
            session, kind=candidate.kind, location=candidate.location, title=candidate.title
        )
        return AddedSource(source.id, SourceKind(source.kind), source.location, source.title)


async def add_source_from(
    value: str,
    *,
    sessions: sessionmaker[Session],
    client: httpx.AsyncClient,
    config: FetchConfig,
    kind: SourceKind | None = None,
    paths: bool = True,
) -> AddedSource:
    """Add ``value`` (an http(s) URL, or with ``paths`` a file or folder) as a source.

    ``kind`` skips detection (a URL is then not fetched, only its address checked). Raises a
    ``SourceError`` saying why it cannot be a source, or ``AlreadyExists``.
    """
    candidate = await _candidate(value, kind=kind, client=client, config=config, paths=paths)
    return await asyncio.to_thread(_store, sessions, candidate)
