"""``newsdigest analyze``: one article's summary, people, quotes and dated events.

spaCy loads inside the command, so the other commands start without it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from bot.cli.base import UserError, for_reading, get_container
from bot.parsing import parse_id
from digests.analysis.errors import AnalysisError
from digests.analysis.models import (
    ArticleAnalysis,
    ArticleInput,
    DatedEvent,
    DatePrecision,
    PartialDate,
    QuoteKind,
)
from digests.analysis.summarize import METHODS
from digests.jobs.convert import article_input
from digests.sources.errors import SourceError
from storage.models import Article

__all__ = ["analyze"]


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
    # Reading files brings in the HTML extractors: only for this command.
    from digests.sources.files import read_location

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
            with for_reading(ctx).transaction() as session:
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
        "events": [_event_json(e) for e in result.events if e.date.is_calendar],
        # Added fields (the ones above are the contract): events dated by a week, a quarter, a
        # season or a decade, which have no day, month or year to give "date"; the date as
        # precisely as known, the detected language, and what the analyser had to warn about.
        "periods": [_event_json(e) for e in result.events if not e.date.is_calendar],
        "published_partial": str(published) if published else None,
        "language": result.language,
        "warnings": list(result.warnings),
    }


def _event_json(event: DatedEvent) -> dict[str, Any]:
    # "date" and "text" are the contract; the rest was added with issue 12.
    return {
        "date": str(event.date),
        "text": event.text,
        "precision": str(event.date.precision),
        "until": str(event.until) if event.until else None,
        "expression": event.expression,
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
        said = f"“{q.text}”" if q.kind is QuoteKind.DIRECT else q.text
        who = q.speaker or "unattributed"
        lines.append(f"  - {said} — {who}" + ("" if q.kind is QuoteKind.DIRECT else " (reported)"))
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
      "events": [{"date": "YYYY-MM-DD"|"YYYY-MM"|"YYYY", "text": str,
                  "precision": "day"|"month"|"year", "until": str|null, "expression": str}],
      "periods": [{"date": "YYYY-Www"|"YYYY-Qn"|"YYYY-Hn"|"YYYY-SP|SU|FA|WI"|"YYYYs", "text": str,
                   "precision": "week"|"quarter"|"half"|"season"|"decade", "until": str|null,
                   "expression": str}],
      "published_partial": str|null, "language": str, "warnings": [str]}]

    "published" is null unless the day is known; "published_partial" gives a month or year.
    An event's "until" ends a range ("from 1991 to 1997"); "periods" are events dated by a
    period that is no day, month or year ("last week", "the third quarter of 2009").
    """
    container = get_container(ctx)
    settings = container.settings
    inputs = _inputs_for(ctx, targets, _published_option(published))
    if not inputs:
        raise UserError("no article to analyse in " + ", ".join(targets))
    from digests.analysis.analyze import analyze_batch

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
