"""Which of a big story's articles its view is built from: a bounded sample a reader would keep.

A story's title, summary, quotes and outlets come from its articles; a story that has grown to
thousands of copies of one report (a feed that changes every poll) must not make every placement
read them all. The sample keeps what a reader sees: the first and the latest article, each
outlet's best-matching one, then the best-matching others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

__all__ = ["Member", "view_sample"]


@dataclass(frozen=True, slots=True)
class Member:
    """What the choice looks at: how well the article matched its story, its outlet, its time."""

    article_id: int
    similarity: float
    outlet: str | None
    seen: datetime | None


def view_sample(members: Sequence[Member], *, limit: int) -> list[int]:
    """At most ``limit`` article ids of ``members``, in the order of what matters most."""
    if len(members) <= limit:
        return [m.article_id for m in members]
    dated = [m for m in members if m.seen is not None]
    ends = []
    if dated:
        ends = [
            min(dated, key=lambda m: (m.seen, m.article_id)),
            max(dated, key=lambda m: (m.seen, m.article_id)),
        ]
    best = sorted(members, key=lambda m: (-m.similarity, -m.article_id))
    per_outlet: dict[str | None, Member] = {}
    for member in best:
        per_outlet.setdefault(member.outlet, member)
    chosen = dict.fromkeys(m.article_id for m in (*ends, *per_outlet.values(), *best))
    return list(chosen)[:limit]
