"""The stories evaluation's halves and its seeds check, read with and without metadata.json."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from evaluation.corpora.jsonl import MultiNewsEvent, load_multinews
from evaluation.parse import Parser
from evaluation.seeds import SEED_VARIANTS, load_seeds, seeds_together
from evaluation.stories import ORDERS, StoriesData, load_stories, story_half
from tests.quality.fixtures import write_corpora

ROOT = Path(__file__).resolve().parent.parent.parent


def test_a_half_is_the_even_or_odd_events_with_their_non_articles_renumbered() -> None:
    events = tuple(MultiNewsEvent(str(n), (), "") for n in range(3))
    data = StoriesData(
        labels=(0, 0, 1, 2, 2),
        texts=("a", "b", "c", "d", "e"),
        inputs=(None,) * 5,
        events=events,
        non_articles=frozenset({1, 3}),
    )
    even, odd = story_half(data, 0), story_half(data, 1)
    assert (even.labels, even.texts, even.non_articles) == (
        (0, 0, 2, 2),
        ("a", "b", "d", "e"),
        {1, 2},
    )
    assert (odd.labels, odd.texts, odd.non_articles) == ((1,), ("c",), frozenset())
    # A non-article forms no expected pair: its gold label is its own.
    assert even.gold == (0, -2, -3, 2)


def test_seeds_read_with_and_without_their_metadata(parser: Parser) -> None:
    now = datetime(2026, 12, 7, 12, tzinfo=UTC)
    with_meta = load_seeds(parser, ROOT / "seeds", metadata=True, now=now)
    bare = load_seeds(parser, ROOT / "seeds", metadata=False, now=now)
    may = datetime(2024, 5, 1, tzinfo=UTC)
    assert [(s.source, s.outlet, s.published) for s in with_meta] == [
        ("nv-blinken-2024-05.txt", "NV", may),
        ("ukranews-blinken-2024-05.txt", "Ukrainian News", may),
    ]
    # Without metadata.json only the page's own "date 2024-05" dates one of them.
    assert [(s.outlet, s.published) for s in bare] == [(None, None), (None, may)]
    assert [s.article_id for s in bare] == [-1, -2]


def test_seeds_counted_in_stories_among_the_other_articles(parser: Parser, tmp_path: Path) -> None:
    events = load_multinews(write_corpora(tmp_path) / "multinews.jsonl")
    data = load_stories(parser, events)
    variants = [
        (variant, load_seeds(parser, ROOT / "seeds", metadata=variant == SEED_VARIANTS[0]))
        for variant in SEED_VARIANTS
    ]
    riverton = next(item for item in data.inputs if item is not None)
    unrelated = (variants[0][1][0], replace(riverton, article_id=-7))
    results = seeds_together(data, [*variants, ("unrelated", unrelated)])
    counts = {(r.variant, r.order): r.stories for r in results}
    assert len(counts) == 3 * len(ORDERS)
    for order in ORDERS:
        assert counts[SEED_VARIANTS[0], order] == 1
        assert counts[SEED_VARIANTS[1], order] == 1
        # A seed about Blinken and an article about a bridge are two stories.
        assert counts["unrelated", order] == 2
    assert {r.dated_by for r in results if r.variant == SEED_VARIANTS[1]} == {
        ("fetch time", "2024-05")
    }
