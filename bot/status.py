"""The operator's status as short plain-text lines: ``newsdigest status`` and the admin's /stats."""

from __future__ import annotations

from datetime import datetime

from storage.status import AnalysisFailureStatus, SourceStatus, Status

__all__ = ["format_status"]


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


def _not_analysed_line(report: Status) -> list[str]:
    if not report.articles_not_analysed:
        return []
    counts = ", ".join(f"{n} {code}" for code, n in report.articles_not_analysed.items())
    return [f"Not analysed (language): {counts} (stored and summarised; no people, quotes, dates)"]


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
        *_not_analysed_line(report),
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
