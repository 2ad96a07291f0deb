"""Speakers by linguistic form, on sentences written for these tests (not from any corpus).

An organisation named by what it is and where ("the Danish foreign ministry"), an
organisation's office referred to by its common noun ("the sheriff's office" after its full
name), a statement made someone's by "X said in an indictment", acronyms, a speaking pronoun,
and a surname the model saw inside another name.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from digests.analysis.analyze import analyze_batch
from digests.analysis.matchers import placed_organisations
from digests.analysis.models import ArticleAnalysis, ArticleInput


def _analyse(nlp: Language, text: str) -> ArticleAnalysis:
    return next(analyze_batch(nlp, [ArticleInput(text=text)], method="lead", sentences=1))


def _speaker(analysis: ArticleAnalysis, snippet: str) -> tuple[str | None, bool]:
    (quote,) = [q for q in analysis.quotes if snippet in q.text]
    return quote.speaker, quote.speaker_is_person


def test_an_organisation_named_by_its_nationality_speaks(nlp: Language) -> None:
    analysis = _analyse(
        nlp,
        "Four hikers were hurt in a rockslide near the border. The Norwegian government said "
        "two of its citizens were among the injured. The group included three Danes, according "
        "to the Danish foreign ministry. The ministry said it was in touch with the families.",
    )
    assert _speaker(analysis, "two of its citizens") == ("Norwegian government", False)
    assert _speaker(analysis, "three Danes") == ("Danish foreign ministry", False)
    assert _speaker(analysis, "in touch with the families") == ("Danish foreign ministry", False)
    assert not any("ministry" in p.name or "government" in p.name for p in analysis.people)


def test_a_description_of_a_party_is_no_name_for_it(nlp: Language) -> None:
    analysis = _analyse(
        nlp,
        "A Peruvian rebel group claimed the bombing on Sunday. The police said the group had "
        "planned it for months.",
    )
    assert {q.speaker for q in analysis.quotes} <= {None}


def test_an_office_by_its_common_noun_is_the_one_named_before(nlp: Language) -> None:
    analysis = _analyse(
        nlp,
        "Four hikers were injured in a rockslide, the Pine County Sheriff's Office said on "
        "Monday. A rescue team reached them after dark. Two of them were airlifted to a "
        "hospital in Boise, the sheriff's office said.",
    )
    assert _speaker(analysis, "airlifted") == ("Pine County Sheriff's Office", False)


def test_the_indictment_is_the_department_that_filed_it(nlp: Language) -> None:
    analysis = _analyse(
        nlp,
        "Tom Jones drove the truck across the state line, the Justice Department said in an "
        "indictment unsealed Friday. Jones had a rifle in the cab, the indictment said.",
    )
    assert _speaker(analysis, "rifle in the cab") == ("Justice Department", False)


def test_a_request_without_a_clause_is_no_relay(nlp: Language) -> None:
    analysis = _analyse(
        nlp,
        "The Elm Street Police Department found the car on Monday. Moreno said the department "
        "is asking for the public's help to find the driver.",
    )
    assert _speaker(analysis, "the department is asking") == ("Moreno", True)


def test_an_acronym_is_a_whole_name(nlp: Language) -> None:
    analysis = _analyse(
        nlp,
        "The story first ran on NBC Sports Radio last week. The NBC said the host had been "
        "taken off the air pending a review.",
    )
    assert _speaker(analysis, "taken off the air") == ("NBC", False)


def test_an_acronym_spelled_out_after_it(nlp: Language) -> None:
    analysis = _analyse(
        nlp,
        "Global growth will slow to two percent next year, according to IMF (that's the "
        "International Monetary Fund, not a band). The forecast was cut twice this year.",
    )
    assert _speaker(analysis, "Global growth will slow") == ("International Monetary Fund", False)


def test_the_statement_goes_to_its_latest_named_author(nlp: Language) -> None:
    analysis = _analyse(
        nlp,
        "Tom Jones drove the truck across the state line, the Justice Department said in an "
        "indictment unsealed Friday. In the indictment, prosecutors said the load was stolen. "
        "Jones had a rifle in the cab, the indictment said.",
    )
    assert _speaker(analysis, "rifle in the cab") == ("Justice Department", False)


def test_a_speaking_pronoun_goes_to_the_last_speaker(nlp: Language) -> None:
    analysis = _analyse(
        nlp,
        "Chadwick Brown, an economist at Leeds, studies club finances. According to Brown, a "
        "new manager rarely helps, but he argues few are available. And he suggests the "
        "approach of Joe Smith and Carl Miller shows owners still misread the game. "
        '"It is easy to give in to fan pressure and sack the manager," he said.',
    )
    assert _speaker(analysis, "easy to give in") == ("Chadwick Brown", True)


def test_a_speaking_pronoun_goes_to_the_main_speaker_before(nlp: Language) -> None:
    analysis = _analyse(
        nlp,
        "Greg Pillay, head of the Kidney Trust, said Tom Walsh -- who spoke out about his "
        'illness -- had "changed the way the disease is seen." "His courage meant he helped '
        'bring it into the open," he said.',
    )
    assert _speaker(analysis, "His courage") == ("Greg Pillay", True)


def test_a_surname_inside_a_title_is_still_a_persons(nlp: Language) -> None:
    # "The Mighty Grant" (a sketch's name) ends in the surname: not the short form of a name
    analysis = _analyse(
        nlp,
        'In one comedy skit the wrestler became "The Mighty Grant" while President Grant fumed '
        "at members of Congress.",
    )
    assert "Grant" in {p.name for p in analysis.people}


def test_a_party_or_nationality_that_speaks_is_the_last_speaker(nlp: Language) -> None:
    analysis = _analyse(
        nlp,
        "Anne Kowalski, a member of the budget committee, said on Saturday that the agency had "
        'lost records. "The only way to know is to see the files," the Ohio Democrat added.',
    )
    assert _speaker(analysis, "The only way to know") == ("Anne Kowalski", True)


def test_a_nationality_beside_people_who_did_not_speak_names_none_of_them(
    nlp: Language,
) -> None:
    analysis = _analyse(
        nlp,
        "Maria Lopez coaches the national team. After Jane Lee beat Ana Ortiz in the final, the "
        "Cuban said the umpire had made mistakes.",
    )
    assert _speaker(analysis, "the umpire had made mistakes")[0] in (None, "Ana Ortiz")


def test_the_leader_of_a_group_named_in_the_next_sentence(nlp: Language) -> None:
    analysis = _analyse(
        nlp,
        "Whatever it has meant to the villages, the leader of the rebel movement in the hills "
        "says it is time for the war to end. Tomas Ferreira, longtime leader of the Mountain "
        "Front, said so in a letter from his cell.",
    )
    assert _speaker(analysis, "time for the war to end") == ("Tomas Ferreira", True)


def test_a_release_from_an_organisation_is_its(nlp: Language) -> None:
    analysis = _analyse(
        nlp,
        "While searching the house, officers found a second body, according to a release from "
        "the Elm City Police Department.",
    )
    assert _speaker(analysis, "found a second body") == ("Elm City Police Department", False)


def test_an_inverted_attribution_may_say_where_it_was_said(nlp: Language) -> None:
    analysis = _analyse(
        nlp,
        '"I want to urge all citizens to wait patiently for the commission to collate and '
        'announce results," stated Obi on his Facebook account.',
    )
    assert _speaker(analysis, "wait patiently")[0] == "Obi"


def test_an_organisation_that_spoke_speaks_on_as_they(nlp: Language) -> None:
    analysis = _analyse(
        nlp,
        "The Acme Corporation said on Tuesday that its chief engineer had left the company. "
        '"He has been suspended pending an investigation," they said.',
    )
    assert _speaker(analysis, "suspended pending") == ("Acme Corporation", False)


def test_they_after_no_organisation_speaking_names_nobody(nlp: Language) -> None:
    analysis = _analyse(
        nlp,
        "Officials at the Acme Corporation met on Tuesday. Local residents gathered outside. "
        '"We have waited too long for answers," they said.',
    )
    assert _speaker(analysis, "waited too long")[0] is None


def test_a_gendered_noun_is_the_nearer_antecedent_of_a_pronoun(nlp: Language) -> None:
    # "her" after "its mother" is the mother's: no evidence that Dale Brook is a woman
    analysis = _analyse(
        nlp,
        "The photo was taken by biologist Dale Brook. After a calf is born, Brook said its "
        "mother stays by her calf for weeks, never leaving her side. "
        '"I was amazed," he said.',
    )
    assert _speaker(analysis, "I was amazed") == ("Dale Brook", True)


def test_a_number_as_subject_leaves_the_source_to_according_to(nlp: Language) -> None:
    analysis = _analyse(
        nlp,
        "Now, at least nine of the missing climbers' parents are camping near the pass, "
        "pleading for a new search, according to The Mountain Herald.",
    )
    assert ("Mountain Herald", False) in {
        (q.speaker, q.speaker_is_person) for q in analysis.quotes if "nine of the" in q.text
    }


def test_a_persons_office_speaks_as_an_organisation(nlp: Language) -> None:
    analysis = _analyse(
        nlp,
        "Carla Ruiz handed over the last of the files in March. Carla Ruiz's office said the "
        "files were complete.",
    )
    assert _speaker(analysis, "the files were complete") == ("Carla Ruiz's office", False)


def test_a_persons_page_or_account_is_their_statement(nlp: Language) -> None:
    analysis = _analyse(
        nlp,
        "Dana Fox left the firm in May. According to Fox's LinkedIn page, she has worked as a "
        "pilot for a charter airline since June.",
    )
    assert _speaker(analysis, "worked as a pilot") == ("Dana Fox", True)


def test_a_title_the_model_took_for_a_name_is_the_role_of_the_next(nlp: Language) -> None:
    # the model reads "Wayne County Sheriff" as a person of its own, right before the name
    analysis = _analyse(
        nlp,
        "Wayne County Sheriff Dennis Lowe on Friday identified the woman as Ruth Gale. The car "
        "was found by a farmer, Lowe said. The keys were still in it, the sheriff said.",
    )
    people = {p.name: p.role for p in analysis.people}
    assert "Wayne County Sheriff" not in people
    assert people.get("Dennis Lowe") == "Wayne County Sheriff"
    assert _speaker(analysis, "keys were still in it") == ("Dennis Lowe", True)


def test_a_proper_adjective_without_a_label_places_an_organisation(nlp: Language) -> None:
    # a parse built by hand: "Ruritanian" as an adjective the model labelled as nothing
    words = ["The", "Ruritanian", "government", "said", "so", "."]
    doc = Doc(
        nlp.vocab,
        words=words,
        pos=["DET", "ADJ", "NOUN", "VERB", "ADV", "PUNCT"],
        deps=["det", "amod", "nsubj", "ROOT", "advmod", "punct"],
        heads=[2, 2, 3, 3, 3, 3],
        lemmas=["the", "Ruritanian", "government", "say", "so", "."],
    )
    assert placed_organisations(doc) == {2: (1,)}
