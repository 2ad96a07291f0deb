"""``stories``, ``digest``, ``who``, ``when``: the read side on a console.

These commands only read: no migration, no analysis, no clustering (``newsdigest process`` does
that work). They print the bot's own answers in their plain-text form, and start without
loading spaCy or sumy.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from bot.answers import (
    PICTURE_MIN_EVENTS,
    RECENT,
    render_labels,
    still_reading,
    timeline_picture,
    when_answer,
    who_messages,
)
from bot.cli.base import UserError, for_reading
from bot.container import Container
from bot.i18n import translator_for
from digests.stories.render import RenderFormat

# The console speaks English.
_ENGLISH = translator_for(None)

__all__ = ["digest", "digest_messages", "parse_since", "stories", "when", "who"]


def parse_since(value: str | None, *, now: datetime, default: timedelta = RECENT) -> datetime:
    """--since: an ISO date or time, or words such as "2 days ago" / "yesterday"."""
    if value is None:
        return now - default
    import dateparser

    parsed = dateparser.parse(
        value[:100],
        settings={
            "RETURN_AS_TIMEZONE_AWARE": True,
            "TO_TIMEZONE": "UTC",
            "PREFER_DATES_FROM": "past",
        },
    )
    if parsed is None:
        raise UserError(f"--since {value!r}: not a date or time (try 2024-05-20 or '2 days ago')")
    return parsed.astimezone(UTC)


@click.command("stories")
@click.option("--since", metavar="WHEN", help="Stories new or grown since then (default: 7 days).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--limit", type=click.IntRange(1, 500), default=50, show_default=True)
@click.pass_context
def stories(ctx: click.Context, since: str | None, as_json: bool, limit: int) -> None:
    """Stories (one event, many outlets) from the stored articles, as last processed.

    Run `newsdigest process` first to analyse and cluster what `ingest` fetched. --json prints:

    \b
    [{"id": str, "title": str,
      "articles": [{"title": str|null, "outlet": str|null, "url": str|null, "source": str}],
      "summary": [str], "quotes": [{"speaker": str|null, "text": str, "outlets": [str]}],
      "people": [str],
      "events": [{"date": str, "text": str, "precision": str, "until": str|null}],
      "differences": [{"kind": "date"|"number",
                       "claims": [{"outlet": str, "value": str, "sentence": str}]}]}]
    """
    from digests.jobs.editions import story_views
    from digests.stories.render import render_stories

    container = for_reading(ctx)
    now = container.clock.now()
    start = parse_since(since, now=now)
    max_quotes = container.pipeline.max_quotes
    with container.transaction() as session:
        views = story_views(session, since=start, now=now, limit=limit, max_quotes=max_quotes)
    if as_json:
        click.echo(json.dumps([v.to_json() for v in views], ensure_ascii=False, indent=2))
        return
    if not views:
        click.echo(
            "No stories in that window. Add sources, then run `newsdigest ingest` and "
            "`newsdigest process`."
        )
        return
    labels = render_labels(_ENGLISH)
    for message in render_stories(
        views, fmt=RenderFormat.TEXT, max_quotes=max_quotes, labels=labels
    ):
        click.echo(message)
        click.echo()


def digest_messages(
    container: Container, start: datetime, fmt: RenderFormat
) -> tuple[list[dict[str, object]], list[str]]:
    """The edition a new subscriber would get since ``start``: its stories as JSON, its messages
    (an empty one says so when articles are still waiting for `newsdigest process`)."""
    from bot.content import edition_messages
    from digests.jobs.editions import edition_since

    settings = container.settings
    with container.transaction() as session:
        edition = edition_since(
            session,
            since=start,
            now=container.clock.now(),
            max_stories=settings.digest_max_stories,
            max_quotes=container.pipeline.max_quotes,
        )
        reading = None if edition.stories else still_reading(session, _ENGLISH, console=True)
    messages = edition_messages(
        edition,
        fmt=fmt,
        max_quotes=container.pipeline.max_quotes,
        zone=settings.default_timezone,
        empty_text=reading,
    )
    return [story.to_json() for story in edition.stories], messages


@click.command("digest")
@click.option(
    "--since",
    metavar="WHEN",
    help="Stories new or grown since then (default: 2 days, the window of a new subscriber's "
    "first digest).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the edition and its messages as JSON.")
@click.option("--text", "as_text", is_flag=True, help="Plain text instead of Telegram HTML.")
@click.pass_context
def digest(ctx: click.Context, since: str | None, as_json: bool, as_text: bool) -> None:
    """The digest a new subscriber would receive now, as the Telegram messages it would get:
    the bot's first digest (its window, NEWSDIGEST_DIGEST_MAX_STORIES stories, no filters).

    --json prints {"since": str, "stories": [<as in `stories --json`>], "messages": [str]}.
    """
    from digests.jobs.editions import FIRST_DIGEST_WINDOW

    container = for_reading(ctx)
    start = parse_since(since, now=container.clock.now(), default=FIRST_DIGEST_WINDOW)
    fmt = RenderFormat.TEXT if as_text else RenderFormat.HTML
    stories_json, messages = digest_messages(container, start, fmt)
    if as_json:
        payload = {"since": start.isoformat(), "stories": stories_json, "messages": messages}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for i, message in enumerate(messages, 1):
        click.echo(f"--- message {i}/{len(messages)} ---")
        click.echo(message)


@click.command("who")
@click.argument("name", required=False)
@click.pass_context
def who(ctx: click.Context, name: str | None) -> None:
    """Who is in the news; with NAME (any alias, any case), what they said and where."""
    container = for_reading(ctx)
    with container.transaction() as session:
        messages = who_messages(
            session, name, now=container.clock.now(), fmt=RenderFormat.TEXT, console=True
        )
    for message in messages:
        click.echo(message)


@click.command("when")
@click.argument("topic", required=False)
@click.option(
    "--png",
    "png",
    type=click.Path(path_type=Path, dir_okay=False, writable=True),
    help="Also write the timeline picture the bot sends (three or more dated events) to FILE.",
)
@click.pass_context
def when(ctx: click.Context, topic: str | None, png: Path | None) -> None:
    """A timeline of the dated events in recent stories, or about TOPIC (a person or words)."""
    container = for_reading(ctx)
    with container.transaction() as session:
        answer = when_answer(
            session,
            topic,
            now=container.clock.now(),
            zone=container.settings.default_timezone,
            fmt=RenderFormat.TEXT,
            console=True,
        )
    for message in answer.messages:
        click.echo(message)
    if png is None:
        return
    picture = timeline_picture(
        answer.lines, title=answer.title, today=answer.today, labels=answer.labels
    )
    if picture is None:
        raise UserError(
            f"no picture: {len(answer.lines)} dated event(s), it needs {PICTURE_MIN_EVENTS}"
        )
    try:
        png.write_bytes(picture)
    except OSError as exc:
        raise UserError(f"{png}: cannot write: {exc.strerror or exc}") from exc
    click.echo(f"wrote {png} ({len(picture)} bytes)", err=True)
