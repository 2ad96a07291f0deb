"""People and quotes on real news: regression sentences quoted from the development corpora.

Each case is a short passage as published and what the analysis must make of it.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from digests.analysis.analyze import analyze_batch
from digests.analysis.models import ArticleAnalysis, ArticleInput, QuoteKind
from digests.analysis.names import same_name
from digests.analysis.page_forms import is_credit
from digests.analysis.quote_marks import find_quoted


def _analyse(nlp: Language, text: str) -> ArticleAnalysis:
    return next(analyze_batch(nlp, [ArticleInput(text=text)], method="lead", sentences=1))


def _speakers(analysis: ArticleAnalysis, snippet: str) -> set[str | None]:
    return {q.speaker for q in analysis.quotes if snippet in q.text}


def test_a_retailer_is_not_a_person(nlp: Language) -> None:
    text = (
        "NPD said according to those figures, Apple's iTunes store passes U.S. electronics "
        "retailer Best Buy for the No. 2 U.S. music retailer in 2007. Their projections showed "
        "that Apple's iTunes held 19 percent of the U.S. music market, followed by Best Buy at "
        "13 percent."
    )
    assert "Best Buy" not in {p.name for p in _analyse(nlp, text).people}


def test_a_name_based_somewhere_is_a_firm(nlp: Language) -> None:
    text = (
        "Liberty-based Ferrellgas announced on Thursday that it has contributed $5,000 toward "
        "a reward. Ferrellgas said the money would go to the families. London-based analyst "
        "Jane Porter said the gift was generous."
    )
    names = {p.name for p in _analyse(nlp, text).people}
    assert "Ferrellgas" not in names
    assert "Jane Porter" in names


def test_a_first_name_introduced_by_kinship_is_a_person(nlp: Language) -> None:
    text = (
        "Dr. Maumoon Abdulqadir said he was sending a message to his daughter, Lena, who is "
        "one of the students."
    )
    people = {p.name: p for p in _analyse(nlp, text).people}
    assert "Lena" in people and people["Lena"].role == "daughter"


def test_contributors_are_not_people(nlp: Language) -> None:
    text = (
        "Fabius said the Malian government was interrogating some suspects.\n\n"
        "CNN's Brian Walker, Joshua Berlinger and Christabelle Fombu contributed to this report."
    )
    analysis = _analyse(nlp, text)
    assert not {"Brian Walker", "Joshua Berlinger", "Christabelle Fombu"} & {
        p.name for p in analysis.people
    }
    assert not [q for q in analysis.quotes if "contributed" in q.sentence]


def test_a_titled_name_the_model_missed(nlp: Language) -> None:
    text = (
        "Sheriff Newell Normand said earlier that investigators hadn't been able to talk to "
        "White, who officials said suffered from some type of mental illness."
    )
    analysis = _analyse(nlp, text)
    assert "Newell Normand" in {p.name for p in analysis.people}
    assert _speakers(analysis, "investigators hadn't been able") == {"Newell Normand"}
    # "who officials said suffered ...": nobody named, so no speaker rather than a common noun
    assert [q.speaker for q in analysis.quotes if q.text.startswith("who suffered")] == [None]


def test_shared_surname_goes_to_the_person_named_most_in_full(nlp: Language) -> None:
    text = (
        "Former President Bill Clinton on Saturday defended his family foundation's practice "
        "of taking money from foreign countries. Bill Clinton defended the donations as "
        "something that went to worthwhile projects. Hillary Clinton is the party's "
        "presidential frontrunner in 2016. \"I'm going to tell you who gave us money and you "
        'can make your own decisions," Clinton said.'
    )
    assert _speakers(_analyse(nlp, text), "who gave us money") == {"Bill Clinton"}


def test_inverted_attribution_after_a_reported_clause(nlp: Language) -> None:
    text = (
        "The fighters are both beginners and professionals, anywhere from age 20 to 50, said "
        "photographer Katarzyna Mazur, who spent months documenting the club in 2013 and 2014."
    )
    analysis = _analyse(nlp, text)
    assert _speakers(analysis, "both beginners and professionals") == {"Katarzyna Mazur"}


def test_pronoun_speaker_is_the_person_named_before(nlp: Language) -> None:
    text = (
        "U.S. Secretary of State John Kerry expressed his condolences to the victims' families "
        'in a news conference in Paris on Saturday. "This is an act of cowardice," he said.'
    )
    analysis = _analyse(nlp, text)
    assert _speakers(analysis, "act of cowardice") == {"John Kerry"}


def test_unnamed_sources_have_no_speaker(nlp: Language) -> None:
    text = (
        "A shooting at a bar popular with expatriates in Mali on Saturday killed five people, "
        "including French and Belgian citizens, authorities said."
    )
    assert _speakers(_analyse(nlp, text), "killed five people") == {None}


def test_titles_of_works_are_not_quotes(nlp: Language) -> None:
    text = (
        'Stone is known for her R&B hits "Wish I Didn\'t Miss You," "Brotha," and '
        '"I Wanna Thank You."'
    )
    assert not [q for q in _analyse(nlp, text).quotes if q.kind is QuoteKind.DIRECT]


def test_a_quote_after_an_attributed_one_is_the_same_speakers(nlp: Language) -> None:
    text = (
        "Raymond Moore, a former owner of the tournament and now its chief executive, spoke to "
        'reporters. "We wanted to get Venus," said Moore. "In fact we\'d like to welcome the '
        'whole family."'
    )
    analysis = _analyse(nlp, text)
    assert _speakers(analysis, "We wanted to get Venus") == {"Raymond Moore"}
    assert _speakers(analysis, "welcome the whole family") == {"Raymond Moore"}


def test_a_statement_goes_to_its_author(nlp: Language) -> None:
    text = (
        "French President Francois Hollande expressed his condolences to the families of the "
        'victims in a statement. The sports stars "made France shine so brightly" during their '
        "careers, the statement said."
    )
    analysis = _analyse(nlp, text)
    quotes = [q for q in analysis.quotes if "shine so brightly" in q.text]
    # a quoted fragment inside a paraphrase: reported speech, not a direct quote
    assert [(q.speaker, q.kind) for q in quotes] == [("Francois Hollande", QuoteKind.REPORTED)]


def test_an_organisation_speaks_under_its_full_name(nlp: Language) -> None:
    text = (
        "On the day she delivered her speech, Amnesty International released a report. The "
        'other would "further entrench gender-based discrimination, particularly against women '
        'who choose not to or are unable to marry or have children," Amnesty said.'
    )
    analysis = _analyse(nlp, text)
    quotes = [q for q in analysis.quotes if "gender-based discrimination" in q.text]
    assert [(q.speaker, q.speaker_is_person) for q in quotes] == [("Amnesty International", False)]


def test_a_description_named_in_the_next_sentences(nlp: Language) -> None:
    text = (
        "Racist emails resulted in three Ferguson, Missouri, city employees resigning or being "
        "fired, the city spokesman said Friday. William Mudd resigned Thursday over the emails, "
        "city spokesman Jeff Small said on Friday."
    )
    assert _speakers(_analyse(nlp, text), "city employees resigning") == {"Jeff Small"}


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Saeb Erekat", "Saeb Erakat", True),
        ("Muammar Gaddafi", "Muammar Qaddafi", True),
        ("Joe Biden", "Jill Biden", False),
        ("Li Wei", "Le Wei", False),
        ("George W. Bush", "George H.W. Bush", False),
        ("George W. Bush", "George Walker Bush", True),
        ("George HW Bush", "George H. W. Bush", True),
        ("Hillary Rodham Clinton", "Hillary Clinton", True),
        ("Martin Luther King Jr.", "King", True),
        ("Ken Griffey Jr.", "Ken Griffey Sr.", False),
    ],
)
def test_spelling_variants_of_one_name(a: str, b: str, same: bool) -> None:
    assert same_name(a, b) is same


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("(Writing by Jane Doe; Editing by John Roe)", True),
        ("Reuters' Jane Doe reported from Kyiv.", True),
        ("By JANE DOE", True),
        ("(Jane Doe / Staff Photographer)", True),
        ("Credit: Jane Doe / Los Angeles Times", True),
        ("Jane Doe contributed reporting.", True),
        ("Follow Jane Doe on Twitter, @janedoe.", True),
        ("Video by WSJ's Jane Doe via #WorldStream.", True),
        ("The video showed the crowd running, police said.", False),
        ("CNN's Jane Doe wrote from Kabul.", True),
        ("Jane Doe is a columnist for The Times.", True),
        ("Jane Doe is a correspondent for CNN.", True),
        ("Footage courtesy of Reuters.", True),
        ("(Image: Jane Doe)", True),
        ("Email Jane Doe at the news desk.", True),
        ("By the time police arrived, he had left.", False),
        ("Smith said the report was written by aides.", False),
        ("The senator can be reached at home, aides said.", False),
    ],
)
def test_credit_lines_by_form(line: str, credit: bool) -> None:
    assert is_credit(line) is credit


def test_quote_marks_paired_across_paragraphs() -> None:
    text = (
        '"It has been hard," she said. "Emotionally it was easier. "There are some who say '
        'so.\n\n"I am following my heart." Then\n\nan "unclosed mark\n\nstays harmless.'
    )
    quoted = [text[q.start : q.end] for q in find_quoted(text)]
    assert quoted[0] == "It has been hard,"
    assert quoted[1].startswith("Emotionally") and quoted[1].endswith("my heart.")
    assert len(quoted) == 2


def test_places_and_cut_off_titles_are_not_names_or_roles(nlp: Language) -> None:
    text = (
        "South Africa will host the summit. South Africa Cyril Ramaphosa said the talks went "
        "well. The LAPD Cmdr said nothing."
    )
    people = {p.name: p for p in _analyse(nlp, text).people}
    assert "Cyril Ramaphosa" in people and people["Cyril Ramaphosa"].role is None
    assert not [name for name in people if name.endswith("Cmdr")]


def test_a_courtesy_title_is_not_a_role(nlp: Language) -> None:
    text = (
        "Mr Trump told reporters the talks went well. Trump said he would return. "
        "Dr. Raymond Fang, the trauma director, said two patients were stable."
    )
    people = {p.name: p for p in _analyse(nlp, text).people}
    assert all(
        not p.role or p.role.rstrip(".").lower() not in {"mr", "dr"} for p in people.values()
    ), people


@pytest.mark.parametrize(
    ("text", "speaker", "said"),
    [
        (
            "“We will not raise property taxes,” Mayor Jane Smith said on May 3, 2024.",
            "Jane Smith",
            "We will not raise property taxes",
        ),
        (
            "“We will win this fight,” Senator Maria Lopez said on Twitter.",
            "Maria Lopez",
            "We will win this fight",
        ),
        (
            "“The plan is a disaster for farmers,” Governor Tom Hill said of the proposal.",
            "Tom Hill",
            "The plan is a disaster for farmers",
        ),
        (
            "The company will cut 500 jobs, chief executive Mary Barra said on Tuesday, March 5.",
            "Mary Barra",
            "The company will cut 500 jobs",
        ),
    ],
)
def test_what_follows_the_verb_of_a_statement_before_it_is_not_said(
    nlp: Language, text: str, speaker: str, said: str
) -> None:
    # "A," X said on <date> / on Twitter / of Y: the words after the verb tell when, where or
    # of what, and were once glued to the quote as a second one ("taxessaid on May 3, 2024").
    quotes = _analyse(nlp, text).quotes
    assert [(q.speaker, q.text) for q in quotes] == [(speaker, said)]
