"""Issue #3's Done-when for the two seed articles."""

from __future__ import annotations

from spacy.language import Language

from digests.analysis.analyze import analyze_batch
from digests.analysis.identity import merge_people
from digests.analysis.models import ArticleAnalysis, ArticleInput, QuoteKind
from tests.analysis.conftest import MAY_2024, SEEDS


def test_people_of_the_pair_are_exactly_the_five(seed_analyses: list[ArticleAnalysis]) -> None:
    people = merge_people(a.people for a in seed_analyses)
    names = sorted(p.name for p in people)
    assert names == [
        "Antony Blinken",
        "Joe Biden",
        "Matthew Miller",
        "Oksana Markarova",
        "Volodymyr Zelenskyy",
    ]
    by_name = {p.name: p for p in people}
    assert by_name["Antony Blinken"].role is not None
    assert "Secretary of State" in by_name["Antony Blinken"].role
    assert by_name["Matthew Miller"].role == "Department of State spokesperson"
    assert by_name["Oksana Markarova"].role == "Ukraine's Ambassador to the United States"


def test_events_of_the_pair(seed_analyses: list[ArticleAnalysis]) -> None:
    dates = sorted({str(e.date) for a in seed_analyses for e in a.events})
    assert dates == ["2024-05-15", "2024-05-17", "2024-05-21"]
    # "last week" cannot be placed: the seeds are dated to the month only.
    assert all("last week" not in e.text for a in seed_analyses for e in a.events)


def test_attributed_statements(seed_analyses: list[ArticleAnalysis]) -> None:
    quotes = [q for a in seed_analyses for q in a.quotes]
    blinken = [q for q in quotes if q.speaker == "Antony Blinken"]
    assert any("does not encourage strikes" in q.text for q in blinken)
    zelenskyy = [q for q in quotes if q.speaker == "Volodymyr Zelenskyy"]
    assert any("no such bans" in q.text for q in zelenskyy)
    assert all(q.kind is QuoteKind.REPORTED for q in zelenskyy)
    # '..., which "do not have the power ...," NYT notes': a paraphrase carrying a quoted
    # fragment is reported speech, given to the outlet under the name the article gives it.
    assert not [q for q in quotes if q.kind is QuoteKind.DIRECT]
    nyt = [q for q in quotes if "do not have the power and speed" in q.text]
    assert [(q.speaker, q.speaker_is_person, q.kind) for q in nyt] == [
        ("New York Times", False, QuoteKind.REPORTED)
    ]
    miller = [q for q in quotes if q.speaker == "Matthew Miller"]
    assert miller and "declined to comment" in miller[0].sentence


def test_summary_never_holds_headline_or_caption(seed_analyses: list[ArticleAnalysis]) -> None:
    for analysis in seed_analyses:
        assert len(analysis.summary) == 3
        assert list(analysis.summary) == sorted(analysis.summary)
        for sentence in analysis.summary_sentences:
            assert "Photo" not in sentence
            assert sentence != analysis.title


def test_raw_seed_with_headline_and_caption(nlp: Language) -> None:
    """Uncleaned text: the misspelt caption name merges, the credit and the place are no people."""
    raw = (SEEDS / "nv-blinken-2024-05.txt").read_text(encoding="utf-8")
    [analysis] = analyze_batch(
        nlp, [ArticleInput(text=raw, published=MAY_2024)], method="hybrid", sentences=3
    )
    names = {p.name: p for p in analysis.people}
    assert sorted(names) == ["Antony Blinken", "Joe Biden", "Volodymyr Zelenskyy"]
    assert "Anthony Blinken" in names["Antony Blinken"].aliases
    for sentence in analysis.summary_sentences:
        assert "Photo" not in sentence and not sentence.startswith("After Kyiv visit")


def test_stand_in_title_keeps_the_lead_in_the_summary(nlp: Language) -> None:
    """A headline-less article is titled by its lead at ingest; the lead is still the news."""
    from digests.sources.cleaning import lead_title

    text = (
        "A federal judge was shot in front of his home on Thursday night in an apparent robbery "
        "attempt, police said. Two men approached the judge as he got out of his car, and a "
        "struggle followed before a shot struck him in the leg. The judge was taken to a "
        "hospital with injuries that were not life-threatening, a court spokesman said. The two "
        "men escaped in a dark car and had not been found by Friday morning. The judge was "
        "appointed to the court in 2012 after two decades as a federal prosecutor."
    )
    [analysis] = analyze_batch(
        nlp, [ArticleInput(text=text, title=lead_title(text))], method="hybrid", sentences=3
    )
    assert analysis.summary[0] == 0
    assert analysis.summary_sentences[0].startswith("A federal judge was shot")
