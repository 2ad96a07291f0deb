"""The rules on the short articles written for the tests (other people, places, quote marks)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from digests.analysis.analyze import analyze_batch
from digests.analysis.models import ArticleAnalysis, ArticleInput, DatePrecision, PartialDate

ARTICLES = Path(__file__).resolve().parent / "articles"


def _analyse(nlp: Language, name: str) -> tuple[ArticleAnalysis, dict]:  # type: ignore[type-arg]
    gold = json.loads((ARTICLES / f"{name}.json").read_text(encoding="utf-8"))
    published = (
        PartialDate(date.fromisoformat(gold["published"]), DatePrecision.DAY)
        if gold["published"]
        else None
    )
    article = ArticleInput(
        text=(ARTICLES / f"{name}.txt").read_text(encoding="utf-8"),
        title=gold["title"],
        published=published,
    )
    [analysis] = analyze_batch(nlp, [article], method="hybrid", sentences=3)
    return analysis, gold


@pytest.mark.parametrize("name", ["rotterdam-strike", "antofagasta-water", "tartu-library"])
def test_people_and_dates_match_gold(nlp: Language, name: str) -> None:
    analysis, gold = _analyse(nlp, name)
    assert sorted(p.name for p in analysis.people) == sorted(p["name"] for p in gold["people"])
    assert sorted(str(e.date) for e in analysis.events) == sorted(e["date"] for e in gold["events"])


def test_credit_in_capitals_is_not_a_person(nlp: Language) -> None:
    analysis, _ = _analyse(nlp, "rotterdam-strike")
    assert all("UTRECHT" not in p.name.upper() for p in analysis.people)
    vries = next(p for p in analysis.people if p.name == "Marieke de Vries")
    assert vries.aliases == ("De Vries",)
    assert vries.role is not None and "chair" in vries.role


def test_quote_split_around_attribution_is_one_quote(nlp: Language) -> None:
    analysis, _ = _analyse(nlp, "antofagasta-water")
    diaz = [q for q in analysis.quotes if q.speaker == "Marco Antonio Díaz" and q.kind == "direct"]
    assert [q.text for q in diaz] == ["It is a good start, but the city needs more than one plant."]
    guillemets = [q for q in analysis.quotes if q.speaker == "Maisa Rojas"]
    assert len(guillemets) == 2  # «...», said X. «...» — the second inherits the speaker
    assert {q.speaker for q in analysis.quotes if q.text.startswith("The brine")} == {
        "Tomás Herrera"
    }


def test_pronoun_speaker_resolves_and_unclosed_quote_is_harmless(nlp: Language) -> None:
    analysis, _ = _analyse(nlp, "tartu-library")
    added = next(q for q in analysis.quotes if "moved upstairs" in q.text)
    assert added.speaker == "Kristiina Tamm"
    assert "leftover HTML tags removed" in analysis.warnings
    assert all("<" not in s.text for s in analysis.sentences)
    # The quote mark that never closes swallowed nothing: the last sentence is still there.
    assert analysis.sentences[-1].text.startswith('"Finally')
    assert analysis.events[0].date == PartialDate(date(2019, 1, 1), DatePrecision.YEAR)
