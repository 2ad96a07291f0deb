"""Story building: one summary across outlets, merged quotes and people, a timeline, a title."""

from __future__ import annotations

from datetime import UTC, datetime

from stories_builders import article, person, quote

from digests.analysis.models import QuoteKind
from digests.stories.story import (
    build_story,
    merge_people,
    merge_quotes,
    story_summary,
)
from digests.stories.text import near_duplicate
from digests.stories.timeline import story_timeline

FIRST = article(
    10,
    [
        "Ukraine is intensifying attacks on Russian ships, oil facilities and power plants, "
        "mostly with drones of its own production.",
        "Secretary of State Antony Blinken urged the White House to let Ukraine strike Russia "
        "with American weapons.",
        "On May 17, the Pentagon said Washington had not changed its position.",
    ],
    title="Blinken urges White House to allow Ukraine to strike Russia with US weapons",
    outlet="NV",
    url="https://nv.example/blinken",
    published=datetime(2024, 5, 29, 8, tzinfo=UTC),
    people=[
        person("Antony Blinken", "US Secretary of State", "Blinken", mentions=4),
        person("Anthony Blinken", None, mentions=1),
        person("Volodymyr Zelenskyy", None, "Zelenskyy", mentions=2),
    ],
    quotes=[
        quote("Volodymyr Zelenskyy", "there should be no such bans", score=0.9),
        quote(
            "NYT",
            "do not have the power and speed of the American weapons",
            kind=QuoteKind.DIRECT,
            score=0.8,
            is_person=False,
        ),
        quote("Antony Blinken", "Ukraine must decide for itself what to do", score=0.7),
    ],
    events=[
        ("2024-05-17", "the Pentagon said Washington had not changed its position"),
        ("2024-05-15", "Blinken said Ukraine must decide for itself"),
    ],
)
SECOND = article(
    11,
    [
        "For several months, Ukraine has been carrying out attacks on Russian ships, oil "
        "facilities, and power plants, mostly with its own drones.",
        "Department of State spokesperson Matthew Miller declined to comment on internal "
        "discussions.",
        "Britain has quietly lifted its restrictions on Storm Shadow cruise missiles.",
    ],
    title=None,
    outlet="UNN",
    url="https://unn.example/state-department",
    published=datetime(2024, 5, 29, 12, tzinfo=UTC),
    people=[
        person("Blinken", "Secretary of State", mentions=2),
        person("Matthew Miller", "Department of State spokesperson"),
        person("Zelenskyy", "Ukrainian President"),
    ],
    quotes=[
        quote("Zelenskyy", "there should be no bans of that kind", score=0.6),
        quote("Matthew Miller", "declined to comment on internal discussions", score=0.5),
    ],
    events=[("2024-05-17", "the Pentagon said Washington has not changed its position")],
)


def test_summary_says_each_thing_once_and_keeps_its_article() -> None:
    summary = story_summary([FIRST, SECOND], max_sentences=5)
    texts = [s.text for s in summary]
    drones = [t for t in texts if "ships" in t]
    assert len(drones) == 1, texts
    assert any("Storm Shadow" in t for t in texts)
    for left in texts:
        assert sum(near_duplicate(left, right) for right in texts) == 1
    by_id = {10: FIRST, 11: SECOND}
    for sentence in summary:
        source = by_id[sentence.article_id].analysis.sentences[sentence.position]
        assert source.text == sentence.text


def test_summary_respects_its_length() -> None:
    assert len(story_summary([FIRST, SECOND], max_sentences=2)) == 2
    assert story_summary([FIRST, SECOND], max_sentences=0) == ()


def test_people_are_merged_across_articles_and_spellings() -> None:
    people = merge_people([FIRST, SECOND])
    names = [p.name for p in people]
    assert names.count("Antony Blinken") == 1
    assert "Anthony Blinken" not in names and "Blinken" not in names
    blinken = people[0]
    assert blinken.name == "Antony Blinken"
    assert blinken.role == "US Secretary of State"
    assert set(blinken.article_ids) == {10, 11}
    assert "Anthony Blinken" in blinken.aliases
    zelenskyy = next(p for p in people if p.name == "Volodymyr Zelenskyy")
    assert zelenskyy.role == "Ukrainian President"
    assert {p.name for p in people} == {"Antony Blinken", "Volodymyr Zelenskyy", "Matthew Miller"}


def test_same_statement_from_two_outlets_is_one_quote_with_two_sources() -> None:
    people = merge_people([FIRST, SECOND])
    quotes = merge_quotes([FIRST, SECOND], people=people, max_quotes=10)
    bans = [q for q in quotes if "bans" in q.text]
    assert len(bans) == 1
    assert bans[0].outlets == ("NV", "UNN")
    assert bans[0].speaker == "Volodymyr Zelenskyy"
    assert bans[0].role == "Ukrainian President"
    # Reported by two outlets, it ranks first.
    assert quotes[0] is bans[0]
    nyt = next(q for q in quotes if q.speaker == "NYT")
    assert nyt.role is None and not nyt.speaker_is_person and nyt.kind is QuoteKind.DIRECT
    assert len(quotes) == 4
    assert len(merge_quotes([FIRST, SECOND], people=people, max_quotes=2)) == 2


def test_timeline_is_chronological_and_merges_one_event_from_two_outlets() -> None:
    events = story_timeline([FIRST, SECOND])
    assert [str(e.date) for e in events] == ["2024-05-15", "2024-05-17"]
    assert events[1].outlets == ("NV", "UNN")
    assert events[0].url == "https://nv.example/blinken"


def test_build_story_has_title_sources_and_json_shape() -> None:
    story = build_story([SECOND, FIRST], story_id=42, revision=3, max_quotes=2)
    assert story.title == FIRST.title
    assert story.outlets == ("NV", "UNN")
    assert story.revision == 3 and not story.is_update
    assert story.first_seen == FIRST.published and story.last_seen == SECOND.published
    data = story.to_json()
    assert data["id"] == "42"
    assert data["articles"][0] == {
        "title": FIRST.title,
        "outlet": "NV",
        "url": "https://nv.example/blinken",
        "source": "feed-10",
    }
    # Key quotes are statements in the speaker's own words: these articles report speech
    # ("declined to comment"), and their one direct quote is a fragment in lower case.
    assert data["quotes"] == []
    assert data["events"][0] == {
        "date": "2024-05-15",
        "text": "Blinken said Ukraine must decide for itself",
        "precision": "day",
        "until": None,
    }
    assert "Antony Blinken" in data["people"]


def test_story_without_titles_takes_its_first_summary_sentence() -> None:
    untitled = article(5, ["Floods closed the main road to the airport on Sunday."], title=None)
    story = build_story([untitled], story_id=1)
    assert story.title == "Floods closed the main road to the airport on Sunday."
    assert story.quotes == () and story.people == () and story.events == ()


def test_relatives_sharing_a_surname_stay_two_people() -> None:
    president = article(
        20,
        ["President Joe Biden spoke on Monday."],
        outlet="A",
        people=[person("Joe Biden", "President", "Biden", mentions=3)],
    )
    wife = article(
        21,
        ["First lady Jill Biden visited a school, and Erakat spoke too."],
        outlet="B",
        people=[
            person("Jill Biden", "First lady", "Biden", mentions=2),
            person("Saeb Erakat", None, mentions=1),
        ],
    )
    spelt = article(
        22,
        ["Saeb Erekat said talks would go on."],
        outlet="C",
        people=[person("Saeb Erekat", None)],
    )
    names = sorted(p.name for p in merge_people([president, wife, spelt]))
    assert names[:2] == ["Jill Biden", "Joe Biden"]
    # one negotiator, two transliterations of his surname
    assert len([n for n in names if n.startswith("Saeb")]) == 1
