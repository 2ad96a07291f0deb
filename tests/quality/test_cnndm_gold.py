"""The CNN/DailyMail gold evaluations: loading, speaker and person scores on all, old and new gold
and on each half, and the breakdown of missed speakers, on cases small enough to count by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluation.cnndm_gold import (
    GoldArticle,
    GoldQuote,
    NamedPerson,
    analyse_gold_articles,
    load_cnndm_gold,
)
from evaluation.corpora.jsonl import CnnDmArticle
from evaluation.figures import Figure
from evaluation.parse import Parser
from evaluation.quote_errors import Form, Outcome, detail_lines, errors_report, misses
from evaluation.quotes import Predicted, QuoteCase, quote_cases, quotes_report
from evaluation.who_cnndm import (
    CnnPeopleCase,
    cnndm_people_cases,
    cnndm_people_report,
    people_detail_lines,
)
from tests.quality.fixtures import ARTICLE


def _article(
    position: int,
    *,
    old: bool,
    quotes: tuple[GoldQuote, ...] = (),
    people: tuple[NamedPerson, ...] = (),
) -> GoldArticle:
    return GoldArticle(position, 100 + position, f"id{position}", old, quotes, people)


def _found(speaker: str | None, text: str) -> Predicted:
    return Predicted(speaker, text, text, "direct", None)


def _figure(figures: tuple[Figure, ...], scope: str, measure: str) -> tuple[float, ...]:
    (match,) = [f for f in figures if (f.scope, f.measure, f.system) == (scope, measure, "ours")]
    return match.value, match.even or 0.0, match.odd or 0.0


def test_gold_files_are_read_together_with_their_old_flag(tmp_path: Path) -> None:
    quotes, people = tmp_path / "q.json", tmp_path / "p.json"
    quotes.write_text(
        json.dumps(
            {
                "articles": [
                    {
                        "index": 7,
                        "id": "a",
                        "quotes": [
                            {
                                "kind": "direct",
                                "speaker": "Ann Lee",
                                "speaker_type": "person",
                                "contains": "one two three four",
                                "parts": ["one two three four", "x y z w"],
                            }
                        ],
                    },
                    {"index": 3, "id": "b", "quotes": []},
                ]
            }
        ),
        encoding="utf-8",
    )
    people.write_text(
        json.dumps(
            {
                "articles": [
                    {"id": "a", "old": True, "people": [{"name": "Ann Lee", "mentions": ["Lee"]}]},
                    {"id": "b", "people": []},
                ]
            }
        ),
        encoding="utf-8",
    )
    first, second = load_cnndm_gold(quotes, people)
    assert (first.position, first.index, first.old, first.half) == (0, 7, True, 0)
    assert first.quotes == (
        GoldQuote("direct", "Ann Lee", ("one two three four", "x y z w"), "person"),
    )
    assert first.people[0].names == ("Ann Lee", "Lee")
    assert (second.position, second.old, second.half) == (1, False, 1)

    people.write_text(json.dumps({"articles": [{"id": "b", "people": []}]}), encoding="utf-8")
    with pytest.raises(ValueError, match="do not list the same articles"):
        load_cnndm_gold(quotes, people)


def test_speaker_scores_on_all_old_and_new_gold_and_each_half() -> None:
    def quote(speaker: str | None, text: str) -> GoldQuote:
        return GoldQuote("direct", speaker, (text,), "person" if speaker else None)

    cases = [
        QuoteCase(
            _article(0, old=True, quotes=(quote("Ann Lee", "alpha beta gamma delta"),)),
            (_found("Lee", "alpha beta gamma delta"),),
        ),
        QuoteCase(
            _article(1, old=True, quotes=(quote("Bob Roe", "bravo charlie delta echo"),)),
            (_found("Ann Lee", "bravo charlie delta echo"),),
        ),
        QuoteCase(
            _article(
                2,
                old=False,
                quotes=(quote("Cy Poe", "golf hotel india juliet"), quote(None, "kilo lima mike")),
            ),
            (_found("Cy Poe", "golf hotel india juliet"), _found("Cy Poe", "kilo lima mike")),
        ),
        QuoteCase(_article(3, old=False, quotes=(quote("Di Wu", "oscar papa quebec romeo"),)), ()),
    ]
    report = quotes_report(cases)
    figures = report.figures
    assert _figure(figures, "CNN/DailyMail gold, all", "speaker F1") == (0.5, 0.8, 0.0)
    assert _figure(figures, "CNN/DailyMail gold, all", "speaker P") == (0.5, 2 / 3, 0.0)
    assert _figure(figures, "CNN/DailyMail gold, old", "speaker F1") == (0.5, 1.0, 0.0)
    assert _figure(figures, "CNN/DailyMail gold, new", "speaker F1") == pytest.approx(
        (0.5, 2 / 3, 0.0)
    )
    assert _figure(figures, "CNN/DailyMail gold, new", "found, not a gold quote") == (0, 0, 0)
    assert "| all 4 | **ours** |" in report.text
    assert "| next 2 (**new gold**) | **ours** |" in report.text


FORMS_ARTICLE = """Riverton closes its old bridge

Anna Berg, the mayor of Riverton, spoke to reporters on Tuesday about the old bridge.

"We cannot risk lives," she told reporters.

The city council voted to close the bridge for a year, the council said in a statement.

"Repairs will take a whole year," the mayor said.

Engineers found cracks in the main span last month, Berg said.

The repairs will cost four million dollars, Tom Walker told the council on Monday.

The bridge opened in 1950 and carried ten thousand cars a day across the river.

"It will stay closed until the repairs are done."
"""


def test_missed_speakers_are_sorted_by_form_and_outcome(parser: Parser) -> None:
    def quote(kind: str, speaker: str, text: str, kind_of: str = "person") -> GoldQuote:
        return GoldQuote(kind, speaker, (text,), kind_of)

    gold = _article(
        0,
        old=False,
        quotes=(
            quote("direct", "Anna Berg", "We cannot risk lives"),
            quote("reported", "Riverton City Council", "voted to close the bridge", "organization"),
            quote("direct", "Anna Berg", "Repairs will take a whole year"),
            quote("reported", "Anna Berg", "Engineers found cracks in the main span"),
            quote("reported", "Anna Berg", "The repairs will cost four million dollars"),
            quote("direct", "Anna Berg", "It will stay closed until the repairs are done"),
        ),
        people=(NamedPerson("Anna Berg", ("Anna Berg", "Berg")),),
    )
    ((_, analysed),) = analyse_gold_articles(
        parser, [CnnDmArticle("id0", FORMS_ARTICLE, ())], [gold]
    )
    assert analysed is not None
    found = (
        _found("Tom Roe", '"We cannot risk lives," she told reporters.'),
        _found(None, "Repairs will take a whole year"),
        _found("Berg", "Engineers found cracks in the main span last month"),
        _found("Anna Berg", "The bridge opened in 1950"),
    )
    case = QuoteCase(gold, found, analysed)
    got = [(m.quote.snippets[0], m.form, m.outcome, m.ours) for m in misses([case])]
    assert got == [
        ("We cannot risk lives", Form.PRONOUN, Outcome.WRONG, "Tom Roe"),
        ("voted to close the bridge", Form.ORGANISATION, Outcome.NOT_FOUND, None),
        ("Repairs will take a whole year", Form.DESCRIPTION, Outcome.NO_SPEAKER, None),
        ("The repairs will cost four million dollars", Form.OTHER_NAME, Outcome.NOT_FOUND, None),
        ("It will stay closed until the repairs are done", Form.ELSEWHERE, Outcome.NOT_FOUND, None),
    ]
    table = errors_report([case])
    assert "| gold speaker missed (5 of 6) |" in table
    assert "| person by a pronoun | 0 | 0 | 1 | 1 | 1 |" in table
    assert "| **all** | 3 | 1 | 1 | 5 | 5 |" in table
    assert "Of our 3 speakers given, 1 are right; 1 name someone the gold does not" in table
    assert "1 belong to no gold quote" in table
    lines = detail_lines(misses([case]))
    assert lines[1].split("\t") == [
        "0",
        "100",
        "person by a pronoun",
        "found, wrong speaker",
        "Anna Berg",
        "Tom Roe",
        "We cannot risk lives",
    ]
    # Not analysed (ingestion refused it): the form cannot be read from a parse.
    (unplaced, *_) = misses([QuoteCase(gold, ())])
    assert unplaced.form is Form.UNPLACED and unplaced.outcome is Outcome.NOT_FOUND


def test_person_scores_and_details_by_hand() -> None:
    lee = NamedPerson("Ann Lee", ("Ann Lee", "Lee"))
    roe, poe = NamedPerson("Bob Roe", ("Bob Roe",)), NamedPerson("Cy Poe", ("Cy Poe",))
    cases = [
        CnnPeopleCase(_article(0, old=True, people=(lee,)), (("Lee",), ("Zed",)), (("Lee",),)),
        CnnPeopleCase(_article(1, old=False, people=(roe, poe)), (("Bob Roe",), ("Roe",)), ()),
    ]
    figures = cnndm_people_report(cases).figures
    scope = "CNN/DailyMail gold people, all"
    assert _figure(figures, scope, "correct") == (2, 1, 1)
    assert _figure(figures, scope, "found") == (4, 2, 2)
    assert _figure(figures, scope, "expected") == (3, 1, 2)
    # The new gold here is one odd article: its even half is empty, vacuously 1.
    assert _figure(figures, "CNN/DailyMail gold people, new", "R") == (0.5, 1.0, 0.5)
    assert people_detail_lines(cases)[1:] == [
        "0\t100\tfound, not a gold person\tZed",
        "1\t101\tgold person missed\tCy Poe",
        "1\t101\tfound again as another person (gold Bob Roe)\tRoe",
    ]


def test_gold_articles_analysed_as_a_folder_source_reads_them(parser: Parser) -> None:
    gold = [
        _article(0, old=True, people=(NamedPerson("Anna Berg", ("Anna Berg", "Berg")),)),
        _article(1, old=False),
        _article(2, old=False),
    ]
    corpus = [
        CnnDmArticle("id0", "(CNN)" + ARTICLE, ()),
        CnnDmArticle("id1", "Too short to be an article.", ()),
    ]
    analysed = analyse_gold_articles(parser, corpus, gold)
    # An article the corpus lacks is left out; one ingestion refuses has no analysis.
    assert [(g.article_id, result is not None) for g, result in analysed] == [
        ("id0", True),
        ("id1", False),
    ]
    people = cnndm_people_cases(analysed)
    assert any("Anna Berg" in names for names in people[0].ours)
    assert people[1].ours == () and people[1].baseline == ()
    quotes = quote_cases(analysed)
    assert quotes[0].analysed is analysed[0][1] and quotes[1].found == ()
