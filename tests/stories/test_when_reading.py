"""/when as a reader follows it: one line per event whichever outlets told it (all cited), what is
coming up apart from what happened, dates and ranges in the chat's language, and the picture in
the text's order with the text's words."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from stories_builders import day
from support.telegram_html import parse_telegram_html

from bot.answers import render_labels, timeline_marks
from bot.i18n import translator_for
from digests.analysis.models import DatePrecision, PartialDate
from digests.stories.render import render_timeline
from digests.stories.timeline import WhenSection, merge_timeline, reading_order
from digests.stories.timeline_image import layout_timeline
from digests.stories.who_when import TimelineLine, TimelineSource

TODAY = date(2024, 5, 22)


def _line(
    when: str,
    text: str,
    outlet: str,
    *,
    story: int = 1,
    article: int = 1,
    background: bool = False,
    until: str | None = None,
) -> TimelineLine:
    return TimelineLine(
        date=day(when),
        text=text,
        outlet=outlet,
        url=f"https://{outlet.lower().replace(' ', '')}.example/{article}",
        background=background,
        until=day(until) if until else None,
        story_id=story,
        article_id=article,
    )


def test_outlets_telling_one_event_make_one_line_citing_all() -> None:
    lines = [
        _line("2024-05-17", "On May 17, the Pentagon reported no change in its position.", "NV"),
        _line(
            "2024-05-17",
            "The Pentagon reported on May 17 that its position has not changed.",
            "Ukrainian News",
            article=2,
        ),
        # Worded apart, but the one event each outlet of the story dates to that day.
        _line("2024-05-10", "Talks collapsed on Friday night.", "NV", story=2, article=3),
        _line("2024-05-10", "Negotiations broke down late on Friday.", "BBC", story=2, article=4),
    ]
    merged = merge_timeline(lines)
    assert [line.text for line in merged] == [lines[0].text, lines[2].text]
    assert merged[0].also == (TimelineSource("Ukrainian News", "https://ukrainiannews.example/2"),)
    assert merged[1].also == (TimelineSource("BBC", "https://bbc.example/4"),)
    (message,) = render_timeline(merged)
    parsed = parse_telegram_html(message)
    assert parsed.text.splitlines()[1].endswith("— NV · Ukrainian News")
    links = [e.url for e in parsed.entities if e.type == "text_link"]
    assert links[:2] == ["https://nv.example/1", "https://ukrainiannews.example/2"]


def test_different_events_stay_apart() -> None:
    lines = [
        # One article's two events of one day are two events.
        _line("2024-05-17", "Blinken met the president.", "NV", article=1),
        _line("2024-05-17", "The parliament passed the budget.", "NV", article=1),
        # Two stories, one day, little in common.
        _line("2024-05-17", "A storm closed the airport in Lviv.", "UNN", story=2, article=2),
        # One story, one event per outlet, but different days.
        _line("2024-05-16", "Talks collapsed.", "BBC", story=3, article=3),
        _line("2024-05-15", "Negotiations broke down.", "CNN", story=3, article=4),
        # One day and one story, but the same outlet twice (two of its articles, two events).
        _line("2024-05-14", "The court heard the case.", "AP", story=4, article=5),
        _line("2024-05-14", "Protesters gathered outside.", "AP", story=4, article=6),
        # Two stories worded alike about different people: two events.
        _line("2024-05-13", "Senator Smith won on a recount.", "AP", story=5, article=7),
        _line("2024-05-13", "Senator Jones won on a recount.", "UPI", story=6, article=8),
    ]
    assert merge_timeline(lines) == lines


def test_a_name_or_number_with_some_words_in_common_is_one_event() -> None:
    first = _line("2024-05-21", "Zelensky said 40 drones were shot down overnight.", "NV", story=1)
    second = _line(
        "2024-05-21",
        "Ukraine's air force shot down 40 drones, officials said.",
        "UNN",
        story=2,
        article=2,
    )
    assert len(merge_timeline([first, second])) == 1
    other = _line(
        "2024-05-21", "Officials said the bridge was shut for repairs.", "AP", story=3, article=3
    )
    assert len(merge_timeline([first, other])) == 2


def test_coming_up_apart_from_what_happened_and_the_background() -> None:
    lines = [
        _line("2024-06-10", "The summit will open in Geneva.", "NV"),
        _line("2024-05-25", "Parliament will vote on the bill.", "NV"),
        _line("2024-05-22", "The minister resigned.", "NV"),
        _line("2024-05-15", "Blinken visited Kyiv.", "NV", until="2024-05-17"),
        _line("1991-08-24", "Ukraine declared independence.", "NV", background=True),
    ]
    order = reading_order(lines, today=TODAY)
    assert [section for section, _ in order] == [
        WhenSection.COMING,
        WhenSection.COMING,
        WhenSection.NEWS,
        WhenSection.NEWS,
        WhenSection.BACKGROUND,
    ]
    # Soonest first, then the news newest first.
    assert [line.date.start.isoformat() for _, line in order][:3] == [
        "2024-05-25",
        "2024-06-10",
        "2024-05-22",
    ]
    (message,) = render_timeline(lines, today=TODAY)
    assert parse_telegram_html(message).text.splitlines() == [
        "Timeline",
        "Coming up",
        "May 25 — Parliament will vote on the bill. — NV",
        "June 10 — The summit will open in Geneva. — NV",
        "What happened",
        "today — The minister resigned. — NV",
        "May 15\u2009–\u200917 — Blinken visited Kyiv. — NV",
        "Background",
        "August 24, 1991 — Ukraine declared independence. — NV",
    ]
    # Nothing is coming up without the reader's day: no sections but the background.
    assert "Coming up" not in render_timeline(lines)[0]


def test_dates_and_sections_in_the_chats_language() -> None:
    labels = render_labels(translator_for("uk"))
    lines = [
        _line("2024-05-25", "Parliament will vote on the bill.", "NV"),
        _line("2024-05-15", "Blinken visited Kyiv.", "NV", until="2024-05-17"),
        _line("2024-05-01", "The offensive began.", "NV"),
    ]
    month = TimelineLine(PartialDate(date(2023, 9, 1), DatePrecision.MONTH), "A month.", "NV", None)
    (message,) = render_timeline([*lines, month], today=TODAY, labels=labels)
    text = parse_telegram_html(message).text.splitlines()
    assert text[1:] == [
        "Попереду",
        "25 травня — Parliament will vote on the bill. — NV",
        "Що сталося",
        "15–17 травня — Blinken visited Kyiv. — NV",
        "1 травня — The offensive began. — NV",
        "вересень 2023\u202fр. — A month. — NV",
    ]


def test_the_picture_follows_the_text_in_order_and_words() -> None:
    labels = render_labels(translator_for("uk"))
    lines = [
        _line("2024-05-21", "Congressmen appealed to the Pentagon.", "NV"),
        _line("2024-05-25", "Parliament will vote on the bill.", "NV"),
        _line("2024-05-17", "The Pentagon reported no change.", "NV", until="2024-05-18"),
        _line("2024-05-15", "Blinken said Ukraine must decide.", "UNN"),
    ]
    (message,) = render_timeline(lines, today=TODAY, labels=labels)
    shown = [
        line.split(" — ")
        for line in parse_telegram_html(message).text.splitlines()
        if " — " in line
    ]
    marks = timeline_marks(lines, today=TODAY, labels=labels)
    assert [(m.when, m.label) for m in marks] == [(when, text) for when, text, _ in shown]
    assert [m.heading for m in marks] == ["Попереду", "Що сталося", None, None]
    layout = layout_timeline(marks, locale="uk")
    assert [card.date for card in layout.cards] == [when for when, _, _ in shown]
    assert [card.heading for card in layout.cards] == ["Попереду", "Що сталося", None, None]
    # The gutter names the month in the chat's language where it changes.
    assert layout.cards[0].gutter == "трав."
    assert all(upper.y < lower.y for upper, lower in pairwise(layout.cards))
