"""``analyze``, ``stories``, ``digest``, ``who``, ``when``, ``demo``: the read side on a console."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import click
import dateparser
from tqdm import tqdm

from bot.cli.base import UserError, for_writing, get_container
from bot.container import Container
from bot.parsing import parse_id
from digests.analysis.analyze import analyze_batch
from digests.analysis.errors import AnalysisError
from digests.analysis.models import ArticleAnalysis, ArticleInput, DatePrecision, PartialDate
from digests.analysis.summarize import METHODS
from digests.jobs.convert import article_input
from digests.jobs.pipeline import PipelineReport
from digests.jobs.reading import edition_since, story_views, timeline, who_overview, who_person
from digests.sources.errors import SourceError
from digests.sources.files import read_location
from digests.sources.models import SourceKind
from digests.stories.models import PersonDetail
from digests.stories.render import (
    RenderFormat,
    render_edition,
    render_people,
    render_person,
    render_stories,
    render_timeline,
)
from storage.models import Article
from storage.sources import add_source, get_source_by_location

__all__ = ["analyze", "demo", "digest", "stories", "when", "who"]

_DEFAULT_WINDOW = timedelta(days=7)


def _parse_since(value: str | None) -> datetime:
    """--since: an ISO date or time, or words such as "2 days ago" / "yesterday"."""
    if value is None:
        return datetime.now(UTC) - _DEFAULT_WINDOW
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


def _bring_up_to_date(runtime: Container) -> PipelineReport:
    """Analyse and cluster every stored article that is new since the last run."""
    with tqdm(
        desc="analysing", unit="article", file=sys.stderr, disable=not sys.stderr.isatty()
    ) as bar:
        return runtime.process(progress=bar.update)


# -- analyze ------------------------------------------------------------------------------------


def _published_option(value: str | None) -> PartialDate | None:
    if value is None:
        return None
    try:
        return PartialDate(date.fromisoformat(value), DatePrecision.DAY)
    except ValueError as exc:
        raise UserError(f"--published {value!r}: expected YYYY-MM-DD") from exc


def _inputs_for(
    ctx: click.Context, targets: Sequence[str], published: PartialDate | None
) -> list[tuple[str, ArticleInput]]:
    inputs: list[tuple[str, ArticleInput]] = []
    for target in targets:
        if Path(target).exists():
            try:
                results = read_location(target)
            except SourceError as exc:
                raise UserError(str(exc)) from exc
            for result in results:
                if result.article is None:
                    if not result.skipped:
                        click.echo(f"newsdigest: skipped {result.reason}", err=True)
                    continue
                found = result.article
                inputs.append(
                    (
                        str(result.path),
                        ArticleInput(
                            text=found.text,
                            title=found.title,
                            published=found.published or published,
                            outlet=found.outlet,
                        ),
                    )
                )
        elif (article_id := parse_id(target)) is not None:
            runtime = for_writing(ctx)
            with runtime.transaction() as session:
                article = session.get(Article, article_id)
                if article is None:
                    raise UserError(f"no article with id {target} and no such file")
                stored = article_input(article)
                if stored.published is None and published is not None:
                    stored = ArticleInput(stored.text, stored.title, published, stored.outlet)
                inputs.append((f"article {target}", stored))
        else:
            raise UserError(f"{target!r} is neither an existing file or folder nor an article id")
    return inputs


def _analysis_json(source: str, result: ArticleAnalysis) -> dict[str, Any]:
    published = result.published
    return {
        "source": source,
        "title": result.title,
        "published": str(published) if published and published.precision == "day" else None,
        "summary": list(result.summary_sentences),
        "people": [
            {"name": p.name, "aliases": list(p.aliases), "role": p.role, "mentions": p.mentions}
            for p in result.people
        ],
        "quotes": [
            {"speaker": q.speaker, "text": q.text, "kind": str(q.kind), "sentence": q.sentence}
            for q in result.quotes
        ],
        "events": [{"date": str(e.date), "text": e.text} for e in result.events],
        # Added fields (the ones above are the contract): the date as precisely as known,
        # the detected language, and what the analyser had to warn about.
        "published_partial": str(published) if published else None,
        "language": result.language,
        "warnings": list(result.warnings),
    }


def _analysis_text(source: str, result: ArticleAnalysis) -> str:
    lines = [f"== {source}", f"title: {result.title or '(none)'}"]
    lines.append(f"published: {result.published or 'unknown'}   language: {result.language}")
    lines += [f"warning: {w}" for w in result.warnings]
    lines.append("summary:")
    lines += [f"  - {s}" for s in result.summary_sentences]
    lines.append("people:")
    for p in result.people:
        role = f", {p.role}" if p.role else ""
        also = f" (also: {', '.join(a for a in p.aliases if a != p.name)})" if p.aliases else ""
        lines.append(f"  - {p.name}{role}; {p.mentions} mention(s){also}")
    lines.append("quotes:")
    for q in result.quotes:
        lines.append(f"  - [{q.kind}] {q.speaker or 'unattributed'}: {q.text}")
    lines.append("events:")
    lines += [f"  - {e.date}: {e.text}" for e in result.events]
    return "\n".join(lines)


@click.command("analyze")
@click.argument("targets", nargs=-1, required=True, metavar="PATH_OR_ARTICLE_ID...")
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON (a list, one object per article)."
)
@click.option(
    "--method",
    type=click.Choice(sorted(METHODS)),
    help="Summarizer (default: NEWSDIGEST_SUMMARY_METHOD).",
)
@click.option("--sentences", type=click.IntRange(1, 20), help="Summary length in sentences.")
@click.option(
    "--published",
    metavar="YYYY-MM-DD",
    help="Publication date for paths whose text or metadata carries none.",
)
@click.pass_context
def analyze(
    ctx: click.Context,
    targets: tuple[str, ...],
    as_json: bool,
    method: str | None,
    sentences: int | None,
    published: str | None,
) -> None:
    """Summary, people, quotes and dated events of articles.

    Paths (files or folders of .txt/.html) are analysed directly, without a database; numbers
    are ids of stored articles. --json prints, in input order:

    \b
    [{"source": str, "title": str|null, "published": "YYYY-MM-DD"|null,
      "summary": [str],
      "people": [{"name": str, "aliases": [str], "role": str|null, "mentions": int}],
      "quotes": [{"speaker": str|null, "text": str, "kind": "direct"|"reported",
                  "sentence": str}],
      "events": [{"date": "YYYY-MM-DD"|"YYYY-MM"|"YYYY", "text": str}],
      "published_partial": str|null, "language": str, "warnings": [str]}]

    "published" is null unless the day is known; "published_partial" gives a month or year.
    """
    container = get_container(ctx)
    settings = container.settings
    inputs = _inputs_for(ctx, targets, _published_option(published))
    if not inputs:
        raise UserError("no article to analyse in " + ", ".join(targets))
    try:
        nlp = container.nlp
        results = list(
            tqdm(
                analyze_batch(
                    nlp,
                    [item for _, item in inputs],
                    method=method or settings.summary_method,
                    sentences=sentences or settings.summary_sentences,
                ),
                total=len(inputs),
                unit="article",
                file=sys.stderr,
                disable=not sys.stderr.isatty() or len(inputs) < 5,
                leave=False,
            )
        )
    except AnalysisError as exc:
        raise UserError(str(exc)) from exc
    pairs = list(zip((source for source, _ in inputs), results, strict=True))
    if as_json:
        click.echo(
            json.dumps([_analysis_json(s, r) for s, r in pairs], ensure_ascii=False, indent=2)
        )
    else:
        click.echo("\n\n".join(_analysis_text(s, r) for s, r in pairs))


# -- stories and digest ------------------------------------------------------------------------


@click.command("stories")
@click.option("--since", metavar="WHEN", help="Stories new or grown since then (default: 7 days).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--limit", type=click.IntRange(1, 500), default=50, show_default=True)
@click.pass_context
def stories(ctx: click.Context, since: str | None, as_json: bool, limit: int) -> None:
    """Stories (one event, many outlets) from the stored articles.

    Analysis and clustering are first brought up to date. --json prints:

    \b
    [{"id": str, "title": str,
      "articles": [{"title": str|null, "outlet": str|null, "url": str|null, "source": str}],
      "summary": [str], "quotes": [{"speaker": str|null, "text": str, "outlets": [str]}],
      "people": [str], "events": [{"date": str, "text": str}]}]
    """
    start = _parse_since(since)
    runtime = for_writing(ctx)
    _bring_up_to_date(runtime)
    with runtime.transaction() as session:
        views = story_views(
            session, since=start, limit=limit, max_quotes=runtime.pipeline.max_quotes
        )
    if as_json:
        click.echo(json.dumps([v.to_json() for v in views], ensure_ascii=False, indent=2))
        return
    if not views:
        click.echo("No stories in that window. Add sources and run `newsdigest ingest`.")
        return
    for message in render_stories(
        views, fmt=RenderFormat.TEXT, max_quotes=runtime.pipeline.max_quotes
    ):
        click.echo(message)
        click.echo()


def _digest_messages(
    runtime: Container, start: datetime, fmt: RenderFormat
) -> tuple[Any, list[str]]:
    settings = runtime.settings
    with runtime.transaction() as session:
        edition = edition_since(
            session,
            since=start,
            now=datetime.now(UTC),
            max_stories=settings.digest_max_stories,
            max_quotes=settings.digest_key_quotes,
        )
    return edition, render_edition(edition, fmt=fmt, max_quotes=settings.digest_key_quotes)


@click.command("digest")
@click.option("--since", metavar="WHEN", help="Stories new or grown since then (default: 7 days).")
@click.option("--json", "as_json", is_flag=True, help="Print the edition and its messages as JSON.")
@click.option("--text", "as_text", is_flag=True, help="Plain text instead of Telegram HTML.")
@click.pass_context
def digest(ctx: click.Context, since: str | None, as_json: bool, as_text: bool) -> None:
    """The digest a new subscriber would receive now, as the Telegram messages it would get.

    --json prints {"since": str, "stories": [<as in `stories --json`>], "messages": [str]}.
    """
    start = _parse_since(since)
    runtime = for_writing(ctx)
    _bring_up_to_date(runtime)
    fmt = RenderFormat.TEXT if as_text else RenderFormat.HTML
    edition, messages = _digest_messages(runtime, start, fmt)
    if as_json:
        payload = {
            "since": start.isoformat(),
            "stories": [s.to_json() for s in edition.stories],
            "messages": messages,
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for i, message in enumerate(messages, 1):
        click.echo(f"--- message {i}/{len(messages)} ---")
        click.echo(message)


# -- who and when ------------------------------------------------------------------------------


def _who(runtime: Container, name: str | None, fmt: RenderFormat) -> list[str]:
    with runtime.transaction() as session:
        if not name:
            people = who_overview(session, since=datetime.now(UTC) - _DEFAULT_WINDOW, limit=10)
            return render_people(people, fmt=fmt)
        found = who_person(session, name, limit=10)
    if isinstance(found, PersonDetail):
        return render_person(found, fmt=fmt)
    if found:
        return [f"Nobody called {name!r}. Did you mean: {', '.join(found)}?"]
    return [f"Nobody called {name!r} in the stored stories."]


def _when(runtime: Container, topic: str | None, fmt: RenderFormat) -> list[str]:
    since = None if topic else datetime.now(UTC) - _DEFAULT_WINDOW
    with runtime.transaction() as session:
        lines = timeline(session, topic=topic, since=since, limit=30)
    header = f"Timeline: {topic}" if topic else "Timeline"
    return render_timeline(lines, fmt=fmt, header=header)


@click.command("who")
@click.argument("name", required=False)
@click.pass_context
def who(ctx: click.Context, name: str | None) -> None:
    """Who is in the news; with NAME (any alias, any case), what they said and where."""
    runtime = for_writing(ctx)
    _bring_up_to_date(runtime)
    for message in _who(runtime, name, RenderFormat.TEXT):
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
    runtime = for_writing(ctx)
    _bring_up_to_date(runtime)
    for message in _when(runtime, topic, RenderFormat.TEXT):
        click.echo(message)
    if png is not None:
        _write_png(runtime, topic, png)


def _write_png(runtime: Container, topic: str | None, path: Path) -> None:
    from bot.content import PICTURE_MIN_EVENTS, timeline_picture, when_answer

    with runtime.transaction() as session:
        answer = when_answer(session, topic, now=datetime.now(UTC))
    picture = timeline_picture(answer.lines, title=answer.title)
    if picture is None:
        raise UserError(
            f"no picture: {len(answer.lines)} dated event(s), it needs {PICTURE_MIN_EVENTS}"
        )
    try:
        path.write_bytes(picture)
    except OSError as exc:
        raise UserError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    click.echo(f"wrote {path} ({len(picture)} bytes)", err=True)


# -- demo --------------------------------------------------------------------------------------


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
    runtime = for_writing(ctx)
    location = str(seeds_path.resolve())
    with runtime.transaction() as session:
        if get_source_by_location(session, location) is None:
            add_source(session, kind=SourceKind.PATH, location=location, title="sample articles")
        source_id = get_source_by_location(session, location).id  # type: ignore[union-attr]
    report = runtime.run(lambda: runtime.poll(source_id=source_id))
    click.echo(f"ingest: {report.summary()}")
    for failure in report.failures:
        click.echo(f"  failed: {failure.location}: {failure.reason}")
    done = _bring_up_to_date(runtime)
    click.echo(
        f"analysis: {done.analyzed} article(s) analysed, {done.placed} placed, "
        f"{done.new_stories} new story(ies)"
    )
    _, messages = _digest_messages(runtime, datetime.now(UTC) - _DEFAULT_WINDOW, RenderFormat.TEXT)
    click.echo("\n=== The digest a subscriber would get ===")
    for message in messages:
        click.echo(message)
    click.echo("\n=== /who ===")
    click.echo("\n".join(_who(runtime, None, RenderFormat.TEXT)))
    click.echo("\n=== /who blinken ===")
    click.echo("\n".join(_who(runtime, "blinken", RenderFormat.TEXT)))
    click.echo("\n=== /when ===")
    click.echo("\n".join(_when(runtime, None, RenderFormat.TEXT)))
    click.echo(f"\n(database: {runtime.settings.database_url})")
