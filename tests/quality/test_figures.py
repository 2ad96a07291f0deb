"""Figures per half, their JSON file, and the comparison of two runs, on numbers set by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluation.compare import Verdict, compare_figures, main, verdict
from evaluation.figures import Better, Figure, by_half, prf_figures, read_run, write_run
from evaluation.metrics import PRF


def _f1(
    value: float, even: float, odd: float, *, better: Better = Better.HIGHER, ours: bool = True
) -> Figure:
    return Figure("when", "TimeML", "F1", "ours", value, even, odd, better, ours)


def test_halves_by_a_fixed_rule() -> None:
    even, odd = by_half(list(range(7)), lambda n: n % 2)
    assert (even, odd) == ([0, 2, 4, 6], [1, 3, 5])


def test_prf_figures_overall_and_per_half() -> None:
    figures = {
        f.measure: f
        for f in prf_figures("who", "MEANTIME", "ours", (PRF(3, 4, 6), PRF(2, 2, 3), PRF(1, 2, 3)))
    }
    assert (figures["P"].value, figures["P"].even, figures["P"].odd) == (0.75, 1.0, 0.5)
    assert figures["R"].value == 0.5 and figures["R"].odd == pytest.approx(1 / 3)
    assert figures["F1"].value == pytest.approx(0.6)
    assert figures["correct"].better is Better.INFO and figures["expected"].value == 6


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (_f1(0.90, 0.90, 0.90), _f1(0.90, 0.90, 0.90), Verdict.SAME),
        (_f1(0.90, 0.89, 0.91), _f1(0.92, 0.91, 0.93), Verdict.ROSE),
        (_f1(0.90, 0.89, 0.91), _f1(0.92, 0.91, 0.91), Verdict.ROSE),
        # Overall up, one half down: the change is not kept.
        (_f1(0.90, 0.89, 0.91), _f1(0.91, 0.88, 0.94), Verdict.HALVES_APART),
        (_f1(0.90, 0.89, 0.91), _f1(0.90, 0.89, 0.90), Verdict.FELL),
        (_f1(0.90, 0.89, 0.91), _f1(0.89, 0.89, 0.91), Verdict.FELL),
        # Fewer errors is better for a count of errors.
        (
            _f1(3, 2, 1, better=Better.LOWER),
            _f1(2, 1, 1, better=Better.LOWER),
            Verdict.ROSE,
        ),
        (
            _f1(3, 2, 1, better=Better.LOWER),
            _f1(4, 2, 2, better=Better.LOWER),
            Verdict.FELL,
        ),
        # Baselines and counts of gold are not judged.
        (_f1(0.90, 0.9, 0.9, ours=False), _f1(0.80, 0.8, 0.8, ours=False), Verdict.CHANGED),
        (_f1(10, 5, 5, better=Better.INFO), _f1(12, 6, 6, better=Better.INFO), Verdict.CHANGED),
    ],
)
def test_verdicts(before: Figure, after: Figure, expected: Verdict) -> None:
    assert verdict(before, after) is expected


def test_figures_only_in_one_run_are_listed_apart() -> None:
    a = _f1(0.9, 0.9, 0.9)
    b = Figure("who", "MEANTIME", "F1", "ours", 1.0)
    changes, gone, added = compare_figures([a], [a, b])
    assert [c.verdict for c in changes] == [Verdict.SAME] and gone == [] and added == [b.key]


def test_run_file_round_trip_keeps_counts_whole(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    figures = [_f1(0.91, 0.9, 0.92), Figure("when", "TimeML", "7 days off", "ours", 9, 5, 4)]
    write_run(path, "Evaluation run X", {"limit": None}, figures)
    header, options, read = read_run(path)
    assert header == "Evaluation run X" and options == {"limit": None}
    assert read == figures and isinstance(read[1].value, int)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{oops", "not JSON"),
        ('{"format": "something else"}', "not a figures file"),
        (
            '{"format": "newsdigest-evaluation-figures 1", "figures": [{"task": "when"}]}',
            "figure 1 is malformed",
        ),
        (
            '{"format": "newsdigest-evaluation-figures 1", "figures": [{"task": "w", "scope": "s",'
            ' "measure": "m", "system": "ours", "value": "high"}]}',
            "figure 1 is malformed",
        ),
    ],
)
def test_bad_run_files_are_refused_with_a_reason(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "run.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_run(path)


def test_compare_prints_what_moved_and_fails_on_a_split(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    keep = Figure("who", "MEANTIME", "F1", "ours", 1.0, 1.0, 1.0)
    baseline = Figure("who", "MEANTIME", "F1", "spaCy PERSON", 0.7, 0.7, 0.7, ours=False)
    write_run(before, "run 1", {"limit": None}, [_f1(0.90, 0.89, 0.91), keep, baseline])
    moved = Figure("who", "MEANTIME", "F1", "spaCy PERSON", 0.8, 0.8, 0.8, ours=False)
    write_run(after, "run 2", {"limit": None}, [_f1(0.91, 0.88, 0.94), keep, moved])
    assert main([str(before), str(after)]) == 1
    out = capsys.readouterr().out
    assert "| when · TimeML · F1 · ours | 0.900 → 0.910 (+0.0100) |" in out
    assert "**halves apart**" in out and "1 baseline or informational figures moved" in out
    assert "who · MEANTIME · F1 · ours" not in out
    assert main([str(before), str(before)]) == 0
    assert "No figure of ours moved." in capsys.readouterr().out


def test_compare_warns_when_the_runs_were_shaped_differently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    write_run(before, "run 1", {"limit": 20}, [_f1(0.9, 0.9, 0.9)])
    write_run(after, "run 2", {"limit": None}, [_f1(0.9, 0.9, 0.9)])
    assert main([str(before), str(after)]) == 0
    assert "warning: the runs differ in limit (20 before, None after)" in capsys.readouterr().out


def test_compare_names_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.json"
    write_run(good, "run", {}, [])
    (tmp_path / "bad.json").write_text(json.dumps({"format": "x"}), encoding="utf-8")
    assert main([str(good), str(tmp_path / "bad.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "bad.json: not a figures file" in err
    assert len(err.strip().splitlines()) == 1
