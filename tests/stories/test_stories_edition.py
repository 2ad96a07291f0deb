"""Digest editions: ranking, the since window, updates of grown stories, subscriber filters."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from stories_builders import article, person

from digests.stories.edition import build_edition, matches_filters
from digests.stories.models import DigestFilters, StoryView
from digests.stories.story import build_story

NOW = datetime(2024, 5, 29, 18, tzinfo=UTC)


def _story(story_id: int, outlets: list[str], *, hours_ago: float, revision: int = 1) -> StoryView:
    articles = [
        article(
            story_id * 10 + index,
            [f"Story {story_id} sentence about topic{story_id} from {outlet}."],
            title=f"Headline {story_id}",
            outlet=outlet,
            published=NOW - timedelta(hours=hours_ago),
            people=[person(f"Person{story_id} Surname{story_id}", "minister")],
        )
        for index, outlet in enumerate(outlets)
    ]
    return build_story(articles, story_id=story_id, revision=revision)


def test_more_outlets_rank_first_then_recency() -> None:
    stories = [
        _story(1, ["A"], hours_ago=1),
        _story(2, ["A", "B", "C"], hours_ago=10),
        _story(3, ["A", "B"], hours_ago=2),
        _story(4, ["A", "B"], hours_ago=20),
    ]
    edition = build_edition(
        stories, since=NOW - timedelta(days=1), max_stories=10, sent_revisions={}, now=NOW
    )
    assert [s.id for s in edition.stories] == [2, 3, 4, 1]


def test_since_and_max_stories_limit_the_edition() -> None:
    stories = [_story(i, ["A"], hours_ago=i * 10) for i in range(1, 6)]
    edition = build_edition(
        stories, since=NOW - timedelta(hours=35), max_stories=2, sent_revisions={}, now=NOW
    )
    assert [s.id for s in edition.stories] == [1, 2]
    assert build_edition(stories, since=NOW, max_stories=5, sent_revisions={}, now=NOW).is_empty


def test_sent_story_is_skipped_unless_it_grew_then_marked_update() -> None:
    old = _story(1, ["A", "B"], hours_ago=1, revision=2)
    grown = _story(2, ["A", "B"], hours_ago=1, revision=3)
    fresh = _story(3, ["A"], hours_ago=1)
    edition = build_edition(
        [old, grown, fresh],
        since=NOW - timedelta(days=1),
        max_stories=5,
        sent_revisions={1: 2, 2: 2},
        now=NOW,
    )
    assert [s.id for s in edition.stories] == [2, 3]
    assert edition.stories[0].is_update and not edition.stories[1].is_update
    assert edition.already_sent == 1 and edition.updates == 1


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        ((), (), [1, 2, 3]),
        (("topic2",), (), [2]),
        (("person:surname3",), (), [3]),
        (("outlet:b",), (), [2]),
        ((), ("person1",), [2, 3]),
        (("headline",), ("outlet:B",), [1, 3]),
        (("person:topic2",), (), []),
    ],
)
def test_filters(include: tuple[str, ...], exclude: tuple[str, ...], expected: list[int]) -> None:
    stories = [
        _story(1, ["A"], hours_ago=3),
        _story(2, ["B"], hours_ago=2),
        _story(3, ["C"], hours_ago=1),
    ]
    filters = DigestFilters(include=include, exclude=exclude)
    edition = build_edition(
        stories,
        since=NOW - timedelta(days=1),
        max_stories=5,
        sent_revisions={},
        filters=filters,
        now=NOW,
    )
    assert sorted(s.id for s in edition.stories) == expected
    assert edition.filtered_out == 3 - len(expected)


def test_filters_from_stored_json_tolerate_junk() -> None:
    assert DigestFilters.from_json(None) == DigestFilters()
    assert DigestFilters.from_json({"include": "Blinken", "exclude": 5}) == DigestFilters(
        include=("Blinken",)
    )
    filters = DigestFilters.from_json({"include": ["  ", "person:Surname1"], "exclude": []})
    assert filters.to_json() == {"include": ["person:Surname1"], "exclude": []}
    assert matches_filters(_story(1, ["A"], hours_ago=1), filters)


def test_naive_datetimes_are_utc() -> None:
    story = replace(_story(1, ["A"], hours_ago=1), last_seen=datetime(2024, 5, 29, 17))
    edition = build_edition(
        [story], since=datetime(2024, 5, 29, 16), max_stories=1, sent_revisions={}
    )
    assert [s.id for s in edition.stories] == [1]
