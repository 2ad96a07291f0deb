"""``newsdigest status``: is it working? Sources, backlog, stories, subscribers, deliveries."""

from __future__ import annotations

import json

import click

from bot.cli.base import for_reading
from bot.status import format_status
from digests.jobs.status import operator_status
from storage.base import utcnow

__all__ = ["status"]

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
  "articles_not_analysed": {"ru": 2, "zh": 1}   (by language: stored and summarised, not
                                                 read for people, quotes or dates)
}
Keys are only ever added, never renamed or removed.
"""


@click.command("status", epilog=_JSON_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for monitoring scripts.")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """Show sources (last success, errors, next check), the analysis backlog, stories today,
    subscribers, last and next digests, and deliveries of the last 24 hours."""
    with for_reading(ctx).transaction() as session:
        report = operator_status(session, now=utcnow())
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(format_status(report))
