"""Questions the bot asks and waits for: the time zone, the digest times, the quiet hours.

One python-telegram-bot ``ConversationHandler`` asks them all, per chat and user. ``/start``
subscribes and asks the time zone, then the digest time (onboarding); the /settings buttons ask
one of them. A question offers buttons (likely zones, usual hours) and takes a typed answer as
people write it ("kyiv", "UTC+2", "7:30 pm"), read by the readers every part of NewsDigest uses
(``bot.parsing`` over ``digests.jobs.times`` and ``digests.jobs.zones``). A wrong answer says
why and asks the same question again; any command ends the question (and is answered as
usual); a question left unanswered for NEWSDIGEST_QUESTION_TIMEOUT seconds expires and its
buttons go. In groups a typed answer must reply to the question (privacy mode shows the bot
nothing else), and only the chat's admins may answer.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Sequence
from typing import Any

from telegram import ForceReply, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.context import Context
from bot.errors import UsageError
from bot.handlers.common import (
    Asker,
    asker,
    escape,
    may_configure,
    reply,
    require_configurer,
    subscribed,
    tell_admins_only,
    translator,
)
from bot.handlers.pending import (
    Pending,
    drop_buttons,
    question_asked,
    remember,
)
from bot.handlers.prompts import (
    ANSWER_PREFIX,
    ASKED,
    TYPE_IT,
    Question,
    markup,
    zone_keyboard,
    zone_languages,
)
from bot.handlers.settings_view import CALLBACK_PREFIX, describe_settings, settings_keyboard
from bot.i18n import Translator
from bot.parsing import parse_digest_times, parse_quiet_hours, parse_timezone
from digests.jobs.zones import ZoneMatch, utc_offset, zone_name
from storage import subscribers
from storage.models import Subscriber

__all__ = [
    "Question",
    "answer",
    "ask",
    "conversation",
    "entry",
    "stopping",
]

log = logging.getLogger(__name__)


def _remember_asked(
    update: Update,
    context: Context,
    question: Question,
    onboarding: bool,
    where: Asker,
    sent: Message | None,
) -> None:
    """The question now waiting in this chat, with the message that asked it."""
    remember(
        update,
        context,
        Pending(
            question,
            onboarding,
            where.thread_id,
            where.chat_id,
            sent.message_id if sent is not None else None,
        ),
    )


async def _send(
    update: Update, text: str, markup: InlineKeyboardMarkup | ForceReply
) -> Message | None:
    message = update.effective_message
    if message is None:
        return None
    return await message.reply_text(text, reply_markup=markup, do_quote=False)


async def ask(
    update: Update,
    context: Context,
    question: Question,
    *,
    onboarding: bool,
    intro: str = "",
    _: Translator | None = None,
) -> Question:
    """Ask ``question`` (with its buttons) and wait for the answer; ``intro`` goes before it."""
    _ = _ or await translator(update, context)
    where = asker(update)
    text = (intro + "\n\n" if intro else "") + escape(_(ASKED[question]))
    sent = await _send(update, text, markup(question, update, context, _))
    if where is not None:
        _remember_asked(update, context, question, onboarding, where, sent)
    return question


async def offer_zones(
    update: Update, context: Context, match: ZoneMatch, _: Translator, *, onboarding: bool
) -> Question:
    """A country with several zones, or a near miss: the choices as buttons; the question waits."""
    header = _("Did you mean:") if match.guessed else _("Which of its time zones?")
    keyboard = zone_keyboard(list(match.choices), _, context)
    sent = await _send(update, escape(header), keyboard)
    where = asker(update)
    if where is not None:
        message_id = sent.message_id if sent is not None else None
        remember(
            update,
            context,
            Pending(Question.TZ, onboarding, where.thread_id, where.chat_id, message_id),
        )
    return Question.TZ


def _done(sub: Subscriber, _: Translator) -> str:
    return escape(
        _(
            "All set: a digest at {times} ({zone}) every day. /digest sends one now, /settings "
            "changes this, /help lists the rest."
        ).format(times=", ".join(sub.digest_times), zone=zone_name(sub.timezone))
    )


async def answer(
    update: Update, context: Context, question: Question, text: str, *, onboarding: bool
) -> object:
    """Apply an answer: the next question, the end, or the same question again with the reason
    a wrong answer is wrong. Also ``/settings tz|times|quiet VALUE``."""
    _ = await translator(update, context)
    found = await subscribed(update, context, _)
    if found is None:
        remember(update, context, None)
        return ConversationHandler.END
    sub = found[1]
    try:
        change: dict[str, Any]
        if question is Question.TZ:
            languages = zone_languages(update, _)
            now = context.container.clock.now()
            match = await asyncio.to_thread(parse_timezone, text, languages=languages, now=now)
            if match.zone is None:
                return await offer_zones(update, context, match, _, onboarding=onboarding)
            change = {"timezone": match.zone}
        elif question is Question.TIMES:
            change = {"digest_times": parse_digest_times(text)}
        else:
            change = {"quiet": parse_quiet_hours(text)}
    except UsageError as exc:
        return await ask(
            update, context, question, onboarding=onboarding, intro=escape(exc.translated(_)), _=_
        )
    updated = await context.container.db(subscribers.update_settings, sub.id, **change)
    if onboarding and question is Question.TZ:
        now = context.container.clock.now()
        intro = _("Time zone: {zone} ({offset}).").format(
            zone=zone_name(updated.timezone), offset=utc_offset(updated.timezone, now=now)
        )
        return await ask(update, context, Question.TIMES, onboarding=True, intro=escape(intro), _=_)
    remember(update, context, None)
    if onboarding:
        await reply(update, _done(updated, _))
    else:
        saved = describe_settings(updated, _, saved=True)
        await reply(update, saved, keyboard=settings_keyboard(updated, _))
    return ConversationHandler.END


# A callback's way of saying "not an answer of mine": the update goes on to the other handlers.
_PASS = object()


async def _pressed(update: Update, context: Context) -> object:
    """A button of a question: an answer, or "type it"."""
    query = update.callback_query
    where = asker(update)
    if query is None or where is None:
        return _PASS
    if not await require_configurer(update, context):
        return None
    field, _sep, value = (query.data or "").removeprefix(ANSWER_PREFIX).partition(":")
    _ = await translator(update, context)
    if field not in {Question.TZ, Question.TIMES}:
        await query.answer(_("This button is no longer valid; send /settings again."))
        return ConversationHandler.END
    question = Question(field)
    pending = question_asked(update, context)
    onboarding = pending is not None and pending.onboarding and pending.question is question
    await query.answer()
    message = query.message
    if message is not None:
        await drop_buttons(context, message.chat.id, message.message_id)
    if not value:
        sent = await _send(update, escape(_(TYPE_IT[question])), ForceReply(selective=True))
        _remember_asked(update, context, question, onboarding, where, sent)
        return question
    return await answer(update, context, question, value, onboarding=onboarding)


def _typed(question: Question) -> Any:
    async def typed(update: Update, context: Context) -> object:
        """A text while ``question`` waits: the answer, unless it is plainly not one."""
        where, message = asker(update), update.effective_message
        if where is None or message is None or message.text is None:
            return _PASS
        pending = question_asked(update, context)
        if pending is not None and pending.thread_id != where.thread_id:
            return _PASS  # said in another forum topic
        if not where.is_private:
            replied = message.reply_to_message
            author = replied.from_user if replied is not None else None
            if author is None or author.id != context.bot.id:
                return _PASS  # group chatter, not a reply to the bot
        if not await may_configure(update, context):
            await tell_admins_only(update)
            return None
        onboarding = pending.onboarding if pending is not None else False
        return await answer(update, context, question, message.text, onboarding=onboarding)

    typed.__name__ = f"typed_{question}"
    return typed


async def _asked_from_settings(update: Update, context: Context) -> object:
    """The /settings buttons for times, time zone and quiet hours ask the question."""
    query = update.callback_query
    if query is None:
        return _PASS
    if not await require_configurer(update, context):
        return ConversationHandler.END
    _ = await translator(update, context)
    await query.answer()
    if await subscribed(update, context, _) is None:
        return ConversationHandler.END
    question = Question((query.data or "").removeprefix(CALLBACK_PREFIX))
    return await ask(update, context, question, onboarding=False, _=_)


async def _ended(update: Update, context: Context) -> object:
    """A command during a question ends it; the command is then answered as usual."""
    pending = question_asked(update, context)
    remember(update, context, None)
    if pending is not None:
        await drop_buttons(context, pending.chat_id, pending.message_id)
    return _PASS_AND_END


async def _expired(update: object, context: Context) -> object:
    """A question nobody answered in time: it ends, and its buttons go."""
    if not isinstance(update, Update):
        return ConversationHandler.END
    pending = question_asked(update, context)
    remember(update, context, None)
    if pending is not None:
        # After the conversation has ended (python-telegram-bot ends it once this returns): a
        # message the reader sends when the buttons go is never taken for a late answer.
        context.application.create_task(
            drop_buttons(context, pending.chat_id, pending.message_id), update=update
        )
    return ConversationHandler.END


# Ends the conversation without keeping the update from the other handlers (the command).
_PASS_AND_END = object()


def entry(command: Any) -> Any:
    """A command that may ask a question, as an entry of the conversation: a question it
    interrupts ends first (its buttons go), then the command runs and says what comes next."""

    async def run(update: Update, context: Context) -> object:
        pending = question_asked(update, context)
        if pending is not None:
            remember(update, context, None)
            await drop_buttons(context, pending.chat_id, pending.message_id)
        return await command(update, context)

    run.__name__ = getattr(command, "__name__", "command")
    return stopping(run)


def stopping(callback: Any) -> Any:
    """Run a conversation callback; unless it passes the update on, no other handler sees it
    (``ApplicationHandlerStop`` with the next state: PTB's way for a conversation in a group of
    its own)."""
    from telegram.ext import ApplicationHandlerStop

    async def run(update: Update, context: Context) -> object:
        result = await callback(update, context)
        if result is _PASS:
            return None
        if result is _PASS_AND_END:
            return ConversationHandler.END
        raise ApplicationHandlerStop(result)

    run.__name__ = getattr(callback, "__name__", "question")
    return run


def conversation(entry_points: Sequence[BaseHandler[Any, Any, Any]], *, timeout: float) -> Any:
    """The one ConversationHandler of the bot's questions; ``entry_points`` are the commands that
    ask (``/start``, ``/subscribe``, ``/settings``), already wrapped in ``stopping``."""
    message = filters.UpdateType.MESSAGE
    waiting: dict[object, list[BaseHandler[Update, Any, object]]] = {
        question: [
            CallbackQueryHandler(stopping(_pressed), pattern=f"^{ANSWER_PREFIX}"),
            MessageHandler(message & filters.TEXT & ~filters.COMMAND, stopping(_typed(question))),
        ]
        for question in Question
    }
    with warnings.catch_warnings():
        # PTB warns that with per_message=False a CallbackQueryHandler is tracked per chat and
        # user, not per message: that is what these questions want.
        warnings.simplefilter("ignore", PTBUserWarning)
        return ConversationHandler(
            entry_points=[
                *entry_points,
                CallbackQueryHandler(
                    stopping(_asked_from_settings),
                    pattern=f"^{CALLBACK_PREFIX}({'|'.join(q.value for q in Question)})$",
                ),
                CallbackQueryHandler(stopping(_pressed), pattern=f"^{ANSWER_PREFIX}"),
            ],
            states={
                **waiting,
                ConversationHandler.TIMEOUT: [TypeHandler(Update, _expired)],
            },
            fallbacks=[MessageHandler(message & filters.COMMAND, stopping(_ended))],
            allow_reentry=True,
            conversation_timeout=timeout,
            name="questions",
        )
