"""Map character offsets in a cleaned text back to the corpus text it came from.

Ingestion drops lines and rejoins paragraphs, so gold spans and analysis spans live in different
strings; words are aligned (``difflib`` on word sequences) and offsets carried across.
"""

from __future__ import annotations

import bisect
import difflib
import re

__all__ = ["OffsetMap"]

_WORD = re.compile(r"\S+")


class OffsetMap:
    """``map(i)``: the offset in ``original`` of character ``i`` of ``cleaned`` (None if new)."""

    def __init__(self, original: str, cleaned: str) -> None:
        source = [(m.start(), m.group()) for m in _WORD.finditer(original)]
        target = [(m.start(), m.group()) for m in _WORD.finditer(cleaned)]
        matcher = difflib.SequenceMatcher(
            None, [w for _, w in target], [w for _, w in source], autojunk=False
        )
        self._starts: list[int] = []
        self._origins: list[int | None] = []
        matched: dict[int, int] = {}
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                matched[block.a + k] = block.b + k
        for index, (start, _) in enumerate(target):
            self._starts.append(start)
            origin = matched.get(index)
            self._origins.append(source[origin][0] if origin is not None else None)

    def map(self, offset: int) -> int | None:
        """The original offset of ``offset``, through the word that contains it."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return None
        origin = self._origins[index]
        return None if origin is None else origin + (offset - self._starts[index])
