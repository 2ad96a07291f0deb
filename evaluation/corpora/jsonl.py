"""The two JSON-lines corpora: Multi-News events (several outlets each) and CNN/DailyMail."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["CnnDmArticle", "MultiNewsEvent", "load_cnndm", "load_multinews"]


@dataclass(frozen=True, slots=True)
class MultiNewsEvent:
    """One news event: its articles from different outlets and the editors' summary."""

    event_id: str
    articles: tuple[str, ...]
    summary: str


@dataclass(frozen=True, slots=True)
class CnnDmArticle:
    article_id: str
    text: str
    # One reference sentence per line, as the dataset gives them.
    highlights: tuple[str, ...]


def _rows(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path.name}:{number}: not JSON ({exc.msg})") from exc
            if not isinstance(row, dict):
                raise ValueError(f"{path.name}:{number}: expected an object")
            rows.append(row)
    return rows


def load_multinews(path: Path) -> list[MultiNewsEvent]:
    """Events in file order; each article a string as its page was captured."""
    return [
        MultiNewsEvent(
            event_id=str(row.get("id", number)),
            articles=tuple(str(a) for a in row["articles"]),
            summary=str(row["summary"]),
        )
        for number, row in enumerate(_rows(path))
    ]


def load_cnndm(path: Path) -> list[CnnDmArticle]:
    """Articles in file order with their highlights split into sentences."""
    return [
        CnnDmArticle(
            article_id=str(row["id"]),
            text=str(row["text"]),
            highlights=tuple(h.strip() for h in str(row["highlights"]).split("\n") if h.strip()),
        )
        for row in _rows(path)
    ]
