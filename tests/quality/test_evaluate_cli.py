"""``python -m evaluation.evaluate`` end to end on tiny corpora the test writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.evaluate import main
from tests.quality.fixtures import write_corpora


def test_every_task_prints_its_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpora = write_corpora(tmp_path / "corpora")
    code = main(
        [
            "--corpora",
            str(corpora),
            "--only",
            "when,who,quotes,stories,summary,reader",
            "--no-cache",
            "--processes",
            "1",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("Evaluation run ") and "commit" in out
    for title in ("## /when", "## /who", "## Quotes", "## Stories", "## Summaries", "## Reader"):
        assert title in out, title
    assert "| TimeML | spaCy DATE + dateparser | 2 |" in out
    assert "| people per article | **ours** | 2 |" in out
    assert "3 articles of 2 events, undated; 1 refused at ingestion" in out
    assert "| LEAD-3 (raw text) |" in out
    assert "| Multi-News | first three sentences |" in out and "| CNN/DailyMail | LEAD-3 |" in out


def test_corpus_tasks_need_the_corpora(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--only", "when"])
    assert "--corpora is required" in capsys.readouterr().err
