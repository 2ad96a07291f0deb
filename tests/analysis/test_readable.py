"""How a sentence reads alone (traits) and the headline made from a lead, on the real parse."""

from __future__ import annotations

import pytest
from spacy.language import Language

from digests.analysis.analyze import analyze_batch
from digests.analysis.headline import MAX_CHARS, headline_from, lead_headline
from digests.analysis.models import ArticleInput, SentenceTraits
from digests.analysis.readable import sentence_traits
from digests.sources.cleaning import lead_title
from digests.stories.reading import same_fact


def _traits(nlp: Language, text: str) -> list[SentenceTraits]:
    doc = nlp(text)
    spans = dict(enumerate(doc.sents))
    return list(sentence_traits(doc, spans, doc.text))


def _one(nlp: Language, text: str) -> SentenceTraits:
    return _traits(nlp, text)[0]


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("Protester Jane Doe waves a flag during a rally on Tuesday.", "caption"),
        ("Send us your photos of the flooded streets.", "address"),
        ("You can see the highlights on Sports Tonight at nine.", "address"),
        ("What would you do if your town flooded?", "question"),
        ("which was the last time the bridge was closed.", "fragment"),
        ("The mayor said the bridge would close on", "fragment"),
        ("Because surveillance has become routine in the country.", "fragment"),
        ("Two men were arrested hours after the blast, said police Sgt.", "fragment"),
        ('The mayor said the bridge "would close for good.', "quote marks"),
        ("Photo: Jane Doe / Reuters", "furniture"),
    ],
)
def test_faults_of_a_sentence(nlp: Language, text: str, fault: str) -> None:
    assert fault in _one(nlp, text).faults


def test_a_sentence_inside_a_longer_quote_would_lose_its_marks(nlp: Language) -> None:
    found = _traits(
        nlp,
        'The mayor spoke on Monday. "We lost the bridge. We will build it again. '
        'It will take a year," she said.',
    )
    assert "quote marks" in found[2].faults
    assert not found[0].faults


def test_news_sentences_have_no_fault(nlp: Language) -> None:
    for text in (
        "Floods closed the Main Street bridge in Springfield on Monday.",
        '"We will rebuild it," Mayor Ann Lee said on Tuesday.',
        "For several months, Ukraine has been carrying out attacks on Russian ships.",
    ):
        assert not _one(nlp, text).faults, text


@pytest.mark.parametrize(
    ("text", "leans_on"),
    [
        ("He said the talks would resume next week.", ("person",)),
        ("His wife said the talks would resume.", ("person",)),
        ("One music fan wants him out of the festival.", ("person",)),
        ("They will meet again on Friday.", ("thing",)),
        ("This means the talks are over.", ("previous",)),
        ("But the union rejected the offer.", ("previous", "noun:union")),
        ("Schultz took out ads in two newspapers touting this effort.", ("noun:effort",)),
        ("The spokeswoman said the talks would resume.", ("noun:spokeswoman",)),
        ("The offer was made in court papers.", ("noun:offer",)),
        ("The 73-year-old, who left the court in a wheelchair, pleaded guilty.", ("noun:old",)),
        ("It is not known how many workers joined the strike.", ()),
        ("The head of the union said the talks would resume.", ()),
        ("Police arrested two men on Monday.", ()),
        ("Mayor Ann Lee said she would resign.", ()),
        ('"He will never win," Ann Lee said of her rival.', ()),
    ],
)
def test_what_a_sentence_leans_on(nlp: Language, text: str, leans_on: tuple[str, ...]) -> None:
    assert _one(nlp, text).leans_on == leans_on


def test_one_fact_told_by_two_outlets_meets_by_meaning(nlp: Language) -> None:
    nv = _one(
        nlp,
        "Blinken initiated a debate in the administration of President Joe Biden about relaxing "
        "the ban on the use of American weapons against Russian artillery launchers located "
        "directly on the border with Russia.",
    )
    ukranews = _one(
        nlp,
        "The initiative of the U.S. Department of State led to active discussions in the "
        "administration of Joe Biden about the possibility of allowing Ukraine to attack missile "
        "and artillery installations located near the border with russia.",
    )
    pentagon = _one(
        nlp,
        "On May 17, the Pentagon reported that Washington has not changed its position on the "
        "ban on the use of American weapons for attacks on Russia.",
    )
    assert same_fact(nv, ukranews)
    assert not same_fact(pentagon, ukranews) and not same_fact(pentagon, nv)


@pytest.mark.parametrize(
    ("lead", "headline"),
    [
        (
            "A shooting at a bar popular with expatriates in Mali on Saturday killed five "
            "people, including French and Belgian citizens, authorities said.",
            "A shooting at a bar popular with expatriates in Mali on Saturday killed five people",
        ),
        (
            "US Secretary of State Antony Blinken, who visited Kyiv last week, is trying to "
            "convince the White House that Washington should allow Ukraine to use American "
            "weapons on Russian territory, The New York Times journalists learned.",
            "Antony Blinken is trying to convince the White House",
        ),
        (
            "The offer, made in court papers on Monday, was rejected by the union, which "
            "called it an insult.",
            "The offer was rejected by the union",
        ),
        (
            "Former President Barack Obama, speaking at a rally in Detroit on Saturday, urged "
            "voters to turn out in the midterm elections.",
            "Former President Barack Obama urged voters to turn out in the midterm elections",
        ),
    ],
)
def test_a_headline_is_the_leads_main_clause(nlp: Language, lead: str, headline: str) -> None:
    made = lead_headline(next(iter(nlp(lead).sents)))
    assert made == headline
    assert len(made) <= MAX_CHARS


def test_the_analysis_makes_a_headline_only_for_an_article_without_one(nlp: Language) -> None:
    text = (
        "A shooting at a bar popular with expatriates in Mali on Saturday killed five people, "
        "including French and Belgian citizens, authorities said.\n\nThe gunmen fled the scene "
        "and police are searching for them across the city, officials said on Sunday."
    )
    without, stand_in, own = analyze_batch(
        nlp,
        [
            ArticleInput(text=text),
            ArticleInput(text=text, title=lead_title(text)),
            ArticleInput(text=text, title="Gunmen kill five at a bar in Mali"),
        ],
        method="hybrid",
        sentences=3,
    )
    assert without.headline == stand_in.headline
    assert without.headline is not None and not without.headline.endswith("…")
    assert own.headline is None
    assert {t.position for t in without.traits} >= {0, 1}


def test_a_headline_is_not_made_from_a_lead_that_names_nobody(nlp: Language) -> None:
    doc = nlp(
        "He was renowned for his paintings of the sea. Painter John Marin died on Friday in "
        "Maine at the age of 83, his family said. He had been ill for months."
    )
    made = headline_from(list(doc.sents))
    assert made == "Painter John Marin died on Friday in Maine at the age of 83"
    capitals = nlp("WASHINGTON Obesity rates rose in every country last year, researchers said.")
    assert lead_headline(next(iter(capitals.sents))) == "Obesity rates rose in every country"


@pytest.mark.parametrize(
    ("lead", "headline"),
    [
        (
            "A California jury ruled Friday that the venture capital firm Kleiner Perkins did "
            "not discriminate against former partner Ellen Pao, a former employee who had sued "
            "the firm for gender discrimination in a case that captivated Silicon Valley.",
            "A California jury ruled that the venture capital firm did not discriminate",
        ),
        (
            "Henry Solis is accused of killing 23-year-old Salome Rodriguez Jr. early on March 13 "
            "in Los Angeles, police said.",
            "Henry Solis is accused of killing 23-year-old Salome Rodriguez Jr. early on March 13 "
            "in Los Angeles",
        ),
        # A predicate adjective closes the clause; the headline need not stop before it.
        (
            "The mayor, who took office in a special election three years ago, told reporters "
            "on Monday that she expects the recovery will be slow.",
            "The mayor told reporters on Monday that she expects the recovery will be slow",
        ),
    ],
)
def test_a_headline_keeps_what_its_verb_needs(nlp: Language, lead: str, headline: str) -> None:
    assert lead_headline(next(iter(nlp(lead).sents))) == headline


def test_a_headline_never_ends_on_a_clause_that_lost_what_its_verb_needs(nlp: Language) -> None:
    doc = nlp(
        "Maria Lopez, the lawyer for the family of the injured driver, revealed in court on "
        "Tuesday that she suspects the brakes of the company's bus were the main cause of the "
        "crash on the highway near the airport. Brakes on the city's buses will be checked "
        "every month, the transit agency said."
    )
    # Shortened to fit, the first would read "Maria Lopez revealed that she suspects".
    assert headline_from(list(doc.sents)) == "Brakes on the city's buses will be checked"


def test_a_demonstrative_pointing_back_is_no_headline(nlp: Language) -> None:
    doc = nlp(
        "Monohm was founded around this very idea. Monohm, a startup in Berkeley, sells a phone "
        "made of wood. This week it raised $2 million."
    )
    assert headline_from(list(doc.sents)) == "Monohm sells a phone made of wood"
