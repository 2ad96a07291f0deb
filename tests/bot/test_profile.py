"""What a Telegram user sees of the bot before and around the first message: its description, its
short description and its command menu, per language, and the menu /lang sets for one chat."""

from __future__ import annotations

from bot.commands import COMMANDS, DESCRIPTION, SHORT_DESCRIPTION, menu
from bot.i18n import Translator
from tests.bot.conftest import ADMIN, BotHarness
from tests.support.botapi import Chat, User

PUBLIC = ["start", "help", "digest", "who", "when", "sources", "settings", "filter", "lang", "stop"]


async def test_descriptions_in_both_languages_at_start_up(bot: BotHarness) -> None:
    english = bot.server.description()
    assert english.startswith("NewsDigest reads the news for you") and len(english) <= 512
    assert bot.server.description(language_code="uk").startswith("NewsDigest читає новини")
    short = bot.server.description(short=True)
    assert short == SHORT_DESCRIPTION and len(short) <= 120
    assert bot.server.description(short=True, language_code="uk").startswith("Щоденний")
    for text in (DESCRIPTION, SHORT_DESCRIPTION):
        assert len(Translator("uk")(text)) <= (512 if text is DESCRIPTION else 120)


async def test_the_menu_lists_each_thing_once_and_aliases_still_answer(bot: BotHarness) -> None:
    assert [c["command"] for c in bot.server.commands()] == PUBLIC
    assert [c["command"] for c in bot.server.commands(language_code="uk")] == PUBLIC
    help_text = await bot.command("help")
    assert "/subscribe" not in help_text and "/unsubscribe" not in help_text
    assert (await bot.command("subscribe")).startswith("Subscribed")
    assert (await bot.command("unsubscribe")).startswith("Unsubscribed")
    assert {alias for c in COMMANDS for alias in c.aliases} == {"subscribe", "unsubscribe"}


async def test_lang_sets_that_chats_menu(bot: BotHarness) -> None:
    user = User()
    chat = {"type": "chat", "chat_id": user.id}
    assert "українською" in await bot.command("lang", "uk")
    ukrainian = [c.to_dict() for c in menu(language="uk")]
    # The chat's own list, whatever language its members' Telegram apps are in.
    assert bot.server.commands(scope=chat) == ukrainian
    assert bot.server.commands(scope=chat, language_code="uk") == ukrainian
    assert bot.server.commands(scope=chat)[0] == {
        "command": "start",
        "description": "Підписатися й вибрати, коли надходить дайджест",
    }
    assert "English" in await bot.command("lang", "en")
    assert bot.server.commands(scope=chat, language_code="uk") == [
        c.to_dict() for c in menu(language="en")
    ]
    # A bot admin's chat keeps the admin commands; a group gets the public ones.
    await bot.command("lang", "uk", user=ADMIN, chat=Chat.private(ADMIN))
    admin_menu = bot.server.commands(scope={"type": "chat", "chat_id": ADMIN.id})
    assert [c["command"] for c in admin_menu] == [c.name for c in COMMANDS]
    group = Chat.group(-4077)
    bot.server.set_member_status(group.id, user.id, "administrator")
    await bot.command("lang", "uk", chat=group)
    group_menu = bot.server.commands(scope={"type": "chat", "chat_id": group.id})
    assert [c["command"] for c in group_menu] == PUBLIC
