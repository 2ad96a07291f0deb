"""``newsdigest sources`` and ``newsdigest ingest``: what is read, and reading it."""

from __future__ import annotations

import sys
from typing import Any

import click
from tqdm import tqdm

from bot import work
from bot.cli.base import ID, UserError, for_writing
from digests.jobs.ingest_report import IngestProgress
from digests.jobs.sources import add_source_from
from digests.sources.errors import SourceError
from digests.sources.models import SourceKind
from storage.errors import AlreadyExists
from storage.sources import (
    count_articles_by_source,
    get_source,
    list_sources,
    remove_source,
)

__all__ = ["ingest", "sources"]


@click.group()
def sources() -> None:
    """Manage news sources: RSS/Atom feeds, article pages, local files and folders."""


@sources.command("add")
@click.argument("location", metavar="URL_OR_PATH")
@click.option(
    "--kind",
    type=click.Choice([k.value for k in SourceKind]),
    help="Skip detection and add the URL as this kind (feed or page).",
)
@click.pass_context
def sources_add(ctx: click.Context, location: str, kind: str | None) -> None:
    """Add a feed, an article page, or a file or folder of .txt/.html articles.

    A URL is fetched once to tell a feed (RSS 0.9x/1.0/2.0, Atom) from an article page; a
    path is read to check it holds articles. A folder may carry a metadata.json giving each
    file's outlet, published date, url and title.

    \b
    Examples:
      newsdigest sources add https://example.com/feed.xml
      newsdigest sources add seeds/
    """
    container = for_writing(ctx)
    try:
        added = container.run(
            lambda: add_source_from(
                location,
                sessions=container.sessions,
                client=container.http,
                config=container.ingest.fetch,
                kind=SourceKind(kind) if kind else None,
            )
        )
    except (SourceError, AlreadyExists) as exc:
        raise UserError(str(exc)) from exc
    title = f" ({added.title})" if added.title else ""
    click.echo(f"added source {added.id}: {added.kind} {added.location}{title}")


@sources.command("list")
@click.pass_context
def sources_list(ctx: click.Context) -> None:
    """List sources with their state: enabled, error streak, next check, and why disabled."""
    with for_writing(ctx).transaction() as session:
        rows = list(list_sources(session))
        counts = count_articles_by_source(session)
    if not rows:
        click.echo("no sources yet; add one with: newsdigest sources add URL_OR_PATH")
        return
    click.echo(
        f"{'ID':>4}  {'KIND':<5} {'STATE':<8} {'ERRORS':>6} {'ARTICLES':>8}  "
        f"{'NEXT CHECK':<17} LOCATION"
    )
    for s in rows:
        state = "enabled" if s.enabled else "disabled"
        due = s.next_check_at.strftime("%Y-%m-%d %H:%M") if s.next_check_at else "now"
        if not s.enabled:
            due = "never"
        click.echo(
            f"{s.id:>4}  {s.kind:<5} {state:<8} {s.error_count:>6} {counts.get(s.id, 0):>8}  "
            f"{due:<17} {s.location}"
        )
        if s.title:
            click.echo(f"{'':>6}title: {s.title}")
        if not s.enabled and s.disabled_reason:
            click.echo(f"{'':>6}disabled: {s.disabled_reason}")
        elif s.last_error:
            click.echo(f"{'':>6}last error: {s.last_error}")


@sources.command("remove")
@click.argument("source_id", metavar="ID", type=ID)
@click.pass_context
def sources_remove(ctx: click.Context, source_id: int) -> None:
    """Remove a source (see `sources list` for IDs) and the articles read from it."""
    with for_writing(ctx).transaction() as session:
        removed = remove_source(session, source_id)
    if removed is None:
        raise UserError(f"no source with id {source_id} (see: newsdigest sources list)")
    click.echo(f"removed source {source_id} and its {removed} article(s)")


class _Bar:
    """A tqdm bar on stderr, created at the first report (when the total is known)."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, event: IngestProgress) -> None:
        if self.bar is None:
            self.bar = tqdm(
                total=event.total,
                unit="source",
                file=sys.stderr,
                disable=not sys.stderr.isatty(),
                leave=False,
            )
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@click.command("ingest")
@click.option("--source", "source_id", type=ID, metavar="ID", help="Poll this source only, now.")
@click.option("--all", "everything", is_flag=True, help="Poll every enabled source, due or not.")
@click.pass_context
def ingest(ctx: click.Context, source_id: int | None, everything: bool) -> None:
    """Fetch new articles from the sources that are due (or one source, or all).

    Prints "N new, M unchanged, K failed" and one line per failure with its reason. A source
    that fails is retried later with growing delays, and disabled after
    NEWSDIGEST_MAX_SOURCE_ERRORS failures in a row (`sources list` says why); polling it
    with --source re-enables it when it works again.
    """
    if source_id is not None and everything:
        raise UserError("give either --source ID or --all, not both")
    container = for_writing(ctx)
    if source_id is not None:
        with container.transaction() as session:
            if get_source(session, source_id) is None:
                raise UserError(f"no source with id {source_id} (see: newsdigest sources list)")
    bar = _Bar()
    try:
        report = container.run(
            lambda: work.poll(container, source_id=source_id, everything=everything, progress=bar)
        )
    finally:
        bar.close()
    click.echo(report.summary())
    for failure in report.failures:
        click.echo(f"failed: source {failure.source_id}: {failure.reason}")
