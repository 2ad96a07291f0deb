"""How a chat's settings look: the /settings message and its buttons.

Shared by /settings and by the questions that change a setting (``bot.handlers.questions``),
which end by showing the settings saved.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from digests.jobs.zones import zone_name
from digests.stories.render import render_lines
from storage.models import Subscriber

__all__ = ["CALLBACK_PREFIX", "describe_settings", "on_off", "saved_header", "settings_keyboard"]

CALLBACK_PREFIX = "set:"


def on_off(value: bool, _: Translator) -> str:
    """ "on" or "off" in the reader's language."""
    return _("on") if value else _("off")


def saved_header(title: str, _: Translator, *, saved: bool) -> str:
    """A message title, with "Saved." before it after a change."""
    return _("Saved.") + " " + title if saved else title


def describe_settings(sub: Subscriber, _: Translator, *, saved: bool = False) -> list[str]:
    """The settings as messages: plain lines, escaped and split by the digests' splitter."""
    quiet = f"{sub.quiet_start}-{sub.quiet_end}" if sub.quiet_start and sub.quiet_end else _("off")
    include = ", ".join(sub.filters.get("include", [])) if sub.filters else ""
    exclude = ", ".join(sub.filters.get("exclude", [])) if sub.filters else ""
    lines = [
        _("Digest times: {times} ({timezone})").format(
            times=", ".join(sub.digest_times), timezone=zone_name(sub.timezone)
        ),
        _("Stories per digest: {n}").format(n=sub.max_stories),
        _("Quiet hours: {quiet}").format(quiet=quiet),
        _("Images: {state}").format(state=on_off(sub.images, _)),
        _("Only about: {terms}").format(terms=include or _("anything")),
        _("Never about: {terms}").format(terms=exclude or _("nothing excluded")),
    ]
    return render_lines(lines, header=saved_header(_("Settings"), _, saved=saved))


def settings_keyboard(sub: Subscriber, _: Translator) -> InlineKeyboardMarkup:
    """The /settings buttons: times, zone and quiet hours ask a question; the others change."""

    def button(label: str, data: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(label, callback_data=CALLBACK_PREFIX + data)

    return InlineKeyboardMarkup(
        [
            [button(_("⏰ Digest times"), "times"), button(_("🌍 Time zone"), "tz")],
            [
                button(_("📰 Stories: {n}").format(n=sub.max_stories), "stories"),
                button(_("🌙 Quiet hours"), "quiet"),
            ],
            [button(_("🖼 Images: {state}").format(state=on_off(sub.images, _)), "images")],
        ]
    )
