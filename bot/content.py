"""A subscriber's digest as the bot sends it: composed once, in Telegram HTML and plain text.

The seam between delivery and the reading side of digests: the composer runs inside the
transaction the deliverer owns and returns ready messages, which the ledger stores.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from bot.answers import render_labels, still_reading
from bot.i18n import Translator, translator_for
from digests.jobs.editions import FIRST_DIGEST_WINDOW, current_edition, edition_for
from digests.stories.models import DigestEdition
from digests.stories.render import RenderFormat, render_edition
from storage.models import Subscriber

__all__ = ["ComposedDigest", "DigestComposer", "compose_digest", "edition_messages"]


@dataclass(frozen=True, slots=True)
class ComposedDigest:
    """One edition for one subscriber, rendered both ways, with the stories it holds."""

    story_ids: tuple[int, ...]
    html: tuple[str, ...]
    text: tuple[str, ...]
    # The revision of each of story_ids as rendered: what the subscriber will have seen.
    revisions: tuple[int, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.story_ids


class DigestComposer(Protocol):
    def __call__(
        self,
        session: Session,
        subscriber: Subscriber,
        *,
        now: datetime,
        max_quotes: int,
        on_demand: bool = False,
    ) -> ComposedDigest:
        """The edition due for ``subscriber`` at ``now`` (``on_demand``: /digest's)."""
        ...


def _empty_text(edition: DigestEdition, _: Translator) -> str:
    """What an empty edition says: nothing new, or nothing at all lately, or all filtered."""
    if not edition.on_demand:
        return _("No new stories since the last digest.")
    days = FIRST_DIGEST_WINDOW.days
    if edition.filtered_out:
        return _.ngettext(
            "None of the stories of the last {days} day matches your /filter ({n} left out).",
            "None of the stories of the last {days} days matches your /filter ({n} left out).",
            days,
        ).format(days=days, n=edition.filtered_out)
    return _.ngettext(
        "No stories in the last {days} day yet.", "No stories in the last {days} days yet.", days
    ).format(days=days)


def edition_messages(
    edition: DigestEdition,
    *,
    fmt: RenderFormat,
    max_quotes: int,
    language: str | None = None,
    zone: str | None = None,
    empty_text: str | None = None,
) -> list[str]:
    """An edition as the messages a subscriber reading ``language`` on the clock of ``zone``
    gets (the CLI prints these); ``empty_text`` replaces what an empty edition says (while
    articles are still being analysed)."""
    _ = translator_for(language)
    return render_edition(
        edition,
        fmt=fmt,
        max_quotes=max_quotes,
        labels=render_labels(_),
        empty_text=empty_text or _empty_text(edition, _),
        zone=zone,
    )


def compose_digest(
    session: Session,
    subscriber: Subscriber,
    *,
    now: datetime,
    max_quotes: int,
    on_demand: bool = False,
) -> ComposedDigest:
    """The subscriber's edition, composed once: delivery stores it and resumes from the store.

    A scheduled edition holds what is new or grown; the on-demand one (/digest) the current top
    stories, those already sent marked as such.
    """
    make = current_edition if on_demand else edition_for
    edition = make(
        session, subscriber, now=now, max_stories=subscriber.max_stories, max_quotes=max_quotes
    )
    # An empty /digest while articles are still being analysed says so, not "no new stories".
    _ = translator_for(subscriber.language)
    reading = None if edition.stories or edition.filtered_out else still_reading(session, _)
    html, plain = (
        edition_messages(
            edition,
            fmt=fmt,
            max_quotes=max_quotes,
            language=subscriber.language,
            zone=subscriber.timezone,
            empty_text=reading,
        )
        for fmt in (RenderFormat.HTML, RenderFormat.TEXT)
    )
    return ComposedDigest(
        story_ids=tuple(story.id for story in edition.stories),
        html=tuple(html),
        text=tuple(plain),
        revisions=tuple(story.revision for story in edition.stories),
    )
