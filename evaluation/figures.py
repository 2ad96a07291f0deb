"""Every figure of a run, overall and on each fixed half of its corpus, as data.

Each task's report is its Markdown text and its figures. ``--json FILE`` writes the figures of a
run; ``python -m evaluation.compare BEFORE.json AFTER.json`` reads two such files and says, per
figure and per half, what rose and what fell. The halves are fixed in advance and never depend
on results (``SPLITS`` says how each corpus is cut), so a change that lifts one half and lowers
the other shows up as such instead of vanishing in the mean.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from evaluation.metrics import PRF

__all__ = [
    "FORMAT",
    "HALVES",
    "SPLITS",
    "Better",
    "Figure",
    "Report",
    "by_half",
    "prf_figures",
    "prf_row",
    "read_run",
    "write_run",
]

FORMAT = "newsdigest-evaluation-figures 1"
# Half 0 and half 1 of every corpus, as printed.
HALVES = ("even", "odd")
T = TypeVar("T")

# How each corpus is cut in two: fixed by position, never by results.
SPLITS = {
    "TimeML": "by file: position in path order (AQUAINT/, then TimeBank/, sorted), alternate",
    "MEANTIME": "by file: position in topic-then-file-name order, alternate",
    "CNN/DailyMail gold": (
        "by article: position in evaluation/gold/cnndm_quotes.json (same order in "
        "cnndm_people.json), alternate"
    ),
    "Multi-News": "by event: line number in multinews.jsonl, even and odd",
    "CNN/DailyMail summaries": "by line: line number in cnndm.jsonl, even and odd",
}


class Better(StrEnum):
    """Which way a figure should move; ``INFO`` figures (counts of gold, stories) are neither."""

    HIGHER = "higher"
    LOWER = "lower"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Figure:
    """One number of a run: overall and on each half (None where a half has no such figure)."""

    task: str
    scope: str
    measure: str
    system: str
    value: float
    even: float | None = None
    odd: float | None = None
    better: Better = Better.HIGHER
    # Ours (what changes to the analysis are judged by), or a baseline's.
    ours: bool = True

    @property
    def key(self) -> str:
        return f"{self.task} · {self.scope} · {self.measure} · {self.system}"

    def halves(self) -> tuple[float | None, float | None]:
        return self.even, self.odd


@dataclass(frozen=True, slots=True)
class Report:
    """What a task prints and the figures behind it."""

    text: str
    figures: tuple[Figure, ...] = field(default=())


def by_half(items: Sequence[T], half: Callable[[T], int]) -> tuple[list[T], list[T]]:
    """The items of half 0 and of half 1, each in the order given."""
    return [i for i in items if half(i) == 0], [i for i in items if half(i) == 1]


def prf_figures(
    task: str,
    scope: str,
    system: str,
    scores: Sequence[PRF],
    *,
    prefix: str = "",
    ours: bool = True,
) -> list[Figure]:
    """P, R and F1 of (all, even half, odd half), and the counts behind them as information."""
    every, even, odd = scores
    out = [
        Figure(task, scope, f"{prefix}{name}", system, get(every), get(even), get(odd), ours=ours)
        for name, get in (
            ("P", lambda s: s.precision),
            ("R", lambda s: s.recall),
            ("F1", lambda s: s.f1),
        )
    ]
    out += [
        Figure(
            task,
            scope,
            f"{prefix}{name}",
            system,
            getattr(every, name),
            getattr(even, name),
            getattr(odd, name),
            Better.INFO,
            ours,
        )
        for name in ("correct", "found", "expected")
    ]
    return out


def prf_row(measure: str, system: str, scores: Sequence[PRF]) -> tuple[object, ...]:
    """A report table's row of (all, even half, odd half): the counts, P, R and F1 of all,
    then F1 of each half — the columns ``prf_figures`` names."""
    every, even, odd = scores
    return (
        measure,
        system,
        every.expected,
        every.found,
        every.correct,
        every.precision,
        every.recall,
        every.f1,
        even.f1,
        odd.f1,
    )


def write_run(
    path: Path, header: str, options: Mapping[str, Any], figures: Iterable[Figure]
) -> None:
    """The run's figures as JSON: its header line, the options that shape them, every figure."""
    data = {
        "format": FORMAT,
        "header": header,
        "options": dict(options),
        "splits": SPLITS,
        "figures": [{**asdict(f), "better": str(f.better)} for f in figures],
    }
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def _number(value: Any) -> float:
    """A figure as written: a count stays an int (so it prints as one), a score a float."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{value!r} is not a number")
    return value


def read_run(path: Path) -> tuple[str, dict[str, Any], list[Figure]]:
    """(header, options, figures) of a file ``write_run`` wrote; ValueError says what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not JSON ({exc.msg}, line {exc.lineno})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{path}: not a figures file of this evaluation (format {FORMAT!r})")
    figures = []
    for number, item in enumerate(data.get("figures", []), start=1):
        try:
            figures.append(
                Figure(
                    task=str(item["task"]),
                    scope=str(item["scope"]),
                    measure=str(item["measure"]),
                    system=str(item["system"]),
                    value=_number(item["value"]),
                    even=None if item.get("even") is None else _number(item["even"]),
                    odd=None if item.get("odd") is None else _number(item["odd"]),
                    better=Better(item.get("better", "higher")),
                    ours=bool(item.get("ours", True)),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{path}: figure {number} is malformed ({exc})") from exc
    return str(data.get("header", "")), dict(data.get("options", {})), figures
