"""Where direct quotes are: quote marks paired by their shape, across sentences and paragraphs.

A straight mark opens when a word follows it and closes when a word or punctuation precedes it
and a space, punctuation or the end follows. A quote over several paragraphs opens each one with
a mark and closes only at its end, so a mark that opens while a quote is open continues it. A
quote still open at a paragraph that does not open with a mark matches nothing, so an unclosed
mark never swallows the rest of the article. Quotes nested in a quote ('...') stay inside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QuotedSpan", "find_quoted"]

_MAX_QUOTE_CHARS = 4000
_PAIRS = {"“": "”", "„": "“”", "«": "»", '"': '"'}
_CLOSERS = frozenset("”»")
_MARKS = re.compile(r"[\"“”„«»]")
_SINGLE = re.compile(r"(?<![\w‘’])‘(?P<inner>[^‘\n]{2,1500}?)’(?!\w)")


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """One direct quote: the characters inside its marks (``start``..``end``)."""

    start: int
    end: int
    # Where a paragraph break inside the quote falls (the quote continued over paragraphs).
    paragraphs: int = 1


def _opens(text: str, i: int) -> bool:
    after = text[i + 1 : i + 2]
    before = text[i - 1 : i] if i else ""
    if not after or after.isspace():
        return False
    return (
        not before
        or before.isspace()
        or before in "([{—–-:/"
        or (before in ".?!," and (after[0].isalnum() or after in "‘'…"))
    )


def _closes(text: str, i: int) -> bool:
    before = text[i - 1 : i] if i else ""
    after = text[i + 1 : i + 2]
    if not before or before.isspace():
        return False
    return not after or after.isspace() or not after.isalnum()


def find_quoted(text: str) -> list[QuotedSpan]:
    """Top-level direct quotes of ``text`` in order (the text inside the marks)."""
    found: list[QuotedSpan] = []
    open_at: int | None = None
    opener = ""
    paragraphs = 1
    checked = 0
    for match in _MARKS.finditer(text):
        i, mark = match.start(), match.group()
        if open_at is not None and "\n" in text[checked:i]:
            # A paragraph ended inside the quote: it continues only if the new one opens.
            rest = text[text.rfind("\n", checked, i) + 1 : i]
            if rest.strip() or not _can_open(text, i, mark):
                open_at = None
            else:
                paragraphs += 1
                checked = i
                continue
        checked = i
        if open_at is None:
            if mark in _PAIRS and (mark != '"' or _opens(text, i)):
                open_at, opener, paragraphs = i + 1, mark, 1
            continue
        closes = mark in _PAIRS.get(opener, "") and (mark != '"' or _closes(text, i))
        if not closes and mark == '"' and opener == '"' and not _opens(text, i):
            closes = True  # a straight mark neither opening nor clearly closing: by parity
        if closes:
            if i - open_at <= _MAX_QUOTE_CHARS:
                found.append(QuotedSpan(open_at, i, paragraphs))
            open_at = None
        elif mark == opener or (mark in _PAIRS and mark not in _CLOSERS):
            continue  # a mark re-opening an open quote: the quote goes on (next paragraph)
    return sorted(found + _single_quoted(text, found), key=lambda q: q.start)


def _can_open(text: str, i: int, mark: str) -> bool:
    return mark in _PAIRS and (mark != '"' or _opens(text, i))


def _single_quoted(text: str, double: list[QuotedSpan]) -> list[QuotedSpan]:
    """British-style ‘...’ quotes that no double-quoted span contains."""
    spans = []
    for match in _SINGLE.finditer(text):
        start, end = match.start("inner"), match.end("inner")
        if not any(q.start <= start < q.end for q in double):
            spans.append(QuotedSpan(start, end))
    return spans
