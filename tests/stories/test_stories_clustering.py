"""Clustering: articles join the story they belong to, start new ones otherwise, never chain."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from stories_builders import article, day, person

from digests.stories.clustering import (
    candidates,
    cluster_articles,
    merge_signatures,
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
    [{}, {"version": 1}, {"version": 99, "centroid": {}}, {"version": 2, "centroid": 3}],
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
    match = new_signature(MATCH)
    placement = place_article(BRIDGE, {1: quake, 2: match})
    # The bridge joins one story, but the two stories are far apart: no merge.
    assert not placement.is_new and placement.merge_ids == ()
    assert placement.story_id is not None
    joined = update_signature({1: quake, 2: match}[placement.story_id], BRIDGE)
    stories = {1: quake, 2: match, placement.story_id: joined}
    # The second match report still goes to the match story, not through the bridge.
    assert place_article(MATCH_B, stories).story_id == 2


def test_an_article_that_shows_two_stories_are_one_event_merges_them() -> None:
    # Two reports of the quake that were told too differently to meet, then one that says
    # what both say: the stories merge into the older one.
    first = new_signature(QUAKE_A)
    second = new_signature(QUAKE_B)
    bridge = replace(QUAKE_B, article_id=6, analysis=QUAKE_A.analysis)
    placement = place_article(bridge, {1: first, 2: second}, threshold=0.9)
    assert placement.story_id == 1 and placement.merge_ids == ()
    placement = place_article(bridge, {1: first, 2: second}, threshold=0.3)
    assert placement.story_id == 1 and placement.merge_ids == (2,)
    merged = merge_signatures(update_signature(first, bridge), second)
    assert merged.article_count == 3
    assert merged.outlets == {"Coast Daily", "National Wire"}


def test_in_memory_clustering_merges_as_the_job_does() -> None:
    groups = cluster_articles([QUAKE_A, QUAKE_B, MATCH, MATCH_B], threshold=0.3)
    assert sorted(sorted(a.article_id for a in g) for g in groups) == [[1, 2], [3, 5]]


def test_candidates_are_the_newest_in_the_window() -> None:
    old = replace(QUAKE_A, published=datetime(2024, 4, 1, tzinfo=UTC))
    pool = [(1, new_signature(old)), (2, new_signature(QUAKE_A)), (3, new_signature(QUAKE_B))]
    chosen = candidates(pool, seen=QUAKE_B.seen_at, window=timedelta(days=7), limit=5)
    assert list(chosen) == [3, 2]
    assert list(candidates(pool, seen=QUAKE_B.seen_at, limit=1)) == [3]
    assert list(candidates(pool, seen=None, limit=5)) == [3, 2, 1]


def test_cluster_articles_groups_by_event() -> None:
    groups = cluster_articles([MATCH_B, QUAKE_B, MATCH, QUAKE_A])
    ids = sorted(sorted(a.article_id for a in group) for group in groups)
    assert ids == [[1, 2], [3, 5]]


def test_day_helper_is_a_day() -> None:
    assert str(day("2024-05-20")) == "2024-05-20"


def test_setting_default_is_the_calibrated_threshold() -> None:
    from bot.settings import Settings
    from digests.jobs.config import PipelineConfig
    from digests.stories.clustering import DEFAULT_THRESHOLD

    assert Settings.model_fields["story_similarity"].default == DEFAULT_THRESHOLD
    assert PipelineConfig().threshold == DEFAULT_THRESHOLD
