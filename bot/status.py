"""The operator's status as short plain-text lines: ``newsdigest status`` and the admin's /stats.

The terminal lists every source; /stats lists only a few of the sources that need attention
(disabled ones, and failing ones with the most errors) and says where the rest are, so 10,000
sources are still one message. Names and errors are strangers' words: each is shortened
to one line (``digests.stories.packing.shorten``).
"""

from __future__ import annotations

from datetime import datetime

from digests.stories.packing import shorten
from storage.status import AnalysisFailureStatus, SourceStatus, Status

__all__ = ["format_status", "status_lines"]

# UTF-16 units of a source's name or an error shown on its line.
_NAME_UNITS = 120
_ERROR_UNITS = 240


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
    name = shorten(source.title or source.location, _NAME_UNITS)
    if not source.enabled:
        state = f"DISABLED: {shorten(source.disabled_reason or 'no reason recorded', _ERROR_UNITS)}"
    elif source.error_count:
        error = shorten(source.last_error or "?", _ERROR_UNITS)
        state = (
            f"failing ({_plural(source.error_count, 'error')}: {error}), "
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
    name = shorten(failure.title or "untitled", _NAME_UNITS)
    error = shorten(failure.error, _ERROR_UNITS)
    return f"  article #{failure.article_id} {name}: {error} ({state})"


def _not_analysed_line(report: Status) -> list[str]:
    if not report.articles_not_analysed:
        return []
    counts = ", ".join(f"{n} {code}" for code, n in report.articles_not_analysed.items())
    return [f"Not analysed (language): {counts} (stored and summarised; no people, quotes, dates)"]


def _sources(report: Status, listed: int | None) -> list[str]:
    now = report.generated_at
    if listed is None:
        return [_source_line(source, now) for source in report.sources]
    # Half for the disabled (given up on: someone must act), half for the failing with the most
    # errors; either takes what the other leaves.
    failing = sorted(
        (s for s in report.sources if s.enabled and s.error_count),
        key=lambda s: (-s.error_count, s.id),
    )
    disabled = [s for s in report.sources if not s.enabled]
    take_disabled = min(len(disabled), max(listed // 2, listed - len(failing)))
    shown = disabled[:take_disabled] + failing[: listed - take_disabled]
    lines = [_source_line(source, now) for source in shown]
    hidden = len(failing) + len(disabled) - len(shown)
    working = len(report.sources) - len(failing) - len(disabled)
    if hidden or working:
        more = f"{hidden} more need attention, " if hidden else ""
        lines.append(
            f"  …{more}{working} working: `newsdigest sources list` and `newsdigest status`"
            " list every source"
        )
    return lines


def _failures(report: Status, listed: int | None) -> list[str]:
    now = report.generated_at
    shown = report.analysis_failures[:listed] if listed is not None else report.analysis_failures
    lines = [_failure_line(failure, now) for failure in shown]
    hidden = report.articles_failed + report.articles_retrying - len(shown)
    if listed is not None and hidden > 0:
        lines.append(f"  …{hidden} more: `newsdigest status` lists the latest")
    return lines


def status_lines(report: Status, *, listed: int | None = None) -> list[str]:
    """The status as short plain-text lines; with ``listed``, at most that many sources (those
    needing attention) and analysis failures, and a line saying where the rest are."""
    now = report.generated_at
    counts = report.deliveries_24h
    return [
        f"NewsDigest status at {now.strftime('%Y-%m-%d %H:%M')} UTC",
        f"Sources: {len(report.sources)} ({report.sources_failing} failing,"
        f" {report.sources_disabled} disabled)",
        *_sources(report, listed),
        f"Articles: {report.articles_total} ({report.articles_waiting} waiting for analysis)",
        f"Analysis failures: {report.articles_failed} given up,"
        f" {report.articles_retrying} to retry",
        *_failures(report, listed),
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


def format_status(report: Status) -> str:
    """The whole status for a terminal: every source, the latest analysis failures."""
    return "\n".join(status_lines(report))
