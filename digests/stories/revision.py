"""When a story counts as changed for its readers: the rule behind "🔄 Update".

A subscriber is marked as having seen each story at a revision; a story whose revision rose since
comes again in the next edition, as an update. More articles saying the same thing do not make
news; another outlet telling it, or a statement not reported before, do.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["StoryCounts", "revision_after"]


@dataclass(frozen=True, slots=True)
class StoryCounts:
    """What the revision rule looks at: a story's articles, outlets and distinct statements."""

    articles: int
    outlets: int
    quotes: int


def revision_after(revision: int, before: StoryCounts, after: StoryCounts) -> int:
    """The story's revision once it went from ``before`` to ``after``: one more when it gained
    an outlet or a statement (a story that had no article yet starts at its first revision)."""
    grew = before.articles > 0 and (after.outlets > before.outlets or after.quotes > before.quotes)
    return revision + 1 if grew else revision
