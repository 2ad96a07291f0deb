"""In groups only the chat's admins (or a bot admin) change its subscription and settings.

Telegram's answer to getChatMember decides; the test server plays it with ``set_member_status``.
Looking (/settings, /filter, /lang without arguments) and reading (/help, /digest) stay open.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from storage.models import Subscriber
from tests.bot.conftest import ADMIN, BotHarness
from tests.support.botapi import BotApiServer, Chat, User

GROUP = Chat.supergroup(-1001000000777, title="Readers")
OWNER = User(id=3001, first_name="Olha", username="olha")
MEMBER = User(id=3002, first_name="Max", username="max")
UK_MEMBER = User(id=3003, first_name="Тарас", username="taras", language_code="uk")
# Telegram's sender of an anonymous admin's messages; the group itself is the sender_chat.
ANONYMOUS = User(id=1087968824, first_name="Group", username="GroupAnonymousBot", is_bot=True)
REFUSED = "Only this chat's admins can change its digest settings."
REFUSED_UK = "Змінювати налаштування дайджестів цього чату можуть лише його адміністратори."


def _subscriber(bot: BotHarness, chat_id: int = GROUP.id) -> Subscriber | None:
    with bot.sessions() as session:
        return session.scalars(
            select(Subscriber).where(Subscriber.chat_id == chat_id, Subscriber.thread_id == 0)
        ).one_or_none()


def _state(bot: BotHarness) -> tuple[Any, ...]:
    sub = _subscriber(bot)
    assert sub is not None
    return (sub.active, sub.max_stories, sub.images, sub.timezone, sub.filters, sub.language)


async def _subscribed_group(bot: BotHarness) -> None:
    bot.server.set_member_status(GROUP.id, OWNER.id, "creator")
    assert "Subscribed" in await bot.command("subscribe", chat=GROUP, user=OWNER)


async def _settings_message(bot: BotHarness) -> dict[str, Any]:
    """The /settings message with its keyboard, as the owner asked for it."""
    await bot.command("settings", chat=GROUP, user=OWNER)
    return bot.server.messages(GROUP.id)[-1]


async def _press(bot: BotHarness, data: str, message: dict[str, Any], user: User) -> dict[str, Any]:
    query = bot.server.push_callback_query(data, message=message, user=user)
    await bot.server.wait_for_async(lambda: bot.server.callback_answer(query) is not None)
    answer = bot.server.callback_answer(query)
    assert answer is not None
    return answer


async def test_a_plain_member_changes_nothing(bot: BotHarness) -> None:
    assert await bot.command("subscribe", chat=GROUP, user=MEMBER) == REFUSED
    assert _subscriber(bot) is None
    await _subscribed_group(bot)
    before = _state(bot)

    assert await bot.command("unsubscribe", chat=GROUP, user=MEMBER) == REFUSED
    assert await bot.command("stop", chat=GROUP, user=MEMBER, mention_bot=True) == REFUSED
    assert await bot.command("start", chat=GROUP, user=MEMBER) == REFUSED
    assert await bot.command("settings", "stories 7", chat=GROUP, user=MEMBER) == REFUSED
    assert await bot.command("filter", "include ukraine", chat=GROUP, user=MEMBER) == REFUSED
    assert await bot.command("filter", "clear", chat=GROUP, user=MEMBER) == REFUSED
    assert await bot.command("lang", "uk", chat=GROUP, user=MEMBER) == REFUSED
    assert _state(bot) == before


# Each test stays under PTB's 20 calls a minute per group (getChatMember counts too).
async def test_a_plain_members_buttons_change_nothing_and_looking_is_open(bot: BotHarness) -> None:
    await _subscribed_group(bot)
    before = _state(bot)
    message = await _settings_message(bot)
    for data in ("set:images", "set:stories:7", "set:stories", "set:tz"):
        answer = await _press(bot, data, message, MEMBER)
        assert (answer.get("text"), answer.get("show_alert")) == (REFUSED, True)
    assert bot.server.messages(GROUP.id)[-1] == message  # no prompt, no edit
    assert _state(bot) == before

    # Looking and reading stay open to everyone.
    assert "Settings" in await bot.command("settings", chat=GROUP, user=MEMBER)
    assert "Only about: anything" in await bot.command("filter", chat=GROUP, user=MEMBER)
    assert "Language: English" in await bot.command("lang", chat=GROUP, user=MEMBER)
    assert "/start" in await bot.command("help", chat=GROUP, user=MEMBER)
    assert "Usage" in await bot.command("filter", "maybe", chat=GROUP, user=MEMBER)
    asked = bot.server.calls("getChatMember", chat_id=GROUP.id, user_id=MEMBER.id)
    assert asked and all(call.result["status"] == "member" for call in asked)


async def test_administrators_and_the_owner_configure(bot: BotHarness) -> None:
    await _subscribed_group(bot)
    bot.server.set_member_status(GROUP.id, MEMBER.id, "administrator")
    assert "Saved" in await bot.command("settings", "stories 7", chat=GROUP, user=MEMBER)
    assert "ukraine" in await bot.command("filter", "include ukraine", chat=GROUP, user=MEMBER)
    message = await _settings_message(bot)
    assert (await _press(bot, "set:images", message, MEMBER)).get("text") == "Saved"
    assert "українською" in await bot.command("lang", "uk", chat=GROUP, user=MEMBER)
    sub = _subscriber(bot)
    assert sub is not None
    assert (sub.max_stories, sub.images, sub.language) == (7, False, "uk")
    assert sub.filters == {"include": ["ukraine"], "exclude": []}
    await bot.command("lang", "en", chat=GROUP, user=OWNER)
    assert "Unsubscribed" in await bot.command("unsubscribe", chat=GROUP, user=OWNER)
    assert not _state(bot)[0]


async def test_statuses_are_asked_every_time(bot: BotHarness) -> None:
    await _subscribed_group(bot)
    bot.server.set_member_status(GROUP.id, MEMBER.id, "administrator")
    assert "Saved" in await bot.command("settings", "stories 5", chat=GROUP, user=MEMBER)
    bot.server.set_member_status(GROUP.id, MEMBER.id, "member")
    assert await bot.command("settings", "stories 7", chat=GROUP, user=MEMBER) == REFUSED
    for status in ("restricted", "left", "kicked"):
        bot.server.set_member_status(GROUP.id, MEMBER.id, status)
        assert await bot.command("unsubscribe", chat=GROUP, user=MEMBER) == REFUSED
    sub = _subscriber(bot)
    assert sub is not None and sub.active and sub.max_stories == 5


async def test_a_bot_admin_and_an_anonymous_admin_configure_without_asking(
    bot: BotHarness,
) -> None:
    assert "Subscribed" in await bot.command("subscribe", chat=GROUP, user=ADMIN)
    assert "Saved" in await bot.command("settings", "stories 3", chat=GROUP, user=ADMIN)
    before = len(bot.server.calls("sendMessage", chat_id=GROUP.id))
    bot.server.push_message(
        "/settings images off", chat=GROUP, user=ANONYMOUS, extra={"sender_chat": GROUP.to_dict()}
    )
    await bot.server.wait_for_calls_async("sendMessage", count=before + 1, chat_id=GROUP.id)
    assert "Saved" in bot.texts(GROUP.id)[-1]
    sub = _subscriber(bot)
    assert sub is not None and (sub.max_stories, sub.images) == (3, False)
    assert not bot.server.calls("getChatMember")

    # Writing as one's own channel is not writing as the group's admin.
    own_channel = Chat.channel(-1002000000555, username="mine")
    before = len(bot.server.calls("sendMessage", chat_id=GROUP.id))
    bot.server.push_message(
        "/unsubscribe", chat=GROUP, user=MEMBER, extra={"sender_chat": own_channel.to_dict()}
    )
    await bot.server.wait_for_calls_async("sendMessage", count=before + 1, chat_id=GROUP.id)
    assert bot.texts(GROUP.id)[-1] == REFUSED
    assert _state(bot)[0]


async def test_private_chats_and_channel_posts_are_unaffected(bot: BotHarness) -> None:
    assert "Subscribed" in await bot.command("start", user=MEMBER)
    assert "Saved" in await bot.command("settings", "stories 7", user=MEMBER)
    assert "Unsubscribed" in await bot.command("unsubscribe", user=MEMBER)
    channel = Chat.channel()
    bot.server.push_channel_post("/start", chat=channel)
    await bot.server.wait_for_calls_async("sendMessage", chat_id=channel.id)
    assert _subscriber(bot, channel.id) is not None
    assert not bot.server.calls("getChatMember")


async def test_the_refusal_speaks_the_members_language(bot: BotHarness) -> None:
    await _subscribed_group(bot)
    assert await bot.command("unsubscribe", chat=GROUP, user=UK_MEMBER) == REFUSED_UK
    message = await _settings_message(bot)
    assert (await _press(bot, "set:images", message, UK_MEMBER)).get("text") == REFUSED_UK
    assert _state(bot)[0]


async def test_a_members_reply_to_a_settings_prompt_is_not_applied(bot: BotHarness) -> None:
    await _subscribed_group(bot)
    message = await _settings_message(bot)
    before = len(bot.server.calls("sendMessage", chat_id=GROUP.id))
    await _press(bot, "set:tz", message, OWNER)
    await bot.server.wait_for_calls_async("sendMessage", count=before + 1, chat_id=GROUP.id)
    prompt = bot.server.messages(GROUP.id)[-1]

    # Chatter is ignored; a member's reply to the prompt is refused; the prompt still waits.
    bot.server.push_message("Europe/Paris", chat=GROUP, user=MEMBER)
    bot.server.push_message(
        "Europe/Paris", chat=GROUP, user=MEMBER, extra={"reply_to_message": prompt}
    )
    await bot.server.wait_for_calls_async("sendMessage", count=before + 2, chat_id=GROUP.id)
    assert bot.texts(GROUP.id)[-1] == REFUSED
    bot.server.push_message(
        "Europe/Kyiv", chat=GROUP, user=OWNER, extra={"reply_to_message": prompt}
    )
    await bot.server.wait_for_calls_async("sendMessage", count=before + 3, chat_id=GROUP.id)
    assert "Saved" in bot.texts(GROUP.id)[-1]
    assert _state(bot)[3] == "Europe/Kyiv"


async def test_telegram_failing_to_answer_refuses(
    bot: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    await _subscribed_group(bot)
    bot.server.disable("getChatMember", status=400, description="Bad Request: chat not found")
    assert await bot.command("unsubscribe", chat=GROUP, user=OWNER) == REFUSED
    assert "could not check whether user 3001 administers chat" in caplog.text
    bot.server.enable("getChatMember")
    assert "Unsubscribed" in await bot.command("unsubscribe", chat=GROUP, user=OWNER)


def test_known_member_statuses_only(botapi_server: BotApiServer) -> None:
    with pytest.raises(ValueError, match="unknown member status"):
        botapi_server.set_member_status(GROUP.id, MEMBER.id, "admin")
