"""Names, dates, summarizers and bad input."""

from __future__ import annotations

import time
from datetime import date

import pytest
from spacy.language import Language

from digests.analysis.analyze import analyze_batch
from digests.analysis.dates import resolve_date
from digests.analysis.errors import ModelNotAvailable, UnknownMethod
from digests.analysis.identity import same_person
from digests.analysis.models import ArticleInput, DatePrecision, PartialDate, PersonFound
from digests.analysis.names import normalize_name
from digests.analysis.nlp import SpacySumyTokenizer, load_pipeline
from digests.analysis.summarize import METHODS, get_summarizer

MONTH = PartialDate(date(2024, 5, 1), DatePrecision.MONTH)
WEDNESDAY = PartialDate(date(2023, 3, 15), DatePrecision.DAY)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Antony Blinken", "antony blinken"),
        ("  BLINKEN's ", "blinken"),
        ("Marco Antonio Díaz", "marco antonio diaz"),
        ("O’Brien-Smith", "obrien smith"),
        ("", ""),
        # Other scripts and letters beyond accents are keyed by their transliteration.
        ("Блінкен", "blinken"),
        ("Антоні Блінкен", "antoni blinken"),
        ("Lech Wałęsa", "lech walesa"),
        ("Søren", "soren"),
    ],
)
def test_normalize_name(raw: str, key: str) -> None:
    assert normalize_name(raw) == key
    # A key of a key is itself: stored keys are brought up to date by normalising them again.
    assert normalize_name(key) == key


def _person(name: str, *aliases: str) -> PersonFound:
    return PersonFound(name=name, aliases=aliases, role=None, mentions=1, first_position=0)


def test_same_person_across_articles() -> None:
    assert same_person(_person("Antony Blinken", "Blinken"), _person("Anthony Blinken"))
    assert same_person(_person("Antony Blinken"), _person("Blinken"))
    assert not same_person(_person("Joe Biden"), _person("Jill Biden"))
    assert not same_person(_person("Matthew Miller"), _person("Oksana Markarova"))


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("May 17", MONTH, "2024-05-17"),
        ("May 15, 2024", None, "2024-05-15"),
        ("March 2025", None, "2025-03"),
        ("since 2015", None, "2015"),
        ("last week", WEDNESDAY, "2023-W10"),
        ("on Monday", WEDNESDAY, "2023-03-13"),
        ("Wednesday", WEDNESDAY, "2023-03-15"),
        ("yesterday", WEDNESDAY, "2023-03-14"),
        ("last week", MONTH, None),
        ("on Tuesday", None, None),
        ("May 17", None, None),
        ("2024-13-45", MONTH, None),
        ("May 32", MONTH, None),
        ("three-week", WEDNESDAY, None),
        ("years ago", WEDNESDAY, None),
    ],
)
def test_resolve_date(text: str, published: PartialDate | None, expected: str | None) -> None:
    found = resolve_date(text, published)
    assert (str(found) if found else None) == expected


def test_last_week_keeps_week_precision() -> None:
    found = resolve_date("last week", WEDNESDAY)
    assert found == PartialDate(date(2023, 3, 6), DatePrecision.WEEK)


SENTENCES = [
    "The council approved the new bridge over the river on Monday evening.",
    "Engineers said construction would start in the spring and last two years.",
    "Residents have asked for a bridge for more than a decade.",
    "The mayor called the vote a historic day for the town and its people.",
    "Opponents argued that the cost of the bridge was far too high for the town.",
]


@pytest.mark.parametrize("method", METHODS)
def test_every_method_picks_sentences_in_order(nlp: Language, method: str) -> None:
    summarizer = get_summarizer(method, SpacySumyTokenizer(nlp))
    chosen = summarizer(SENTENCES, count=2, title="Council approves bridge")
    assert len(chosen) == 2
    assert list(chosen) == sorted(set(chosen))
    assert summarizer([], count=3) == ()
    assert summarizer(SENTENCES[:1], count=3) == (0,)


def test_unknown_method_names_the_choices(nlp: Language) -> None:
    with pytest.raises(UnknownMethod, match="lexrank"):
        get_summarizer("best", SpacySumyTokenizer(nlp))


def test_missing_model_is_one_clear_line() -> None:
    with pytest.raises(ModelNotAvailable, match="NEWSDIGEST_SPACY_MODEL") as info:
        load_pipeline("en_core_no_such_model")
    assert "\n" not in str(info.value)


def test_bad_input_never_crashes(nlp: Language) -> None:
    long_paragraph = "The committee met again today and said nothing new about the plan. " * 40
    inputs = [
        ArticleInput(text=""),
        ArticleInput(text="Only one sentence here, said nobody."),
        ArticleInput(text=(long_paragraph + "\n\n") * 400),  # about 1 MB
        ArticleInput(
            text="Die Regierung hat am Dienstag einen neuen Haushalt beschlossen, sagte der "
            "Minister. Die Opposition kritisierte den Plan scharf und forderte Neuwahlen.",
        ),
        ArticleInput(text='He said "this never closes. And on May 32 and 2024-13-45 nothing.'),
    ]
    results = list(analyze_batch(nlp, inputs, method="hybrid", sentences=3))
    assert len(results) == len(inputs)
    empty, one, huge, german, broken = results
    assert empty.summary == () and "empty text" in empty.warnings[0]
    assert one.summary == (0,)
    assert any("only the start analysed" in w for w in huge.warnings)
    assert len(huge.summary) == 1  # every sentence is the same: repeats are dropped
    assert german.language == "de" and not german.is_english and german.warnings
    assert broken.events == () and broken.sentences


def test_hundred_articles_in_one_batch(nlp: Language) -> None:
    text = " ".join(SENTENCES)
    started = time.perf_counter()
    results = list(
        analyze_batch(nlp, [ArticleInput(text=text)] * 100, method="hybrid", sentences=2)
    )
    assert len(results) == 100
    assert all(len(r.summary) == 2 for r in results)
    assert time.perf_counter() - started < 60
