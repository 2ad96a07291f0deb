"""Clustering: articles join the story they belong to, start new ones otherwise, never chain."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from stories_builders import article, day, person

from digests.stories.clustering import (
    cluster_articles,
    new_signature,
    place_article,
    similarity,
    update_signature,
)
from digests.stories.exceptions import SignatureError
from digests.stories.models import StorySignature

QUAKE_A = article(
    1,
    [
        "A magnitude 6.1 earthquake struck the coastal city of Portmore on Monday morning.",
        "Rescue teams searched collapsed buildings in the old harbour district for survivors.",
        "Mayor Elena Vargas said the earthquake destroyed two schools and the harbour bridge.",
    ],
    title="Earthquake hits Portmore, schools and harbour bridge destroyed",
    outlet="Coast Daily",
    people=[person("Elena Vargas", "mayor")],
    events=[("2024-05-20", "A magnitude 6.1 earthquake struck Portmore")],
    entities=["portmore"],
)
QUAKE_B = article(
    2,
    [
        "Rescuers in Portmore searched collapsed buildings after Monday's earthquake.",
        "The magnitude 6.1 earthquake destroyed the harbour bridge and two schools, Vargas said.",
        "Survivors spent the night in the football stadium as aftershocks continued.",
    ],
    title="Portmore earthquake: rescuers search collapsed buildings",
    outlet="National Wire",
    published=datetime(2024, 5, 22, 15, 0, tzinfo=UTC),
    people=[person("Vargas")],
    events=[("2024-05-20", "the earthquake struck")],
    entities=["portmore"],
)
MATCH = article(
    3,
    [
        "Portmore United beat Riverside 3-1 in the cup final at the national stadium.",
        "Striker Tom Alden scored twice in the second half as fans celebrated the title.",
        "Coach Maria Lind said the cup final win was the best night of her career.",
    ],
    title="Portmore United win the cup final",
    outlet="Sports Page",
    people=[person("Tom Alden", "striker"), person("Maria Lind", "coach")],
    events=[("2024-05-21", "Portmore United beat Riverside")],
    entities=["portmore united", "riverside"],
)
BRIDGE = article(
    4,
    [
        "Portmore United dedicated their cup final win to the victims of the earthquake.",
        "Striker Tom Alden scored twice and coach Maria Lind praised the rescue teams.",
        "The earthquake destroyed two schools and the harbour bridge, Mayor Elena Vargas said.",
    ],
    title="Cup winners dedicate final to earthquake victims",
    outlet="Sports Page",
    people=[person("Tom Alden"), person("Maria Lind"), person("Elena Vargas")],
    entities=["portmore united", "portmore"],
)
MATCH_B = article(
    5,
    [
        "Tom Alden scored twice as Portmore United won the cup final against Riverside.",
        "Coach Maria Lind called the 3-1 cup final win the best night of her career.",
        "Riverside fans left the national stadium before the final whistle.",
    ],
    title="Alden double wins the cup for Portmore United",
    outlet="Evening Sport",
    people=[person("Tom Alden"), person("Maria Lind")],
    events=[("2024-05-21", "Portmore United won the cup final")],
    entities=["portmore united", "riverside"],
)


def test_signature_survives_json_round_trip() -> None:
    signature = update_signature(new_signature(QUAKE_A), QUAKE_B)
    stored = json.loads(json.dumps(signature.to_json()))
    assert StorySignature.from_json(stored) == signature
    assert signature.article_count == 2
    assert signature.outlets == {"Coast Daily", "National Wire"}


@pytest.mark.parametrize(
    "data",
    [{}, {"version": 1}, {"version": 99, "core": [], "core_keys": []}, {"version": 1, "core": 3}],
)
def test_malformed_signature_is_a_clear_error(data: dict[str, object]) -> None:
    with pytest.raises(SignatureError):
        StorySignature.from_json(data)


def test_second_outlet_joins_the_story_and_another_event_does_not() -> None:
    candidates = {7: new_signature(QUAKE_A)}
    joined = place_article(QUAKE_B, candidates)
    assert joined.story_id == 7 and not joined.is_new
    assert joined.similarity >= 0.3
    other = place_article(MATCH, candidates)
    assert other.is_new and other.story_id is None
    assert other.best_similarity < 0.3


def test_no_candidates_means_a_new_story() -> None:
    assert place_article(QUAKE_A, {}).is_new


def test_an_article_outside_the_window_starts_a_new_story() -> None:
    late = replace(QUAKE_B, article_id=9, published=datetime(2024, 6, 20, tzinfo=UTC))
    signature = new_signature(QUAKE_A)
    assert similarity(late, signature, window=timedelta(days=7)) == 0.0
    assert place_article(late, {1: signature}).is_new
    assert not place_article(late, {1: signature}, window=timedelta(days=60)).is_new


def test_best_candidate_wins() -> None:
    candidates = {1: new_signature(MATCH), 2: new_signature(QUAKE_A)}
    assert place_article(QUAKE_B, candidates).story_id == 2
    assert place_article(MATCH_B, candidates).story_id == 1


def test_one_bridging_article_does_not_chain_two_stories() -> None:
    quake = update_signature(new_signature(QUAKE_A), QUAKE_B)
    placement = place_article(BRIDGE, {1: quake})
    bridged = update_signature(quake, BRIDGE, similarity=placement.similarity)
    # Whether or not the bridge joined, the match reports do not follow it into the quake story.
    assert place_article(MATCH, {1: bridged}).is_new
    assert place_article(MATCH_B, {1: bridged}).is_new
    # Even a bridge taken into the core needs support from half the core to pull anything in.
    forced = update_signature(quake, BRIDGE)
    assert len(forced.core) == 3
    assert similarity(MATCH, forced) < similarity(MATCH, new_signature(BRIDGE))


def test_cluster_articles_groups_by_event() -> None:
    groups = cluster_articles([MATCH_B, QUAKE_B, MATCH, QUAKE_A])
    ids = sorted(sorted(a.article_id for a in group) for group in groups)
    assert ids == [[1, 2], [3, 5]]


def test_day_helper_is_a_day() -> None:
    assert str(day("2024-05-20")) == "2024-05-20"
