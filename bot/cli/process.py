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

from bot.answers import RECENT, when_answer, who_messages
from bot.cli.base import UserError, for_writing
from bot.cli.reading import digest_messages
from bot.container import Container
from digests.sources.models import SourceKind
from digests.stories.render import RenderFormat
from storage.sources import add_source, get_source_by_location

if TYPE_CHECKING:
    from digests.jobs.pipeline import PipelineReport

__all__ = ["demo", "process"]


def _process(container: Container) -> PipelineReport:
    """Analyse and cluster every stored article that is new, with a progress bar on a terminal."""
    with tqdm(
        desc="analysing", unit="article", file=sys.stderr, disable=not sys.stderr.isatty()
    ) as bar:
        return container.process(progress=bar.update)


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
@click.pass_context
def demo(ctx: click.Context, seeds_path: Path) -> None:
    """The whole path with no configuration: ingest the sample articles, analyse, cluster,
    and print the digest a subscriber would get, then the answers to /who and /when."""
    if not seeds_path.is_dir():
        raise UserError(
            f"no folder {seeds_path}: run this from the NewsDigest checkout or pass --seeds"
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
    report = container.run(lambda: container.poll(source_id=source_id))
    click.echo(f"ingest: {report.summary()}")
    for failure in report.failures:
        click.echo(f"  failed: {failure.location}: {failure.reason}")
    click.echo(f"analysis: {_summary(_process(container))}")
    now = container.clock.now()
    _, messages = digest_messages(container, now - RECENT, RenderFormat.TEXT)
    click.echo("\n=== The digest a subscriber would get ===")
    for message in messages:
        click.echo(message)
    with container.transaction() as session:
        for title, answer in (
            ("/who", who_messages(session, None, now=now, fmt=RenderFormat.TEXT)),
            ("/who blinken", who_messages(session, "blinken", now=now, fmt=RenderFormat.TEXT)),
            (
                "/when",
                list(
                    when_answer(
                        session,
                        None,
                        now=now,
                        zone=container.settings.default_timezone,
                        fmt=RenderFormat.TEXT,
                    ).messages
                ),
            ),
        ):
            click.echo(f"\n=== {title} ===")
            click.echo("\n".join(answer))
    click.echo(f"\n(database: {container.settings.database_url})")
