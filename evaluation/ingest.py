"""Corpus texts through the project's own ingestion, as a folder source would read them.

Each text is written to a temporary ``.txt`` file and read back by
``digests.sources.files.read_file`` with the fields a ``metadata.json`` would give: the same
cleaning, headline detection, date handling and "is this an article" check as
``newsdigest sources add FOLDER`` applies.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from digests.analysis.models import ArticleInput
from digests.sources.cleaning import lead_title
from digests.sources.dates import KnownDate, sane_date, stored_moment
from digests.sources.errors import SourceError
from digests.sources.files import read_file
from digests.sources.models import ParsedArticle

__all__ = ["Ingested", "RawArticle", "article_input", "ingest", "published_moment"]


@dataclass(frozen=True, slots=True)
class RawArticle:
    """A corpus text and what a folder's ``metadata.json`` would say about it."""

    text: str
    title: str | None = None
    published: date | None = None
    outlet: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Ingested:
    """The analyser's input for one raw text, or why ingestion refused it."""

    raw: RawArticle
    article: ArticleInput | None
    reason: str | None = None


def ingest(items: Sequence[RawArticle]) -> list[Ingested]:
    """Every raw text read as a folder source reads its files, in the same order."""
    results: list[Ingested] = []
    with tempfile.TemporaryDirectory(prefix="newsdigest-eval-") as folder:
        root = Path(folder)
        for number, raw in enumerate(items):
            path = root / f"article-{number:05d}.txt"
            path.write_text(raw.text, encoding="utf-8")
            meta = {
                key: value
                for key, value in (
                    ("title", raw.title),
                    ("outlet", raw.outlet),
                    ("url", raw.url),
                    ("published", raw.published.isoformat() if raw.published else None),
                )
                if value
            }
            try:
                parsed = read_file(path, meta)
            except SourceError as exc:
                results.append(Ingested(raw, None, reason=str(exc)))
                continue
            results.append(Ingested(raw, article_input(parsed)))
    return results


def article_input(parsed: ParsedArticle) -> ArticleInput:
    """What the analysis reads of a parsed article, as the analysis job gives it."""
    return ArticleInput(
        text=parsed.text,
        title=parsed.title or lead_title(parsed.text),
        published=parsed.published,
        outlet=parsed.outlet,
    )


def published_moment(parsed: ParsedArticle, *, now: datetime) -> datetime | None:
    """The publication instant the ingest job stores for ``parsed`` (None: undated, known only
    by when it was fetched): its date if sane, inside the publisher's day."""
    given = KnownDate(parsed.published, parsed.published_at) if parsed.published else None
    known = sane_date(given, now=now)
    return stored_moment(known) if known else None
