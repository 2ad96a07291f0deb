"""``newsdigest process`` and ``newsdigest demo``: the work the read commands never do.

``process`` analyses and clusters whatever ``ingest`` stored since the last run (and stores each
changed story's view); ``demo`` runs the whole path on the sample articles and prints what a
subscriber would read.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from tqdm import tqdm

from bot import work
from bot.answers import when_answer, who_messages
from bot.cli.base import UserError, for_writing, get_settings, override_settings
from bot.cli.reading import digest_messages
from bot.container import Container
from digests.jobs.editions import FIRST_DIGEST_WINDOW
from digests.sources.models import SourceKind
from digests.stories.render import RenderFormat
from storage.sources import add_source, get_source_by_location

if TYPE_CHECKING:
    from digests.jobs.pipeline import PipelineReport

__all__ = ["DEMO_DATABASE", "demo", "process"]

# The demo's own SQLite file, in the working directory, beside `run`'s ./newsdigest.db.
DEMO_DATABASE = "newsdigest-demo.db"


def _process(container: Container) -> PipelineReport:
    """Analyse and cluster every stored article that is new, with a progress bar on a terminal."""
    with tqdm(
        desc="analysing", unit="article", file=sys.stderr, disable=not sys.stderr.isatty()
    ) as bar:
        return work.process(container, progress=bar.update)


def _summary(report: PipelineReport) -> str:
    return (
        f"{report.analyzed} article(s) analysed, {report.placed} placed, "
        f"{report.new_stories} new story(ies)"
    )


@click.command("process")
@click.pass_context
def process(ctx: click.Context) -> None:
    """Analyse and cluster the stored articles that are new (what `ingest` fetched).

    Prints "N article(s) analysed, M placed, K new story(ies)". The bot and `newsdigest worker`
    do this on their own; run it after `ingest` before reading with `stories`, `digest`, `who`
    or `when`, which never analyse.
    """
    click.echo(_summary(_process(for_writing(ctx))))


@click.command("demo")
@click.option(
    "--seeds",
    "seeds_path",
    type=click.Path(path_type=Path),
    default=Path("seeds"),
    show_default=True,
    help="Folder of sample articles to ingest.",
)
@click.option(
    "--database",
    "database_url",
    metavar="URL",
    help=f"The demo's own database (default: ./{DEMO_DATABASE}); never the one `run` uses.",
)
@click.pass_context
def demo(ctx: click.Context, seeds_path: Path, database_url: str | None) -> None:
    """The whole path with no configuration: ingest the sample articles, analyse, cluster,
    and print the digest a new subscriber would get, then the answers to /who and /when.

    It works in a database of its own (./newsdigest-demo.db), so the sample articles never
    reach the subscribers of `newsdigest run`.
    """
    if not seeds_path.is_dir():
        raise UserError(
            f"no folder {seeds_path}: run this from the NewsDigest checkout or pass --seeds"
        )
    run_settings = get_settings(ctx)
    url = database_url or f"sqlite:///{Path.cwd() / DEMO_DATABASE}"
    if url == run_settings.database_url:
        raise UserError(
            f"{run_settings.shown_database()} is the database `newsdigest run` uses; the demo "
            f"keeps to its own (--database another URL, or none for ./{DEMO_DATABASE})"
        )
    shown = override_settings(ctx, database_url=url).shown_database()
    click.echo(
        f"demo database: {shown} (its own; `newsdigest run` uses {run_settings.shown_database()})"
    )
    container = for_writing(ctx)
    location = str(seeds_path.resolve())
    with container.transaction() as session:
        source = get_source_by_location(session, location)
        if source is None:
            source = add_source(
                session, kind=SourceKind.PATH, location=location, title="sample articles"
            )
        source_id = source.id
    report = container.run(lambda: work.poll(container, source_id=source_id))
    click.echo(f"ingest: {report.summary()}")
    for failure in report.failures:
        click.echo(f"  failed: {failure.location}: {failure.reason}")
    click.echo(f"analysis: {_summary(_process(container))}")
    now = container.clock.now()
    _, messages = digest_messages(container, now - FIRST_DIGEST_WINDOW, RenderFormat.TEXT)
    click.echo("\n=== The digest a new subscriber would get ===")
    for message in messages:
        click.echo(message)
    text = RenderFormat.TEXT
    with container.transaction() as session:
        for title, answer in (
            ("/who", who_messages(session, None, now=now, fmt=text, console=True)),
            ("/who blinken", who_messages(session, "blinken", now=now, fmt=text, console=True)),
            (
                "/when",
                list(
                    when_answer(
                        session,
                        None,
                        now=now,
                        zone=container.settings.default_timezone,
                        fmt=text,
                        console=True,
                    ).messages
                ),
            ),
        ):
            click.echo(f"\n=== {title} ===")
            click.echo("\n".join(answer))
    again = url if url.startswith("sqlite") else "URL"
    click.echo(
        f"\n(database: {shown}; read it again with "
        f"`NEWSDIGEST_DATABASE_URL={again} newsdigest who`)"
    )
