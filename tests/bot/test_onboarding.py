"""The first minutes with the bot, through the real Application and the test Bot API server:
/start asks the time zone and the digest time with buttons; answers are typed as people type
them, through the question and through /settings; a wrong answer is asked again; a command ends
a question; a question expires."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage.models import Subscriber
from tests.bot.conftest import BotFactory, BotHarness
from tests.support.botapi import Chat, User

UKRAINIAN = User(id=2002, first_name="Оксана", username="oksana", language_code="uk")


def _subscriber(bot: BotHarness, chat_id: int) -> Subscriber:
    with bot.sessions() as session:
        return session.scalars(select(Subscriber).where(Subscriber.chat_id == chat_id)).one()


def _buttons(message: dict[str, Any]) -> dict[str, str]:
    """A message's inline buttons: label -> callback data."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return {button["text"]: button["callback_data"] for row in rows for button in row}


async def _press(
    bot: BotHarness, data: str, message: dict[str, Any], user: User | None = None
) -> list[str]:
    """Press a button; wait for the bot's next message in that chat; return what it sent."""
    user = user or User()
    chat_id = message["chat"]["id"]
    before = len(bot.server.calls("sendMessage", chat_id=chat_id))
    query = bot.server.push_callback_query(data, message=message, user=user)
    await bot.server.wait_for_async(lambda: bot.server.callback_answer(query) is not None)
    calls = await bot.server.wait_for_calls_async(
        "sendMessage", count=before + 1, chat_id=chat_id, timeout=10
    )
    return [str(call.params["text"]) for call in calls[before:]]


async def _type(bot: BotHarness, text: str, user: User | None = None, **kwargs: Any) -> str:
    """The user writes ``text``; the bot's next message in that chat."""
    user = user or User()
    chat = kwargs.get("chat") or Chat.private(user)
    before = len(bot.server.calls("sendMessage", chat_id=chat.id))
    bot.server.push_message(text, user=user, **kwargs)
    calls = await bot.server.wait_for_calls_async(
        "sendMessage", count=before + 1, chat_id=chat.id, timeout=10
    )
    return str(calls[before].params["text"])


def _last(bot: BotHarness, chat_id: int) -> dict[str, Any]:
    return bot.server.messages(chat_id)[-1]


async def test_start_asks_the_zone_then_the_time_with_buttons(bot: BotHarness) -> None:
    user = User()
    text = await bot.command("start")
    assert text.startswith("Subscribed") and "Which time zone are you in?" in text
    question = _last(bot, user.id)
    offered = _buttons(question)
    # Likely zones for an English reader, with their offset on 29 May, then UTC and "type it".
    assert offered["London · UTC+1"] == "ask:tz:Europe/London"
    assert offered["New York · UTC-4"] == "ask:tz:America/New_York"
    assert offered["UTC · UTC"] == "ask:tz:UTC"
    assert offered["✍️ Type it"] == "ask:tz"

    sent = await _press(bot, offered["New York · UTC-4"], question)
    assert "Time zone: America/New_York (UTC-4)." in sent[0]
    assert "When should the digest come?" in sent[0]
    # The answered question keeps its words and loses its buttons.
    answered = bot.server.message(user.id, question["message_id"])
    assert answered is not None and "reply_markup" not in answered
    times = _last(bot, user.id)
    hours = ["07:00", "08:00", "09:00", "12:00", "18:00", "21:00"]
    assert list(_buttons(times)) == [*hours, "✍️ Type it"]

    sent = await _press(bot, "ask:times:07:00", times)
    assert sent[0].startswith("All set: a digest at 07:00 (America/New_York) every day.")
    sub = _subscriber(bot, user.id)
    assert (sub.timezone, sub.digest_times, sub.active) == ("America/New_York", ["07:00"], True)
    # Subscribed already: no questions, the settings as they are.
    assert (await bot.command("start")).startswith("You are subscribed.")


async def test_a_ukrainian_user_is_asked_in_ukrainian_with_kyiv_first(
    bot_factory: BotFactory,
) -> None:
    bot: BotHarness = await bot_factory()
    text = await bot.command("start", user=UKRAINIAN)
    assert text.startswith("Підписку оформлено") and "У якому ви часовому поясі?" in text
    offered = list(_buttons(_last(bot, UKRAINIAN.id)))
    assert offered[0] == "Київ · UTC+3" and "Варшава · UTC+2" in offered
    typed = await _type(bot, "Київ", user=UKRAINIAN)
    assert "Часовий пояс: Europe/Kyiv (UTC+3)." in typed and "Коли надсилати дайджест?" in typed
    done = await _type(bot, "7 вечора", user=UKRAINIAN)
    assert done.startswith("Готово: дайджест щодня о 19:00 (Europe/Kyiv).")
    sub = _subscriber(bot, UKRAINIAN.id)
    assert (sub.timezone, sub.digest_times, sub.language) == ("Europe/Kyiv", ["19:00"], "uk")


TZ_FORMS = [
    ("kyiv", "Europe/Kyiv"),
    ("Europe/kyiv", "Europe/Kyiv"),
    ("new york", "America/New_York"),
    ("Київ", "Europe/Kyiv"),
    ("UTC+2", "Etc/GMT-2"),
    ("+02:00", "Etc/GMT-2"),
    ("GMT-5", "Etc/GMT+5"),
]
TIME_FORMS = [
    ("7", ["07:00"]),
    ("7am", ["07:00"]),
    ("7:30 pm", ["19:30"]),
    ("19.30", ["19:30"]),
    ("08:00, 18:30", ["08:00", "18:30"]),
]


async def test_every_form_through_the_question_and_through_settings(bot: BotHarness) -> None:
    user = User()
    await bot.command("start")
    await bot.command("help")  # any command ends the onboarding questions
    for typed, zone in TZ_FORMS:
        await bot.command("settings")
        asked = await _press(bot, "set:tz", _last(bot, user.id))
        assert "Which time zone are you in?" in asked[0]
        saved = await _type(bot, typed)
        assert saved.startswith("<b>Saved.") and "Digest times:" in saved, (typed, saved)
        assert _subscriber(bot, user.id).timezone == zone, typed
        await bot.command("settings", "tz UTC")
        direct = await bot.command("settings", f"tz {typed}")
        assert direct.startswith("<b>Saved."), (typed, direct)
        assert _subscriber(bot, user.id).timezone == zone, typed
    assert "(UTC-5)" in await bot.command("settings")  # Etc/GMT+5 is shown as people read it
    for typed, times in TIME_FORMS:
        await bot.command("settings")
        asked = await _press(bot, "set:times", _last(bot, user.id))
        assert "When should the digest come?" in asked[0]
        assert (await _type(bot, typed)).startswith("<b>Saved."), typed
        assert _subscriber(bot, user.id).digest_times == times, typed
        await bot.command("settings", "times 12:00")
        assert (await bot.command("settings", f"times {typed}")).startswith("<b>Saved."), typed
        assert _subscriber(bot, user.id).digest_times == times, typed


async def test_a_wrong_answer_is_asked_again(bot: BotHarness) -> None:
    user = User()
    await bot.command("start")
    again = await _type(bot, "thanks!")
    assert again.startswith("Unknown time zone “thanks!”")
    assert "Which time zone are you in?" in again and "✍️ Type it" in _buttons(_last(bot, user.id))
    asked = await _type(bot, "kyiv")
    assert "When should the digest come?" in asked
    again = await _type(bot, "25:99")
    assert again.startswith("“25:99” is not a time of day") and "When should" in again
    assert (await _type(bot, "7:30 pm")).startswith("All set: a digest at 19:30 (Europe/Kyiv)")
    # The question is over: a later "thanks!" is no answer to anything.
    assert await _type(bot, "thanks!") == "I answer commands: see /help."
    assert _subscriber(bot, user.id).digest_times == ["19:30"]


async def test_type_it_and_a_country_with_several_zones(bot: BotHarness) -> None:
    user = User()
    await bot.command("start")
    prompt = await _press(bot, "ask:tz", _last(bot, user.id))
    assert prompt == ["Type your city, your country, a zone such as Europe/Kyiv or UTC+2."]
    assert _last(bot, user.id).get("reply_markup") is None  # a reply field, no buttons
    choices = await _type(bot, "United States")
    assert choices == "Which of its time zones?"
    offered = _buttons(_last(bot, user.id))
    assert offered["Chicago · UTC-5"] == "ask:tz:America/Chicago"
    asked = await _press(bot, offered["Chicago · UTC-5"], _last(bot, user.id))
    assert "Time zone: America/Chicago (UTC-5)." in asked[0]
    # /settings with a country asks which zone too, and the choice is saved.
    await bot.command("help")
    assert await bot.command("settings", "tz united states") == "Which of its time zones?"
    saved = await _press(bot, "ask:tz:America/Denver", _last(bot, user.id))
    assert saved[0].startswith("<b>Saved.")
    assert _subscriber(bot, user.id).timezone == "America/Denver"


async def test_a_command_ends_the_question_and_is_answered(bot: BotHarness) -> None:
    user = User()
    await bot.command("start")
    question = _last(bot, user.id)
    assert "What the bot can do" in await bot.command("help")
    # Its buttons are gone; text is no longer taken as the answer.
    gone = bot.server.message(user.id, question["message_id"])
    assert gone is not None and "reply_markup" not in gone
    assert await _type(bot, "kyiv") == "I answer commands: see /help."
    assert _subscriber(bot, user.id).timezone == "UTC"
    # /settings during a question is the settings, not an answer either.
    await bot.command("settings")
    await _press(bot, "set:times", _last(bot, user.id))
    assert (await bot.command("settings")).startswith("<b>Settings</b>")
    assert await _type(bot, "9") == "I answer commands: see /help."


async def test_an_unanswered_question_expires(bot_factory: BotFactory) -> None:
    bot: BotHarness = await bot_factory(question_timeout=1)
    user = User()
    await bot.command("start")
    question = _last(bot, user.id)
    # The conversation's timeout job takes the buttons away when the question expires.
    await bot.server.wait_for_calls_async(
        "editMessageReplyMarkup", chat_id=user.id, message_id=question["message_id"], timeout=30
    )
    assert await _type(bot, "thanks!") == "I answer commands: see /help."
    assert _subscriber(bot, user.id).timezone == "UTC"


async def test_in_a_group_the_admin_answers_by_replying(bot: BotHarness) -> None:
    group = Chat.supergroup(-1001000000888, title="Readers")
    owner = User(id=3101, first_name="Olha", username="olha")
    bot.server.set_member_status(group.id, owner.id, "creator")
    assert (await bot.command("start", chat=group, user=owner)).startswith("Subscribed")
    question = _last(bot, group.id)
    # Chatter that replies to nobody is not an answer (and gets no reply).
    bot.server.push_message("kyiv", chat=group, user=owner)
    answered = await _type(
        bot, "kyiv", user=owner, chat=group, extra={"reply_to_message": question}
    )
    assert "When should the digest come?" in answered
    assert _subscriber(bot, group.id).timezone == "Europe/Kyiv"
    done = await _press(bot, "ask:times:08:00", _last(bot, group.id), user=owner)
    assert done[0].startswith("All set: a digest at 08:00 (Europe/Kyiv)")
