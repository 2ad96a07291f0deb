"""Dated events: temporal expressions found in a parsed article and placed on the calendar."""

from __future__ import annotations

from digests.analysis.dates.calendar import Direction
from digests.analysis.dates.events import find_events
from digests.analysis.dates.resolve import Reading, read_expression, resolve_date

__all__ = ["Direction", "Reading", "find_events", "read_expression", "resolve_date"]
