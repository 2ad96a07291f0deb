"""The corpus loaders on tiny documents the tests write: text, offsets and gold come out right."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from evaluation.corpora.jsonl import load_cnndm, load_multinews
from evaluation.corpora.meantime import join_tokens, load_meantime, parse_meantime
from evaluation.corpora.timeml import load_timeml, parse_timeml
from tests.quality.fixtures import MEANTIME_XML, TIMEML_XML, write_corpora


def test_timeml_text_has_no_tags_and_timex_spans_point_into_it() -> None:
    doc = parse_timeml(TIMEML_XML)
    assert doc.doc_id == "APW19980807.0261"
    assert doc.creation == date(1998, 8, 7)
    assert "<" not in doc.text and "exploded outside the embassy" in doc.text
    friday, december, days, soon = doc.timexes
    assert doc.text[friday.start : friday.end] == "Friday" == friday.text
    assert (friday.type, friday.value) == ("DATE", "1998-08-07")
    assert december.value == "1997-12" and days.type == "DURATION" and soon.value == "FUTURE_REF"


def test_timeml_loader_reads_both_subsets_only(tmp_path: Path) -> None:
    root = write_corpora(tmp_path)
    (root / "timeml" / "testpipeline").mkdir()
    (root / "timeml" / "testpipeline" / "copy.tml").write_text(TIMEML_XML, encoding="utf-8")
    assert len(load_timeml(root / "timeml")) == 2


def test_timeml_without_creation_time_is_refused() -> None:
    with pytest.raises(ValueError, match="creation time"):
        parse_timeml("<TimeML><TEXT>x</TEXT></TimeML>")


def test_tokens_join_as_typeset_text() -> None:
    text, spans = join_tokens(["Acme", "'s", "``", "new", "''", "price", "is", "$", "3", "."])
    assert text == "Acme's “new” price is $3."
    assert [text[s:e] for s, e in spans][:3] == ["Acme", "'s", "“"]


def test_meantime_document_text_people_and_dates() -> None:
    doc = parse_meantime(MEANTIME_XML, name="1_Acme", topic="apple")
    assert doc.title == "Acme chief Jane Doe resigns"
    assert doc.dateline == "March 06, 2008"
    assert doc.creation == date(2008, 3, 6)
    assert doc.text.startswith("Acme chief Jane Doe resigns\n\nMarch 06, 2008\n\nJane Doe, the")
    assert "Doe said “it was time”." in doc.text
    # Sentences 0-5 are annotated; "John Roe will succeed her." (sentence 6) is not.
    assert doc.text[: doc.annotated_end].endswith("Acme's shares fell $3.")
    assert [p.names for p in doc.people] == [("Jane Doe", "Jane Doe", "Doe")]
    assert doc.people[0].instance_id == "PER1"
    values = {t.value: doc.text[t.start : t.end] for t in doc.timexes}
    assert values == {"2008-03-06": "March 06, 2008", "2008-03-03": "Monday", "2004": "2004"}


def test_meantime_loader_walks_topics(tmp_path: Path) -> None:
    docs = load_meantime(write_corpora(tmp_path) / "meantime" / "intra-doc_annotation")
    assert [(d.topic, d.name) for d in docs] == [("apple", "1_Acme"), ("gm", "1_Acme")]


def test_jsonl_loaders(tmp_path: Path) -> None:
    root = write_corpora(tmp_path)
    events = load_multinews(root / "multinews.jsonl")
    assert [len(e.articles) for e in events] == [2, 1]
    assert events[0].summary.startswith("Riverton closes")
    (article,) = load_cnndm(root / "cnndm.jsonl")
    assert article.highlights == ("Riverton closes its old bridge .", "Engineers found cracks .")


def test_jsonl_loader_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "1", "text": "x", "highlights": "y"}\n{oops\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.jsonl:2: not JSON"):
        load_cnndm(path)
