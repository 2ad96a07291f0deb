"""A big story's view is built from a bounded sample that keeps what a reader sees."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from digests.stories.sample import Member, view_sample

T0 = datetime(2024, 5, 1, tzinfo=UTC)


def test_a_story_that_fits_keeps_every_article() -> None:
    members = [Member(i, 0.5, "A", T0 + timedelta(hours=i)) for i in range(1, 6)]
    assert view_sample(members, limit=5) == [1, 2, 3, 4, 5]


def test_the_sample_keeps_the_ends_each_outlet_and_then_the_best() -> None:
    members = [Member(i, 0.3 + i / 1000, "Wire", T0 + timedelta(hours=i)) for i in range(1, 200)]
    members.append(Member(500, 0.1, "Small Outlet", T0 + timedelta(hours=50)))
    members.append(Member(501, 0.2, None, None))  # undated, no outlet
    chosen = view_sample(members, limit=6)
    assert len(chosen) == 6
    assert chosen[:2] == [1, 199]  # the first and the latest
    assert {500, 501} <= set(chosen)  # every outlet (and the unnamed one) keeps one article
    assert 198 in chosen  # then the best-matching others
    # Chosen again with a newer member, the first article stays in the sample for good.
    again = view_sample([m for m in members if m.article_id in chosen], limit=5)
    assert again[0] == 1
