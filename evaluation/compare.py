"""Two evaluation runs side by side: which figures of ours rose, fell, or moved the halves apart.

    python -m evaluation.evaluate --corpora ../shared/corpora --json before.json
    (change the analysis)
    python -m evaluation.evaluate --corpora ../shared/corpora --json after.json
    python -m evaluation.compare before.json after.json

Every figure of ours that changed is printed overall and on each half of its corpus, before →
after, with a verdict: "rose", "fell" (overall or on a half, the other half not rising), or
"halves apart" (one half rose, the other fell: such a change is not kept). Baseline and
informational figures (counts) are listed with ``--all``. Exit status 1 when some figure of ours
fell or moved its halves apart, 0 otherwise, so a script can stop on it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from evaluation.figures import HALVES, Better, Figure, read_run
from evaluation.metrics import format_table

__all__ = ["Change", "Verdict", "compare_figures", "main"]

# Equal counts give equal floats; anything beyond rounding noise is a change.
_TOLERANCE = 1e-9


class Verdict(StrEnum):
    SAME = "same"
    ROSE = "rose"
    FELL = "fell"
    HALVES_APART = "halves apart"
    CHANGED = "changed"  # an informational figure or a baseline's: no direction judged


@dataclass(frozen=True, slots=True)
class Change:
    before: Figure
    after: Figure
    verdict: Verdict

    @property
    def flagged(self) -> bool:
        """Whether this change would not be kept: a figure of ours fell or split its halves."""
        return self.verdict in (Verdict.FELL, Verdict.HALVES_APART)


def _moves(before: Figure, after: Figure) -> list[int]:
    """-1, 0 or +1 per (all, even, odd): worse, same or better for the figure's direction."""
    sign = -1 if before.better is Better.LOWER else 1
    moves = []
    for old, new in (
        (before.value, after.value),
        (before.even, after.even),
        (before.odd, after.odd),
    ):
        if old is None or new is None or abs(new - old) <= _TOLERANCE:
            moves.append(0)
        else:
            moves.append(sign if new > old else -sign)
    return moves


def verdict(before: Figure, after: Figure) -> Verdict:
    """How one figure moved between two runs (see the module docstring)."""
    overall, even, odd = _moves(before, after)
    if not any((overall, even, odd)):
        return Verdict.SAME
    if before.better is Better.INFO or not before.ours:
        return Verdict.CHANGED
    if even * odd < 0:
        return Verdict.HALVES_APART
    if min(overall, even, odd) < 0:
        return Verdict.FELL
    return Verdict.ROSE


def compare_figures(
    before: Sequence[Figure], after: Sequence[Figure]
) -> tuple[list[Change], list[str], list[str]]:
    """(each figure in both runs with its verdict, keys only before, keys only after)."""
    old = {f.key: f for f in before}
    new = {f.key: f for f in after}
    changes = [Change(old[k], new[k], verdict(old[k], new[k])) for k in old if k in new]
    return changes, [k for k in old if k not in new], [k for k in new if k not in old]


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return str(value) if isinstance(value, int) else f"{value:.3f}"


def _cell(old: float | None, new: float | None) -> str:
    if old is None and new is None:
        return "–"
    if old is not None and new is not None and abs(new - old) <= _TOLERANCE:
        return _number(new)
    delta = ""
    if old is not None and new is not None:
        delta = f" ({new - old:+d})" if isinstance(new - old, int) else f" ({new - old:+.4f})"
    return f"{_number(old)} → {_number(new)}{delta}"


def _table(changes: Sequence[Change]) -> str:
    rows = [
        (
            c.after.key,
            _cell(c.before.value, c.after.value),
            _cell(c.before.even, c.after.even),
            _cell(c.before.odd, c.after.odd),
            f"**{c.verdict}**" if c.flagged else str(c.verdict),
        )
        for c in changes
    ]
    return format_table(
        ("figure", "all", f"{HALVES[0]} half", f"{HALVES[1]} half", "verdict"), rows
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures that moved between two runs; exit 1 when one of ours fell or split."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="figures of the earlier run (--json FILE)")
    parser.add_argument("after", type=Path, help="figures of the later run")
    parser.add_argument(
        "--all", action="store_true", help="also list baselines' and informational figures"
    )
    args = parser.parse_args(argv)
    try:
        head_before, options_before, before = read_run(args.before)
        head_after, options_after, after = read_run(args.after)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"before: {head_before}\nafter:  {head_after}")
    for name in sorted(set(options_before) | set(options_after)):
        if options_before.get(name) != options_after.get(name):
            print(
                f"warning: the runs differ in {name} ({options_before.get(name)!r} before, "
                f"{options_after.get(name)!r} after): their figures may not be comparable"
            )
    changes, gone, added = compare_figures(before, after)
    ours = [c for c in changes if c.verdict is not Verdict.SAME and c.before.ours]
    ours = [c for c in ours if c.before.better is not Better.INFO]
    others = [c for c in changes if c.verdict is not Verdict.SAME and c not in ours]
    flagged = [c for c in ours if c.flagged]
    print()
    if ours:
        print(f"Figures of ours that moved ({len(ours)}):\n\n{_table(ours)}\n")
    else:
        print("No figure of ours moved.\n")
    if others and args.all:
        print(f"Baselines' and informational figures that moved:\n\n{_table(others)}\n")
    elif others:
        print(f"{len(others)} baseline or informational figures moved (--all lists them).")
    for label, keys in (("only in the earlier run", gone), ("only in the later run", added)):
        if keys:
            print(f"{len(keys)} figures {label}: " + "; ".join(keys[:12]))
    rose = sum(1 for c in ours if c.verdict is Verdict.ROSE)
    fell = sum(1 for c in flagged if c.verdict is Verdict.FELL)
    apart = sum(1 for c in flagged if c.verdict is Verdict.HALVES_APART)
    print(f"\n{rose} rose, {fell} fell, {apart} moved their halves apart.")
    return 1 if flagged else 0


if __name__ == "__main__":
    raise SystemExit(main())
