"""A story a reader can follow: chosen by the traits the analysis stored (no spaCy here)."""

from __future__ import annotations

from datetime import UTC, datetime

from stories_builders import article, person, quote
from support.telegram_html import parse_telegram_html

from digests.analysis.models import DatedEvent, QuoteKind, SentenceTraits
from digests.stories.differences import story_differences
from digests.stories.models import DifferenceKind
from digests.stories.render import render_stories
from digests.stories.story import build_story, story_summary, story_title

LEAD = "Floods closed the Main Street bridge in Springfield on Monday, officials said."
FACT = ("e:springfield", "a:bridge>street", "a:close>bridge", "a:street>main", "v:close")


def _traits(
    position: int, *, faults: tuple[str, ...] = (), leans_on: str = "", facts=()
) -> SentenceTraits:
    return SentenceTraits(position, faults, (leans_on,) if leans_on else (), tuple(facts))


def test_sentences_with_faults_never_enter_the_summary() -> None:
    one = article(
        1,
        [LEAD, "Resident Jane Doe wades through the water on Monday.", "Schools stay open."],
        traits=[_traits(0), _traits(1, faults=("caption",)), _traits(2)],
    )
    texts = [s.text for s in story_summary([one])]
    assert LEAD in texts and not any("wades" in t for t in texts)


def test_a_sentence_leaning_on_what_the_story_never_said_is_left_out() -> None:
    spokeswoman = "The spokeswoman said repairs would take a year."
    first = article(
        1,
        [LEAD, "Traffic was diverted.", "Buses ran.", spokeswoman],
        traits=[_traits(0), _traits(1), _traits(3, leans_on="noun:spokeswoman")],
        outlet="A",
        summary=[0, 1, 3],
    )
    texts = [s.text for s in story_summary([first])]
    assert spokeswoman not in texts
    # Right after its own article's sentence before it, it reads as the article wrote it.
    adjacent = article(
        1, [LEAD, spokeswoman], traits=[_traits(0), _traits(1, leans_on="noun:spokeswoman")]
    )
    assert spokeswoman in [s.text for s in story_summary([adjacent])]
    # Introduced by another sentence of the summary, it stays.
    introduced = article(
        2,
        [
            "A city spokeswoman, Ann Lee, said the river rose two metres overnight.",
            "Traffic was diverted.",
            spokeswoman,
        ],
        traits=[_traits(0), _traits(1), _traits(2, leans_on="noun:spokeswoman")],
        outlet="B",
    )
    texts = [s.text for s in story_summary([introduced], max_sentences=3)]
    assert spokeswoman in texts


def test_a_pronoun_needs_a_person_named_above_it() -> None:
    he = "He said the bridge would reopen in a year."
    lone = article(
        1,
        [LEAD, "Traffic was diverted.", "Buses ran.", he],
        traits=[_traits(0), _traits(1), _traits(3, leans_on="person")],
        people=[person("Ann Lee")],
        summary=[0, 1, 3],
    )
    assert he not in [s.text for s in story_summary([lone])]
    named = article(
        1,
        ["Mayor Ann Lee said floods closed the bridge.", "Traffic was diverted.", "Buses ran.", he],
        traits=[_traits(0), _traits(1), _traits(3, leans_on="person")],
        people=[person("Ann Lee")],
        summary=[0, 1, 3],
    )
    assert he in [s.text for s in story_summary([named])]


def test_one_fact_from_two_outlets_is_told_once_however_worded() -> None:
    reworded = "High water forced the town to shut its river crossing, the city reported."
    first = article(
        1, [LEAD, "Schools stayed open."], outlet="A", traits=[_traits(0, facts=FACT), _traits(1)]
    )
    second = article(
        2, [reworded, "Buses ran on time."], outlet="B", traits=[_traits(0, facts=FACT), _traits(1)]
    )
    texts = [s.text for s in story_summary([first, second])]
    assert (LEAD in texts) != (reworded in texts)
    # Without the meaning keys the two wordings are too far apart to be told apart as one.
    plain = [
        article(1, [LEAD, "Schools stayed open."], outlet="A"),
        article(2, [reworded, "Buses ran on time."], outlet="B"),
    ]
    assert {LEAD, reworded} <= {s.text for s in story_summary(plain)}


def test_key_quotes_are_statements_in_the_speakers_own_words() -> None:
    said = "We will rebuild the bridge and it will be stronger than before."
    story = build_story(
        [
            article(
                1,
                [LEAD, "Traffic was diverted."],
                quotes=[
                    quote("Ann Lee", "declined to comment on the repairs", score=3.0),
                    quote("Ann Lee", "a disaster for everyone", kind=QuoteKind.DIRECT, score=2.0),
                    quote(None, "Nobody saw this coming at all.", kind=QuoteKind.DIRECT),
                    quote("Ann Lee", said, kind=QuoteKind.DIRECT, score=0.1),
                    quote("Bob Roe", LEAD, kind=QuoteKind.DIRECT, score=5.0),
                ],
                people=[person("Ann Lee", "mayor"), person("Bob Roe")],
            )
        ],
        story_id=1,
        max_quotes=3,
    )
    assert [(q.speaker, q.text) for q in story.quotes] == [("Ann Lee", said)]


def test_a_headline_made_from_the_lead_stands_in_for_a_missing_one() -> None:
    cut = "Floods closed the Main Street bridge in Springfield on Monday, officials…"
    made = "Floods closed the Main Street bridge in Springfield"
    one = article(1, [LEAD, "Traffic was diverted."], title=cut, headline=made)
    assert story_title([one]) == made
    own = article(2, [LEAD], title="Springfield bridge shut by floods", headline=None)
    assert story_title([own, one]) == "Springfield bridge shut by floods"


def test_a_page_prompt_or_a_question_to_the_reader_is_no_story_title() -> None:
    asking = "Did floods close the Main Street bridge in Springfield?"
    prompt = "Your guide: floods closed the Main Street bridge in Springfield"
    articles = [
        article(1, [LEAD], title=asking, headline=None),
        article(2, [LEAD], title=prompt, headline=None),
        article(3, [LEAD], title="Springfield bridge shut", headline=None),
    ]
    assert story_title(articles) == "Springfield bridge shut"


def test_outlets_that_date_one_event_differently_are_both_shown() -> None:
    first = article(1, [LEAD, "Talks collapsed on May 15, the union said."], outlet="NV")
    second = article(
        2, ["Talks between the union and the city collapsed on May 14."], outlet="Ukrainian News"
    )
    first = _with_event(first, "2024-05-15", "Talks collapsed on May 15", 1)
    second = _with_event(second, "2024-05-14", "Talks between the union and the city collapsed", 0)
    (difference,) = story_differences([first, second])
    assert difference.kind is DifferenceKind.DATE
    assert [(c.outlet, c.value) for c in difference.claims] == [
        ("NV", "2024-05-15"),
        ("Ukrainian News", "2024-05-14"),
    ]
    story = build_story([first, second], story_id=1)
    (message,) = render_stories([story])
    assert "⚖️ NV: 2024-05-15 · Ukrainian News: 2024-05-14" in parse_telegram_html(message).text


def test_outlets_that_count_differently_are_both_shown_and_one_outlets_fact_is_marked() -> None:
    killed = ("e:mali", "a:bar>mali", "a:shooting>bar", "a:kill>shooting", "a:kill>people")
    lead = (
        "A shooting at a bar in Mali killed 5 people on Saturday night, in the deadliest attack "
        "on the capital this year."
    )
    first = article(
        1,
        [lead, "Schools stay open."],
        outlet="A",
        traits=[_traits(0, facts=(*killed, "a:people>5")), _traits(1)],
    )
    second = article(
        2,
        ["Six people died in a shooting at a bar in Mali."],
        outlet="B",
        traits=[_traits(0, facts=(*killed, "a:people>6"))],
    )
    (difference,) = story_differences([first, second])
    assert difference.kind is DifferenceKind.NUMBER
    assert [c.value for c in difference.claims] == ["5", "6"]
    story = build_story([first, second], story_id=1)
    only = {s.text: s.exclusive for s in story.summary}
    assert only.get("Schools stay open.") is True
    (message,) = render_stories([story])
    # Folded with the details (the news above it carries no outlet marks).
    assert "Schools stay open. — A only" in parse_telegram_html(message).text


def _with_event(item, when: str, text: str, position: int):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from stories_builders import day

    event = DatedEvent(day(when), text, position)
    return replace(item, analysis=replace(item.analysis, events=(event,)))


def test_a_story_without_traits_still_builds() -> None:
    story = build_story(
        [article(1, [LEAD], published=datetime(2024, 5, 20, tzinfo=UTC))], story_id=1
    )
    assert [s.text for s in story.summary] == [LEAD]


def test_the_json_of_a_story_lists_its_differences() -> None:
    first = _with_event(
        article(1, [LEAD, "Talks collapsed on May 15."], outlet="NV"), "2024-05-15", "Talks", 1
    )
    second = _with_event(
        article(2, ["Talks collapsed on May 14."], outlet="UNN"), "2024-05-14", "Talks", 0
    )
    data = build_story([first, second], story_id=1).to_json()
    assert data["differences"] == [
        {
            "kind": "date",
            "claims": [
                {"outlet": "NV", "value": "2024-05-15", "sentence": "Talks collapsed on May 15."},
                {"outlet": "UNN", "value": "2024-05-14", "sentence": "Talks collapsed on May 14."},
            ],
        }
    ]
