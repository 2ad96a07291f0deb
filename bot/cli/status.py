"""``newsdigest status``: is it working? Sources, backlog, stories, subscribers, deliveries."""

from __future__ import annotations

import json
from datetime import datetime

import click

from bot.cli.base import get_runtime
from storage.base import utcnow
from storage.engine import transaction
from storage.status import AnalysisFailureStatus, SourceStatus, Status, collect_status

__all__ = ["format_status", "status"]

_JSON_HELP = """
\b
The --json shape (times are ISO 8601 in UTC ending in "Z", or null):
{
  "generated_at": "2024-05-29T12:00:00Z",
  "sources": [{"id": 1, "kind": "feed", "location": "https://...", "title": "NV",
               "enabled": true, "last_success_at": "...", "last_checked_at": "...",
               "next_check_at": "...", "error_count": 0, "last_error": null,
               "disabled_reason": null, "articles": 12}, ...],
  "articles_total": 40,
  "articles_waiting": 3,          (no analysis yet)
  "stories_total": 9,
  "stories_new_today": 2,         (since 00:00 UTC)
  "stories_updated_today": 4,     (created or grown since 00:00 UTC)
  "subscribers": {"active": 5, "inactive": 1},
  "last_digest_at": "...",        (last delivery sent)
  "next_digest_at": "...",        (earliest pending delivery, due or being retried)
  "next_scheduled_at": "...",     (earliest digest time of an active subscriber)
  "deliveries_24h": {"sent": 5, "pending": 0, "failed": 1, "skipped": 0,
                     "retried": 2},  (deliveries due in the last 24 h; retried = 2+ attempts)
  "articles_failed": 1,           (analysis raised; given up after 3 attempts)
  "articles_retrying": 0,         (analysis raised; tried again after a backoff)
  "analysis_failures": [{"article_id": 7, "title": "...", "attempts": 3,
                         "error": "ValueError: ...", "failed_at": "...",
                         "retry_at": null}, ...]   (the latest 20; retry_at null = given up)
}
Keys are only ever added, never renamed or removed.
"""


def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "never"
    seconds = int((now - moment).total_seconds())
    later = seconds < 0
    seconds = abs(seconds)
    if seconds < 60:
        amount = f"{seconds} s"
    elif seconds < 3600:
        amount = f"{seconds // 60} min"
    elif seconds < 86400:
        amount = f"{seconds // 3600} h {seconds % 3600 // 60} min"
    else:
        amount = f"{seconds // 86400} d {seconds % 86400 // 3600} h"
    return f"in {amount}" if later else f"{amount} ago"


def _at(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "none"
    return f"{moment.strftime('%Y-%m-%d %H:%M')} UTC ({_ago(moment, now)})"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _source_line(source: SourceStatus, now: datetime) -> str:
    name = source.title or source.location
    if not source.enabled:
        state = f"DISABLED: {source.disabled_reason or 'no reason recorded'}"
    elif source.error_count:
        state = (
            f"failing ({_plural(source.error_count, 'error')}: {source.last_error or '?'}), "
            f"next check {_ago(source.next_check_at, now)}"
        )
    else:
        next_check = _ago(source.next_check_at, now) if source.next_check_at else "when due"
        state = f"ok, next check {next_check}"
    return (
        f"  #{source.id} {name} [{source.kind}] last success {_ago(source.last_success_at, now)};"
        f" {_plural(source.articles, 'article')}; {state}"
    )


def _failure_line(failure: AnalysisFailureStatus, now: datetime) -> str:
    attempts = _plural(failure.attempts, "attempt")
    state = (
        f"given up after {attempts}"
        if failure.retry_at is None
        else f"{attempts}, next try {_ago(failure.retry_at, now)}"
    )
    name = failure.title or "untitled"
    return f"  article #{failure.article_id} {name}: {failure.error} ({state})"


def format_status(report: Status) -> str:
    """The status as short plain-text lines for a terminal (and the admin's /stats)."""
    now = report.generated_at
    counts = report.deliveries_24h
    lines = [
        f"NewsDigest status at {now.strftime('%Y-%m-%d %H:%M')} UTC",
        f"Sources: {len(report.sources)} ({report.sources_failing} failing,"
        f" {report.sources_disabled} disabled)",
        *(_source_line(source, now) for source in report.sources),
        f"Articles: {report.articles_total} ({report.articles_waiting} waiting for analysis)",
        f"Analysis failures: {report.articles_failed} given up,"
        f" {report.articles_retrying} to retry",
        *(_failure_line(failure, now) for failure in report.analysis_failures),
        f"Stories: {report.stories_total} ({report.stories_new_today} new today,"
        f" {report.stories_updated_today} new or grown today)",
        f"Subscribers: {report.subscribers.active} active, {report.subscribers.inactive} inactive",
        f"Last digest sent: {_at(report.last_digest_at, now)}",
        f"Next digest pending: {_at(report.next_digest_at, now)}",
        f"Next digest scheduled: {_at(report.next_scheduled_at, now)}",
        f"Deliveries in the last 24 h: {counts.sent} sent, {counts.retried} retried,"
        f" {counts.failed} failed, {counts.pending} pending, {counts.skipped} skipped",
    ]
    return "\n".join(lines)


@click.command("status", epilog=_JSON_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for monitoring scripts.")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """Show sources (last success, errors, next check), the analysis backlog, stories today,
    subscribers, last and next digests, and deliveries of the last 24 hours."""
    runtime = get_runtime(ctx)
    with transaction(runtime.sessions) as session:
        report = collect_status(session, now=utcnow())
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_status(report))
