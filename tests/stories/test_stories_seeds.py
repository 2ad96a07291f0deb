"""On real analyses: the two seeds are one story with both outlets, said once, with its key quotes;
the articles written for the evaluation form their own stories."""

from __future__ import annotations

import random
from dataclasses import replace
from itertools import combinations

import pytest
from support.telegram_html import parse_telegram_html

from digests.stories.clustering import cluster_articles
from digests.stories.models import StoryArticleInput
from digests.stories.render import RenderFormat, render_stories
from digests.stories.story import build_story
from digests.stories.text import near_duplicate

Labelled = dict[str, tuple[str, StoryArticleInput]]


def test_clustering_matches_the_labels(labelled_articles: Labelled) -> None:
    groups = cluster_articles([article for _, article in labelled_articles.values()])
    label_of = {article.article_id: label for label, article in labelled_articles.values()}
    found = sorted(sorted({label_of[a.article_id] for a in group}) for group in groups)
    expected = sorted([[label] for label in set(label_of.values())])
    assert found == expected


def test_seed_story(labelled_articles: Labelled) -> None:
    seeds = [labelled_articles["nv-blinken"][1], labelled_articles["unn-blinken"][1]]
    story = build_story(seeds, story_id=1, max_quotes=3)
    assert story.outlets == ("NV", "Ukrainian News")
    assert "Blinken" in story.title
    texts = [s.text for s in story.summary]
    assert len(texts) >= 3
    assert {s.article_id for s in story.summary} == {seeds[0].article_id, seeds[1].article_id}
    for left, right in combinations(texts, 2):
        assert not near_duplicate(left, right), (left, right)
    # Key quotes are statements someone named made in their own words: the seeds report speech
    # ("Matthew Miller declined to comment ...", "according to Zelenskyy, these ...") and
    # quote one fragment in lower case, so they show none rather than a wrong one.
    assert all(q.speaker and q.text[:1].isupper() for q in story.quotes)
    assert not any("declined" in q.text for q in story.quotes)
    # One fact, one sentence: the outlets' two tellings of the debate in Biden's administration.
    assert sum("initiated a debate" in t or "active discussions" in t for t in texts) == 1
    names = {p.name for p in story.people}
    assert {"Antony Blinken", "Volodymyr Zelenskyy", "Matthew Miller", "Oksana Markarova"} <= names
    assert not any("Anthony" in name for name in names)
    assert [e.date.start for e in story.events] == sorted(e.date.start for e in story.events)
    assert {"2024-05-15", "2024-05-17", "2024-05-21"} <= {str(e.date) for e in story.events}
    (message,) = render_stories([story])
    parsed = parse_telegram_html(message)
    assert parsed.utf16_length <= 4096 and "Sources: NV · Ukrainian News" in parsed.text
    assert render_stories([story], fmt=RenderFormat.TEXT)[0].startswith(story.title)


@pytest.mark.parametrize("order", ["given", "reversed", "shuffled"])
def test_seeds_stay_one_story_among_other_articles_undated(
    labelled_articles: Labelled, order: str
) -> None:
    # The issue seen on real news: the two seeds split once other articles came in beside them.
    # Undated (as the Multi-News evaluation runs), in three orders, they stay one story of two.
    articles = [replace(a, published=None, fetched=None) for _, a in labelled_articles.values()]
    if order == "reversed":
        articles.reverse()
    elif order == "shuffled":
        random.Random(0).shuffle(articles)
    articles = [replace(a, article_id=rank) for rank, a in enumerate(articles, start=1)]
    seeds = {a.article_id for a in articles if a.source.startswith(("nv-", "ukranews-"))}
    groups = [g for g in cluster_articles(articles) if {a.article_id for a in g} & seeds]
    assert len(seeds) == 2
    assert [sorted(a.article_id for a in g) for g in groups] == [sorted(seeds)]
