"""A digest as a subscriber reads it in Telegram: per story a headline linked to its best source,
the news without outlet marks, the rest folded in an expandable blockquote; messages cut between
stories, a blockquote cut only inside a story too big for one message, and then closed and
opened again; Telegram's 4096 UTF-16 units and 100 entities per message kept."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import UTC, datetime

from stories_builders import article, quote
from support.telegram_html import HtmlEntity, parse_telegram_html, utf16_length

from digests.analysis.models import QuoteKind
from digests.stories.models import DigestEdition, StoryView
from digests.stories.packing import TELEGRAM_MAX_ENTITIES
from digests.stories.render import (
    TELEGRAM_LIMIT,
    RenderFormat,
    best_source,
    news_sentences,
    render_edition,
    render_stories,
)
from digests.stories.story import build_story

NOW = datetime(2024, 5, 29, 8, tzinfo=UTC)
FOLD = "expandable_blockquote"

NV = [
    "Blinken initiated a debate in the administration about relaxing the ban on American "
    "weapons against Russian launchers on the border.",
    "On May 15, Blinken said Ukraine must decide for itself what to do.",
    "The proposal has not yet been put to the president.",
]
UNN = [
    "The State Department under Blinken is working on a proposal to loosen the ban on "
    "Ukraine's use of American weapons against targets in Russia.",
    "Britain lifted its limits on Storm Shadow missiles earlier this month.",
    "Russia opened a new offensive near Kharkiv from across the border.",
]


def _two_outlet_story(story_id: int = 1) -> StoryView:
    return build_story(
        [
            article(
                story_id * 10,
                NV,
                title="Blinken urges White House to let Ukraine strike Russia",
                outlet="NV",
                url=f"https://nv.example/{story_id}",
                quotes=[
                    quote(
                        "Antony Blinken",
                        "We will keep standing with Ukraine as it defends itself.",
                        kind=QuoteKind.DIRECT,
                    )
                ],
            ),
            article(
                story_id * 10 + 1,
                UNN,
                outlet="Ukrainian News",
                url=f"https://unn.example/{story_id}",
            ),
        ],
        story_id=story_id,
    )


def _fold(entities: tuple[HtmlEntity, ...]) -> HtmlEntity:
    (fold,) = [e for e in entities if e.type == FOLD]
    return fold


def _utf16_slice(text: str, offset: int, length: int) -> str:
    data = text.encode("utf-16-le")
    return data[2 * offset : 2 * (offset + length)].decode("utf-16-le")


def test_a_story_reads_headline_news_then_details_on_demand() -> None:
    story = _two_outlet_story()
    (message,) = render_stories([story])
    parsed = parse_telegram_html(message)
    fold = _fold(parsed.entities)
    visible = _utf16_slice(parsed.text, 0, fold.offset)
    folded = _utf16_slice(parsed.text, fold.offset, fold.length)
    title, news = visible.strip().splitlines()
    # The headline, bold and linked to the article whose headline it is.
    assert title == f"{story.title} · 2 outlets"
    assert HtmlEntity("bold", 0, utf16_length(story.title)) in parsed.entities
    assert (
        HtmlEntity("text_link", 0, utf16_length(story.title), url="https://nv.example/1")
        in parsed.entities
    )
    # The news, without "(Outlet)" after it.
    assert news == " ".join(s.text for s in news_sentences(story))
    assert "NV" not in news and "Ukrainian News" not in news
    # Everything else, folded: each further sentence with its outlet, the quote, the sources.
    for sentence in story.summary[len(news_sentences(story)) :]:
        assert f"{sentence.text} — {sentence.outlet}" in folded
    assert (
        "💬 “We will keep standing with Ukraine as it defends itself.” — Antony Blinken (NV)"
        in folded
    )
    assert folded.endswith("Sources: NV · Ukrainian News")
    assert fold.offset + fold.length == utf16_length(parsed.text)


def test_best_source_is_the_headlines_article_else_the_news_else_the_first_link() -> None:
    story = _two_outlet_story()
    assert best_source(story) is not None and best_source(story).outlet == "NV"  # type: ignore[union-attr]
    untitled = build_story(
        [article(5, UNN, outlet="UNN", url="https://unn.example/5"), article(6, NV, url=None)],
        story_id=5,
    )
    assert best_source(untitled) is not None
    assert best_source(untitled).url == "https://unn.example/5"  # type: ignore[union-attr]
    unlinked = build_story([article(7, NV, url="javascript:alert(1)")], story_id=7)
    assert best_source(unlinked) is None
    (message,) = render_stories([unlinked])
    assert message.startswith("<b>") and "<a " not in message


def test_one_outlet_marks_no_sentence_and_a_short_lead_brings_its_next_sentence() -> None:
    story = build_story(
        [article(1, ["Short lead here.", "It explains more.", "A third."], outlet="NV")],
        story_id=1,
    )
    assert [s.text for s in news_sentences(story)] == ["Short lead here.", "It explains more."]
    (message,) = render_stories([story])
    text = parse_telegram_html(message).text
    assert "— NV" not in text and "(NV)" not in text
    assert text.splitlines()[1] == "Short lead here. It explains more."


def test_five_stories_fit_one_message_and_no_blockquote_is_cut_between_them() -> None:
    stories = [_two_outlet_story(i) for i in range(1, 6)]
    messages = render_stories(stories, header="📰 5 stories")
    assert len(messages) == 1
    parsed = parse_telegram_html(messages[0])
    assert len([e for e in parsed.entities if e.type == FOLD]) == 5
    # Nine long stories: cut between stories only, every blockquote whole in its message.
    long = [
        replace(story, summary=story.summary * 6)
        for story in (_two_outlet_story(i) for i in range(9))
    ]
    cut = render_stories(long)
    assert len(cut) > 2
    for message in cut:
        assert message.count("<blockquote expandable>") == message.count("</blockquote>")
        parsed = parse_telegram_html(message)
        assert parsed.utf16_length <= TELEGRAM_LIMIT
        # Each message starts with a story's headline (a bold link), never inside a fold.
        assert parsed.entities[0].offset == 0 and parsed.entities[0].type == "bold"


def test_a_story_bigger_than_a_message_closes_and_reopens_its_blockquote() -> None:
    rng = random.Random(3)
    vocabulary = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=7)) for _ in range(5000)]
    sentences = [f"Detail {i} & <{' '.join(rng.sample(vocabulary, 12))}>." for i in range(300)]
    story = build_story(
        [article(1, sentences, title="Huge", summary=range(300), url="https://nv.example/1")],
        story_id=1,
        max_sentences=300,
    )
    messages = render_stories([story])
    assert len(messages) >= 4
    texts = []
    for index, message in enumerate(messages):
        parsed = parse_telegram_html(message)
        assert parsed.utf16_length <= TELEGRAM_LIMIT
        folds = [e for e in parsed.entities if e.type == FOLD]
        assert len(folds) == 1
        if index:
            # The fold goes on: the next message opens it again at its very start.
            assert message.startswith("<blockquote expandable>") and folds[0].offset == 0
        assert message.endswith("</blockquote>")
        texts.append(parsed.text)
    joined = "\n".join(texts)
    assert all(sentence in joined for sentence in sentences)
    # Full messages: the cut comes only when the next line would not fit.
    assert all(utf16_length(t) > TELEGRAM_LIMIT - 200 for t in texts[:-1])


def test_no_message_holds_more_than_a_hundred_entities() -> None:
    outlets = [
        article(
            i,
            [f"Outlet {i} reports the same news about the vote in parliament."],
            outlet=f"Outlet {i}",
            url=f"https://o{i}.example/a",
        )
        for i in range(1, 151)
    ]
    story = build_story(outlets, story_id=1)
    assert len(story.articles) == 150
    messages = render_stories([story, _two_outlet_story(2)] * 3)
    for message in messages:
        parsed = parse_telegram_html(message)
        assert len(parsed.entities) <= TELEGRAM_MAX_ENTITIES
        assert message.count("<blockquote expandable>") == message.count("</blockquote>")
    links = [
        e.url
        for message in messages
        for e in parse_telegram_html(message).entities
        if e.type == "text_link"
    ]
    assert all(f"https://o{i}.example/a" in links for i in range(1, 151))


def test_plain_text_has_the_same_parts_with_the_details_indented() -> None:
    story = _two_outlet_story()
    (html,) = render_stories([story])
    (plain,) = render_stories([story], fmt=RenderFormat.TEXT)
    lines = plain.splitlines()
    assert lines[0] == f"{story.title} · 2 outlets"
    assert not lines[1].startswith(" ")
    assert all(line.startswith("  ") for line in lines[2:])
    assert lines[-1] == (
        "  Sources: NV (https://nv.example/1) · Ukrainian News (https://unn.example/1)"
    )
    assert "<" not in plain
    # The same words as the HTML shows, bar the indent and the spelt-out links.
    shown = parse_telegram_html(html).text.splitlines()
    assert [line.strip() for line in lines[1:-1]] == shown[1:-1]


def test_on_demand_edition_marks_what_was_sent_and_says_now() -> None:
    stories = (_two_outlet_story(1), _two_outlet_story(2))
    edition = DigestEdition(
        since=NOW,
        stories=stories,
        on_demand=True,
        sent_ids=frozenset({2}),
        composed_at=NOW,
    )
    (message,) = render_edition(edition, zone="Europe/Kyiv")
    text = parse_telegram_html(message).text
    assert text.startswith("📰 2 top stories, Wed, May 29, 11:00 AM")
    headlines = [line for line in text.splitlines() if line.startswith(stories[0].title)]
    assert headlines == [
        f"{stories[0].title} · 2 outlets",
        f"{stories[0].title} · 2 outlets · ✓ sent",
    ]
    assert re.search(r"<i>[^<]*✓ sent</i>", message)
