"""The evaluation's scoring rules, on cases small enough to count by hand."""

from __future__ import annotations

from datetime import date

from evaluation.align import OffsetMap
from evaluation.corpora.timeml import Timex
from evaluation.ingest import RawArticle, ingest
from evaluation.metrics import PRF, pair_counts
from evaluation.quotes import is_common_speaker, speakers_match
from evaluation.when import DateCase, Found, gold_value, score_cases
from evaluation.who import names_match
from tests.quality.fixtures import ARTICLE


def test_pairwise_counts_by_contingency() -> None:
    scores = pair_counts([1, 1, 2, 2], ["a", "a", "a", "b"])
    assert scores == PRF(correct=1, found=3, expected=2)
    assert round(scores.precision, 3) == 0.333 and scores.recall == 0.5


def test_gold_values_that_name_a_day_month_or_year() -> None:
    assert gold_value("1998-01-08") == "1998-01-08"
    assert gold_value("1998-01-08TEV") == "1998-01-08"
    assert gold_value("1998-01") == "1998-01" and gold_value("1998") == "1998"
    for vague in ("1998-W02", "1998-Q1", "PRESENT_REF", "XXXX-XX-XX", "199X", "1998-13", "P3D"):
        assert gold_value(vague) is None, vague


def _timex(value: str, start: int, end: int) -> Timex:
    return Timex("DATE", value, "x" * (end - start), start, end)


def test_seven_days_off_and_future_for_past_counted_through_overlapping_gold() -> None:
    friday = DateCase(
        name="friday",
        creation=date(1998, 8, 7),
        gold=(_timex("1998-08-07", 10, 16), _timex("1998-06", 30, 34)),
        ours=(Found("1998-07-31", 10, 16), Found("1999-06", 30, 34)),
        baseline=(Found("1998-08-07", 10, 16),),
    )
    ours = score_cases([friday], side="ours")
    assert ours.scores == PRF(correct=0, found=2, expected=2)
    assert (ours.seven_days_off, ours.future_but_past) == (1, 1)
    baseline = score_cases([friday], side="baseline")
    assert baseline.scores == PRF(correct=1, found=1, expected=2)
    assert (baseline.seven_days_off, baseline.future_but_past) == (0, 0)


def test_seven_days_off_on_the_publication_weekday_counted_apart() -> None:
    friday = date(1998, 8, 7)
    gold = (
        Timex("DATE", "1998-08-07", "Friday", 10, 16),
        Timex("DATE", "1998-08-04", "Tuesday", 30, 37),
    )
    case = DateCase(
        "f", friday, gold, (Found("1998-07-31", 10, 16), Found("1998-07-28", 30, 37)), ()
    )
    result = score_cases([case], side="ours")
    assert (result.seven_days_off, result.seven_on_publication_weekday) == (2, 1)


def test_name_rules() -> None:
    assert names_match("Jobs", "Steve Jobs") and names_match(
        "Martin Mann", "Presiding Judge Martin Mann"
    )
    assert not names_match("Tim Jobs", "Steve Jobs") and not names_match("", "Jobs")
    assert speakers_match("the State Department", "State Department")
    assert speakers_match("Schilling", "Curt Schilling") and not speakers_match(None, "X")
    assert not speakers_match("Gabby Schilling", "Curt Schilling")
    for common in ("officials", "He", "the statement", "his"):
        assert is_common_speaker(common), common
    for named in ("NASCAR", "Curt Schilling", "the White House"):
        assert not is_common_speaker(named), named


def test_offsets_cross_dropped_lines_and_joined_paragraphs() -> None:
    original = "CITY (AP) _\n\nBombs exploded\nFriday, killing dozens."
    cleaned = "Bombs exploded Friday, killing dozens."
    offsets = OffsetMap(original, cleaned)
    at = offsets.map(cleaned.index("Friday"))
    assert at is not None and original[at : at + 6] == "Friday"
    assert OffsetMap("a b", "c").map(0) is None


def test_ingestion_as_a_folder_source_reads_it() -> None:
    accepted, refused = ingest(
        [RawArticle(ARTICLE, published=date(2024, 5, 21)), RawArticle("Too short.")]
    )
    assert accepted.article is not None and accepted.article.title
    assert (
        accepted.article.published is not None and str(accepted.article.published) == "2024-05-21"
    )
    assert refused.article is None and refused.reason and "words" in refused.reason
