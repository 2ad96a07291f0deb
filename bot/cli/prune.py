"""``newsdigest prune``: delete what is older than the retention window, now."""

from __future__ import annotations

import click

from bot import work
from bot.cli.base import UserError, for_writing

__all__ = ["prune"]


@click.command("prune")
@click.option(
    "--days",
    type=click.IntRange(min=1, max=36_500),
    metavar="N",
    help="Keep the last N days instead of NEWSDIGEST_KEEP_DAYS.",
)
@click.pass_context
def prune(ctx: click.Context, days: int | None) -> None:
    """Delete articles and stories older than NEWSDIGEST_KEEP_DAYS (or --days), and the people
    no remaining article mentions.

    A story goes whole, with its articles, once it has not changed for that long; an article in
    a story still kept stays, so every remaining story keeps its counts, title and view. Never
    fewer days than NEWSDIGEST_STORY_WINDOW_DAYS (stories still open). The bot and the worker
    do the same after each poll. Prints "pruned N article(s), M story(ies), K
    person(s) older than D days".
    """
    container = for_writing(ctx)
    keep = work.retention_days(container.settings, days)
    if keep == 0:
        raise UserError("retention is off (NEWSDIGEST_KEEP_DAYS=0): give --days N to prune")
    counts = work.prune(container, days=keep)
    click.echo(
        f"pruned {counts.articles} article(s), {counts.stories} story(ies), "
        f"{counts.people} person(s) older than {keep} days"
    )
