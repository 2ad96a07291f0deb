"""Real digests through the test Bot API server, which checks them as Telegram does: HTML with the
expandable blockquote, 4096 UTF-16 units, 100 entities a message; big digests split between
stories, a story bigger than a message split with its blockquote closed and opened again."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from bot.content import ComposedDigest
from digests.analysis.models import QuoteKind
from digests.stories.models import DigestEdition, StoryView
from digests.stories.render import RenderFormat, render_edition
from digests.stories.story import build_story
from storage import subscribers
from storage.engine import transaction
from storage.models import Subscriber
from tests.bot.conftest import START, BotFactory, BotHarness
from tests.stories.stories_builders import article, quote

WIDE = "😀𝔘👩\u200d👩\u200d👧"  # astral characters: two UTF-16 units each, and a joined family


def _story(story_id: int, rng: random.Random, sentences: int, outlets: int) -> StoryView:
    vocabulary = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=6)) for _ in range(400)]

    def sentence(i: int) -> str:
        return f"{WIDE} {i} & <{' '.join(rng.sample(vocabulary, 14))}>."

    articles = [
        article(
            story_id * 1000 + n,
            [sentence(i) for i in range(sentences)],
            title=f"Story {story_id} {WIDE} & <title>",
            outlet=f"Outlet {n}",
            url=f"https://o{n}.example/{story_id}?a=1&b=2",
            summary=range(sentences),
            quotes=[quote(f"Speaker {n}", sentence(n), kind=QuoteKind.DIRECT)],
        )
        for n in range(outlets)
    ]
    return build_story(articles, story_id=story_id, max_sentences=sentences * outlets)


@dataclass
class RenderedComposer:
    """The real renderer over given stories: the content is made up, the messages are not."""

    stories: tuple[StoryView, ...]
    sent: list[int] = field(default_factory=list)

    def __call__(
        self,
        session: Session,
        subscriber: Subscriber,
        *,
        now: datetime,
        max_quotes: int,
        on_demand: bool = False,
    ) -> ComposedDigest:
        edition = DigestEdition(since=now, stories=self.stories)
        html, text = (
            tuple(render_edition(edition, fmt=fmt, max_quotes=max_quotes, zone="Europe/Kyiv"))
            for fmt in (RenderFormat.HTML, RenderFormat.TEXT)
        )
        self.sent.append(len(html))
        return ComposedDigest(
            story_ids=tuple(s.id for s in self.stories),
            html=html,
            text=text,
            revisions=tuple(s.revision for s in self.stories),
        )


async def _deliver(bot_factory: BotFactory, stories: tuple[StoryView, ...]) -> list[dict]:  # type: ignore[type-arg]
    bot: BotHarness = await bot_factory(composer=RenderedComposer(stories))
    with transaction(bot.sessions) as session:
        subscribers.subscribe(session, 777, chat_type="private", digest_times=["08:00"], now=START)
    bot.clock.set(START.replace(hour=8))
    await bot.deliver()
    refused = bot.server.calls("sendMessage", ok=False)
    assert not refused, [c.error for c in refused]
    return bot.server.messages(777)


async def test_many_stories_split_between_stories_within_telegrams_limits(
    bot_factory: BotFactory,
) -> None:
    rng = random.Random(11)
    stories = tuple(_story(i, rng, sentences=4, outlets=3) for i in range(1, 13))
    messages = await _deliver(bot_factory, stories)
    assert len(messages) > 1
    headlines = 0
    for message in messages:
        types = [e["type"] for e in message["entities"]]
        assert len(types) <= 100
        # Every message starts with a headline and holds whole stories: a blockquote per story.
        assert message["entities"][0]["offset"] == 0
        headlines += sum(1 for line in message["text"].splitlines() if line.startswith("Story "))
        assert types.count("expandable_blockquote") == sum(
            1 for line in message["text"].splitlines() if line.startswith("Story ")
        )
    assert headlines == len(stories)


async def test_a_story_bigger_than_a_message_reopens_its_blockquote(
    bot_factory: BotFactory,
) -> None:
    rng = random.Random(5)
    (big,) = stories = (_story(1, rng, sentences=60, outlets=3),)
    messages = await _deliver(bot_factory, stories)
    assert len(messages) >= 3
    for index, message in enumerate(messages):
        folds = [e for e in message["entities"] if e["type"] == "expandable_blockquote"]
        assert len(folds) == 1
        if index:
            assert folds[0]["offset"] == 0  # the details go on, folded, from the first line
    shown = "\n".join(m["text"] for m in messages)
    for sentence in big.summary:
        assert sentence.text in shown
    assert datetime.now(UTC) > START
