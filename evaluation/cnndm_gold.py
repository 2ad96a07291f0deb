"""The hand-made CNN/DailyMail gold: quotes and speakers, and the people each article names.

``evaluation/gold/cnndm_quotes.json`` and ``cnndm_people.json`` list the same articles in the
same order (``evaluation/gold/README.md`` says how they were chosen and written). Each article
keeps its position in the files, which fixes its half (alternate), and the people file's
``old`` flag: the articles that were in the quotes gold before it was extended.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from evaluation.corpora.jsonl import CnnDmArticle
from evaluation.ingest import RawArticle, ingest
from evaluation.parse import Analysed, Parser, analyse_all

__all__ = [
    "PEOPLE_GOLD",
    "QUOTES_GOLD",
    "SUBSET_LABELS",
    "GoldArticle",
    "GoldQuote",
    "NamedPerson",
    "analyse_gold_articles",
    "gold_subsets",
    "load_cnndm_gold",
]

T = TypeVar("T")
GOLD_DIR = Path(__file__).resolve().parent / "gold"
QUOTES_GOLD = GOLD_DIR / "cnndm_quotes.json"
PEOPLE_GOLD = GOLD_DIR / "cnndm_people.json"


@dataclass(frozen=True, slots=True)
class GoldQuote:
    kind: str
    speaker: str | None
    snippets: tuple[str, ...]
    # "person", "organization", or None when the text names no speaker.
    speaker_type: str | None = None


@dataclass(frozen=True, slots=True)
class NamedPerson:
    """A real person an article names: the fullest name and the strings it is named by."""

    name: str
    mentions: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.name, *self.mentions)))


@dataclass(frozen=True, slots=True)
class GoldArticle:
    # Place in the gold files (0-based): its half is ``position % 2``.
    position: int
    # Line index in cnndm.jsonl.
    index: int
    article_id: str
    # In the gold before the extension of issue 23 (the people file's flag).
    old: bool
    quotes: tuple[GoldQuote, ...]
    people: tuple[NamedPerson, ...]

    @property
    def half(self) -> int:
        return self.position % 2


def _read(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    articles = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(articles, list):
        raise ValueError(f"{path.name}: no list of articles")
    return articles


def load_cnndm_gold(quotes: Path = QUOTES_GOLD, people: Path = PEOPLE_GOLD) -> list[GoldArticle]:
    """Both gold files, article by article; ValueError when they do not list the same articles."""
    quote_rows, people_rows = _read(quotes), _read(people)
    if [str(a["id"]) for a in quote_rows] != [str(a["id"]) for a in people_rows]:
        raise ValueError(f"{quotes.name} and {people.name} do not list the same articles in order")
    articles = []
    for position, (q_row, p_row) in enumerate(zip(quote_rows, people_rows, strict=True)):
        found_quotes = []
        for q in q_row["quotes"]:
            snippets = tuple(dict.fromkeys([q["contains"], *q.get("parts", [])]))
            found_quotes.append(
                GoldQuote(q["kind"], q.get("speaker"), snippets, q.get("speaker_type"))
            )
        named = tuple(
            NamedPerson(str(p["name"]), tuple(str(m) for m in p.get("mentions", ())))
            for p in p_row["people"]
        )
        articles.append(
            GoldArticle(
                position=position,
                index=int(q_row.get("index", -1)),
                article_id=str(q_row["id"]),
                old=bool(p_row.get("old", False)),
                quotes=tuple(found_quotes),
                people=named,
            )
        )
    return articles


def analyse_gold_articles(
    parser: Parser, corpus: Sequence[CnnDmArticle], gold: Sequence[GoldArticle]
) -> list[tuple[GoldArticle, Analysed | None]]:
    """The gold articles the corpus holds, ingested and analysed as a folder source would (None
    where ingestion refuses one), in gold order."""
    by_id = {a.article_id: a for a in corpus}
    present = [g for g in gold if g.article_id in by_id]
    ingested = ingest([RawArticle(by_id[g.article_id].text, outlet="CNN") for g in present])
    accepted = [item.article for item in ingested if item.article is not None]
    results = iter(analyse_all(parser, accepted))
    return [
        (g, next(results) if item.article is not None else None)
        for g, item in zip(present, ingested, strict=True)
    ]


# How each part of the gold is labelled in the tables ({n}: its number of articles).
SUBSET_LABELS = {
    "all": "all {n}",
    "old": "first {n} (old gold)",
    "new": "next {n} (**new gold**)",
}


def gold_subsets(
    items: Sequence[T], article: Callable[[T], GoldArticle]
) -> list[tuple[str, list[T]]]:
    """All the items, then those of the old gold and of the gold added later (when both are
    there): the figures are reported on each, so the new gold shows apart from the old."""
    old = [i for i in items if article(i).old]
    new = [i for i in items if not article(i).old]
    parts = [("all", list(items))]
    if old and new:
        parts += [("old", old), ("new", new)]
    return parts
