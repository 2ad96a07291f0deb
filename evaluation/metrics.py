"""Scores shared by the evaluations: P/R/F1 counts, pairwise clustering scores, tables."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["PRF", "format_table", "pair_counts", "ratio"]


@dataclass(frozen=True, slots=True)
class PRF:
    """True positives against what was found and what was expected."""

    correct: int
    found: int
    expected: int

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(
            self.correct + other.correct, self.found + other.found, self.expected + other.expected
        )

    @classmethod
    def total(cls, items: Iterable[PRF]) -> PRF:
        """Pooled counts (micro-average)."""
        result = cls(0, 0, 0)
        for item in items:
            result = result + item
        return result


def _pairs_within(groups: Mapping[Any, int]) -> int:
    return sum(n * (n - 1) // 2 for n in groups.values())


def pair_counts(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> PRF:
    """Pairwise clustering scores: item i's gold label and predicted cluster, same order.

    A pair of items is predicted together when their clusters are equal and expected together
    when their gold labels are; counted by contingency, not by listing the pairs.
    """
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted labels differ in length")
    both: Counter[tuple[Hashable, Hashable]] = Counter(zip(gold, predicted, strict=True))
    return PRF(
        correct=_pairs_within(both),
        found=_pairs_within(Counter(predicted)),
        expected=_pairs_within(Counter(gold)),
    )


def ratio(value: float, base: float) -> float:
    """``value`` as a multiple of ``base`` (0 when the base is 0)."""
    return value / base if base else 0.0


def format_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A Markdown table, floats to three decimals (it goes into the README as printed)."""

    def cell(value: Any) -> str:
        return f"{value:.3f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
