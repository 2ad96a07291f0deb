"""Rendering: valid Telegram HTML, every message within 4096 UTF-16 units and 100 entities, text
escaped, breaks at story boundaries, for stories of any size and any characters; a story reads as
a linked headline, the news, and its details folded in an expandable blockquote."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pytest
from stories_builders import article, day, person, quote
from support.telegram_html import parse_telegram_html, utf16_length

from digests.analysis.models import QuoteKind
from digests.stories.exceptions import RenderError
from digests.stories.labels import RenderLabels
from digests.stories.models import DigestEdition, StoryView
from digests.stories.packing import TELEGRAM_MAX_ENTITIES
from digests.stories.render import (
    TELEGRAM_LIMIT,
    RenderFormat,
    render_edition,
    render_people,
    render_person,
    render_stories,
    render_timeline,
)
from digests.stories.story import build_story
from digests.stories.who_when import PersonDetail, PersonSummary, QuoteRef, StoryRef, TimelineLine

NOW = datetime(2024, 5, 29, 8, tzinfo=UTC)
NASTY = [
    "<b>not bold</b>",
    "a & b",
    "x < y > z",
    "\"quoted\" 'single'",
    "&amp; &lt; &#128512;",
    "emoji 😀🇺🇦👍🏽",
    "family 👩\u200d👩\u200d👧\u200d👦 joined",
    "zero\u200bwidth\u200djoiner",
    "combining é ñ",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 astral",
    "</a><a href='javascript:alert(1)'>",
    "tabs\tand\nnewlines\r\n",
    "lone \ud800 surrogate",
    "control \x00\x07 chars",
]


def _sentence(rng: random.Random, words: int) -> str:
    parts = [
        rng.choice(NASTY)
        if rng.random() < 0.2
        else rng.choice(["news", "war", "Kyiv", "x" * rng.randint(1, 30)])
        for _ in range(words)
    ]
    return " ".join(parts) + rng.choice([".", "!", "?", ""])


def _random_story(rng: random.Random, story_id: int, size: int) -> StoryView:
    articles = []
    for index in range(rng.randint(1, 4)):
        sentences = [_sentence(rng, rng.randint(1, size)) for _ in range(rng.randint(1, 6))]
        articles.append(
            article(
                story_id * 100 + index,
                sentences,
                title=_sentence(rng, rng.randint(1, size)) if rng.random() < 0.8 else None,
                outlet=rng.choice(["NV", "UNN", "A & B <News>", "😀 Daily", None]),
                url=rng.choice(
                    [
                        "https://example.org/a?x=1&y=<2>",
                        "javascript:alert(1)",
                        "",
                        'https://ex.org/"q"',
                    ]
                ),
                people=[
                    person(rng.choice(NASTY) + " Smith", rng.choice([None, rng.choice(NASTY)]))
                ],
                quotes=[
                    quote(
                        rng.choice([None, "Ann Lee", rng.choice(NASTY)]),
                        _sentence(rng, rng.randint(1, size)),
                        kind=rng.choice(list(QuoteKind)),
                    )
                    for _ in range(rng.randint(0, 3))
                ],
                published=NOW,
            )
        )
    story = build_story(articles, story_id=story_id, max_sentences=rng.randint(1, 8))
    return story


def _check_html(messages: list[str], limit: int = TELEGRAM_LIMIT) -> list[str]:
    assert messages, "no messages"
    texts = []
    for message in messages:
        parsed = parse_telegram_html(message)
        assert 0 < parsed.utf16_length <= limit, parsed.utf16_length
        # Telegram keeps 100 entities of a message and drops the rest.
        assert len(parsed.entities) <= TELEGRAM_MAX_ENTITIES, len(parsed.entities)
        assert parsed.text.strip()
        texts.append(parsed.text)
    return texts


def _check_text(messages: list[str], limit: int = TELEGRAM_LIMIT) -> None:
    assert messages
    for message in messages:
        assert 0 < utf16_length(message) <= limit
        assert message.strip()
        message.encode("utf-8")


@pytest.mark.parametrize("seed", range(40))
def test_random_stories_render_within_limits(seed: int) -> None:
    rng = random.Random(seed)
    count = rng.choice([1, 2, 5, 30])
    size = rng.choice([1, 5, 40, 400, 3000] if count < 30 else [1, 5, 40])
    stories = [_random_story(rng, i, size) for i in range(count)]
    limit = rng.choice([TELEGRAM_LIMIT, TELEGRAM_LIMIT, 300, 64])
    html_messages = render_stories(stories, limit=limit, max_quotes=rng.randint(0, 3))
    _check_html(html_messages, limit)
    _check_text(render_stories(stories, fmt=RenderFormat.TEXT, limit=limit), limit)


def test_huge_single_story_is_split_between_sentences() -> None:
    rng = random.Random(7)
    vocabulary = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=7)) for _ in range(5000)]
    sentences = [f"Sentence {i} & <{' '.join(rng.sample(vocabulary, 12))}>." for i in range(300)]
    story = build_story(
        [article(1, sentences, title="Huge", summary=range(300))], story_id=1, max_sentences=300
    )
    assert len(story.summary) == 300
    messages = render_stories([story])
    texts = _check_html(messages)
    assert len(messages) > 5
    # Every message but the last is well filled, and a cut never falls inside a sentence.
    assert all(utf16_length(t) > TELEGRAM_LIMIT - 200 for t in texts[:-1])
    joined = " ".join(texts)
    for sentence in sentences:
        assert sentence in joined


def test_one_endless_word_with_astral_characters_is_cut_safely() -> None:
    word = "😀" * 5000 + "👩\u200d👩\u200d👧" * 100
    story = build_story([article(1, [word], title=word)], story_id=1)
    texts = _check_html(render_stories([story]))
    assert sum(t.count("😀") for t in texts) >= 10000  # title and summary both kept whole
    _check_text(render_stories([story], fmt=RenderFormat.TEXT))


def _plain_story(story_id: int, words: int) -> StoryView:
    text = " ".join(["word"] * words) + "."
    return build_story([article(story_id, [text], title=f"Title {story_id}")], story_id=story_id)


def test_messages_break_at_story_boundaries() -> None:
    stories = [_plain_story(i, 300) for i in range(1, 10)]  # about 1.6k characters each
    messages = render_stories(stories)
    texts = _check_html(messages)
    assert len(messages) >= 4
    for text in texts:
        assert text.startswith("Title ")
        assert text.rstrip().endswith("Outlet")


def test_article_text_is_escaped_and_links_are_safe() -> None:
    story = build_story(
        [
            article(
                1,
                ["Officials said <script>alert(1)</script> & left."],
                title="A <b> & C",
                outlet="Out<let>",
                url='https://example.org/?a=1&b="2"',
                quotes=[
                    quote("Ann <Lee>", "We <will> & must act on it now.", kind=QuoteKind.DIRECT)
                ],
                people=[person("Ann <Lee>", "chief & co")],
            ),
            article(2, ["Other outlet text about it."], outlet="Bad", url="javascript:alert(1)"),
        ],
        story_id=1,
    )
    (message,) = render_stories([story])
    assert "<script>" not in message and "&lt;script&gt;" in message
    parsed = parse_telegram_html(message)
    assert "A <b> & C" in parsed.text
    assert "“We <will> & must act on it now.” — Ann <Lee>, chief & co (Out<let>)" in parsed.text
    links = [e.url for e in parsed.entities if e.type == "text_link"]
    # The headline and the outlet in the sources line; the javascript: one is no link.
    assert links == ["https://example.org/?a=1&b=%222%22"] * 2
    assert {e.type for e in parsed.entities} <= {
        "bold",
        "italic",
        "text_link",
        "expandable_blockquote",
    }
    (plain,) = render_stories([story], fmt=RenderFormat.TEXT)
    assert "Out<let> (https://example.org/?a=1&b=%222%22)" in plain and "&lt;" not in plain


def test_edition_header_updates_and_empty_edition() -> None:
    story = _plain_story(1, 10)
    from dataclasses import replace

    edition = DigestEdition(since=NOW, stories=(replace(story, is_update=True),))
    (message,) = render_edition(edition)
    parsed = parse_telegram_html(message)
    assert parsed.text.startswith("📰 1 story since Wed, May 29, 8:00 AM (1 updated)")
    assert "🔄 Update: Title 1" in parsed.text
    # On the reader's clock and calendar: Kyiv is three hours ahead in summer.
    (kyiv,) = render_edition(edition, zone="Europe/Kyiv", labels=RenderLabels(locale="uk"))
    assert parse_telegram_html(kyiv).text.startswith("📰 1 story since ср, 29 травня, 11:00")
    (unknown,) = render_edition(edition, zone="Mars/Olympus")
    assert "8:00 AM" in unknown
    empty = render_edition(DigestEdition(since=NOW, stories=()))
    assert _check_html(empty) == ["No new stories since the last digest."]


def test_who_and_when_renderers() -> None:
    said = QuoteRef("there should be <no> bans", "NV", "https://nv.example/1", date(2024, 5, 29))
    people = [
        PersonSummary("Volodymyr Zelenskyy", "President of Ukraine", 2, said),
        PersonSummary("Matthew Miller", None, 1, None),
    ]
    texts = _check_html(render_people(people))
    assert "Volodymyr Zelenskyy, President of Ukraine — 2 stories" in texts[0]
    assert "“there should be <no> bans” — NV, 2024-05-29" in texts[0]
    assert "Matthew Miller — 1 story" in texts[0]
    detail = PersonDetail(
        "Antony Blinken",
        ("Blinken", "Anthony Blinken"),
        "US Secretary of State",
        quotes=(said,) * 3,
        stories=(StoryRef(1, "Blinken urges <White House>"),),
    )
    text = _check_html(render_person(detail))[0]
    assert text.startswith("Antony Blinken, US Secretary of State\nAlso: Blinken, Anthony Blinken")
    # Reported speech is a paraphrase: no quote marks, so it never reads as said verbatim.
    paraphrase = QuoteRef(
        "declined to comment on internal discussions",
        "UNN",
        "https://unn.example/1",
        kind=QuoteKind.REPORTED,
    )
    miller = PersonDetail("Matthew Miller", (), None, quotes=(paraphrase,), stories=())
    said_text = _check_html(render_person(miller))[0]
    assert "💬 declined to comment on internal discussions — UNN" in said_text
    assert "“" not in said_text
    assert "• Blinken urges <White House>" in text
    lines = [
        TimelineLine(
            day("2024-05-15"), "Blinken said Ukraine must decide", "NV", "https://nv.example/1"
        ),
        TimelineLine(day("2024-05-17"), "the Pentagon reported", None, None),
    ]
    text = _check_html(render_timeline(lines))[0]
    assert text.splitlines() == [
        "Timeline",
        "May 15, 2024 — Blinken said Ukraine must decide — NV",
        "May 17, 2024 — the Pentagon reported",
    ]
    _check_html(render_timeline(lines * 500))
    _check_text(render_timeline(lines * 500, fmt=RenderFormat.TEXT))
    assert _check_html(render_timeline([])) == ["No dated events in recent stories."]
    assert _check_html(render_people([])) == ["Nobody in recent stories yet."]


def test_absurd_limit_is_a_clear_error() -> None:
    with pytest.raises(RenderError, match="below the minimum"):
        render_stories([_plain_story(1, 3)], limit=3)
