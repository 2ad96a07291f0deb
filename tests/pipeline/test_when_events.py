"""Which events /when shows, decided in digests (``choose_events``) over the plain rows storage
hands over: the window, the words, the order, the number."""

from __future__ import annotations

from datetime import UTC, date, datetime

from digests.jobs.when_events import choose_events
from storage.people import EventCandidates

# (id, date, article, precision, article time, text) and each article's story.
EVENTS = EventCandidates(
    rows=[
        (1, date(2025, 5, 10), 1, "day", None, "Smith met the unions"),
        (2, date(2025, 5, 12), 2, "day", None, "Parliament passed the BUDGET"),
        (3, date(2025, 5, 14), 3, "day", None, "Smithson resigned"),
        (4, date(2025, 5, 16), 4, "day", None, "The strike began"),
    ],
    stories={
        1: ("Budget talks", datetime(2025, 5, 31, tzinfo=UTC)),
        2: ("Budget talks", datetime(2025, 5, 31, tzinfo=UTC)),
        3: ("Cabinet", datetime(2025, 5, 2, tzinfo=UTC)),
        4: ("Budget strike", datetime(2025, 5, 31, tzinfo=UTC)),
    },
)


def _newest_first(start: date, _precision: str, _time: datetime | None) -> tuple[int]:
    return (-start.toordinal(),)


def test_every_word_in_the_text_or_the_title_any_case() -> None:
    assert choose_events(EVENTS, words=["budget"], limit=10, order=_newest_first) == [4, 2, 1]
    assert choose_events(EVENTS, words=["BUDGET", "strike"], limit=10, order=_newest_first) == [4]


def test_a_name_matches_as_a_whole_word_only() -> None:
    assert choose_events(EVENTS, any_words=["Smith"], limit=10, order=_newest_first) == [1]


def test_the_window_is_the_story_update_and_the_order_is_applied_before_the_limit() -> None:
    since = datetime(2025, 5, 20, tzinfo=UTC)
    assert choose_events(EVENTS, since=since, limit=2, order=_newest_first) == [4, 2]
    assert choose_events(EVENTS, limit=1, order=_newest_first) == [4]
