"""``python -m evaluation.evaluate`` end to end on tiny corpora the test writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.compare import main as compare
from evaluation.evaluate import main
from evaluation.figures import read_run
from tests.quality.fixtures import write_corpora


def test_every_task_prints_its_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpora = write_corpora(tmp_path / "corpora")
    figures, details = tmp_path / "run.json", tmp_path / "misses.tsv"
    code = main(
        [
            "--corpora",
            str(corpora),
            "--only",
            "when,who,quotes,stories,summary,reader",
            "--no-cache",
            "--processes",
            "1",
            "--json",
            str(figures),
            "--details",
            str(details),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("Evaluation run ") and "commit" in out
    assert "Halves (fixed, never chosen by results): TimeML by file" in out
    for title in ("## /when", "## /who", "## Quotes", "## Stories", "## Summaries", "## Reader"):
        assert title in out, title
    assert "| TimeML | spaCy DATE + dateparser | 2 |" in out
    assert "| people per article | **ours** | 2 |" in out
    assert "3 articles of 2 events, undated; 1 refused at ingestion" in out
    assert "| LEAD-3 (raw text) |" in out
    assert "| all 0 | **ours** |" in out  # the gold's articles are not in these corpora
    assert [f.task for f in read_run(figures)[2]].count("when") > 0
    assert details.read_text(encoding="utf-8").startswith("Evaluation run ")
    assert "| Multi-News | first three sentences |" in out and "| CNN/DailyMail | LEAD-3 |" in out


def test_corpus_tasks_need_the_corpora(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--only", "when"])
    assert "--corpora is required" in capsys.readouterr().err


def test_figures_file_holds_every_task_overall_and_by_half(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpora = write_corpora(tmp_path / "corpora")
    figures = tmp_path / "run.json"
    argv = ["--corpora", str(corpora), "--only", "when,stories,summary", "--processes", "1"]
    assert main([*argv, "--cache", str(tmp_path / "cache"), "--json", str(figures)]) == 0
    out = capsys.readouterr().out
    assert "| with metadata.json | 2024-05, 2024-05 |" in out
    assert "| without metadata.json | fetch time, 2024-05 |" in out
    header, options, read = read_run(figures)
    assert out.startswith(header) and options["only"] == "when,stories,summary"
    keys = {f.key: f for f in read}
    timeml = keys["when · TimeML · F1 · ours"]
    assert timeml.even is not None and timeml.odd is not None
    # Two copies of one TimeML file: one in each half, so each half scores as the whole.
    assert timeml.even == timeml.odd == timeml.value
    assert "stories · Multi-News, shuffled (seed 0) · pair F1 · ours" in keys
    assert (
        "stories · seeds among Multi-News · stories, without metadata.json, reversed · ours" in keys
    )
    assert "summary · CNN/DailyMail · ROUGE-1 ÷ LEAD-3 · ours" in keys
    # The same run compared with itself: nothing moved, nothing to stop on.
    assert compare([str(figures), str(figures)]) == 0
