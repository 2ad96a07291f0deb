"""The words the renderers put around article content, in one language.

English by default; the bot passes labels made from its gettext catalogues
(``bot.answers.render_labels``). Counted phrases are functions of the count, so languages with
several plural forms fit; ``locale`` names the language Babel writes dates in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from digests.stories.local_dates import DEFAULT_LOCALE, PeriodWords

__all__ = ["ENGLISH", "RenderLabels"]


def _outlets_en(count: int) -> str:
    return f"{count} outlets"


def _stories_en(count: int) -> str:
    return f"{count} {'story' if count == 1 else 'stories'}"


def _edition_en(count: int, since: str) -> str:
    return f"📰 {_stories_en(count)} since {since}"


def _top_en(count: int, when: str) -> str:
    return f"📰 {count} top {'story' if count == 1 else 'stories'}, {when}"


def _updated_en(count: int) -> str:
    return f"{count} updated"


def _only_en(outlet: str) -> str:
    return f"{outlet} only"


@dataclass(frozen=True, slots=True)
class RenderLabels:
    """The words the renderers put around article content; the bot passes translated ones."""

    update: str = "🔄 Update: "
    sources: str = "Sources: "
    source: str = "source"
    also: str = "Also: "
    said: str = "Said"
    stories: str = "Stories"
    # /when: the heading of what the articles recall from long before their news.
    background: str = "Background"
    # /when: the heading of what is still to happen, and of what happened when both are shown.
    coming_up: str = "Coming up"
    happened: str = "What happened"
    # /digest: a story the subscriber already got in an earlier digest.
    already_sent: str = "✓ sent"
    outlets_count: Callable[[int], str] = _outlets_en
    stories_count: Callable[[int], str] = _stories_en
    edition_header: Callable[[int, str], str] = _edition_en
    # /digest's header: the top stories now, whether sent before or not.
    top_header: Callable[[int, str], str] = _top_en
    updated_count: Callable[[int], str] = _updated_en
    # After a summary sentence no other outlet of the story tells.
    only_in: Callable[[str], str] = _only_en
    locale: str = DEFAULT_LOCALE
    periods: PeriodWords = field(default_factory=PeriodWords)


ENGLISH = RenderLabels()
