"""``newsdigest run``: the bot and its scheduler in one process."""

from __future__ import annotations

import asyncio

import click

from bot.cli.base import UserError, for_writing, get_settings

__all__ = ["run"]

NO_TOKEN = (
    "no Telegram bot token: create a bot with @BotFather (https://t.me/BotFather), then "
    "set NEWSDIGEST_TELEGRAM_TOKEN (or TELEGRAM_BOT_TOKEN); to see a digest without one, "
    "try `newsdigest demo`"
)


@click.command("run")
@click.pass_context
def run(ctx: click.Context) -> None:
    """Run the Telegram bot with its scheduler (long polling; webhook if NEWSDIGEST_WEBHOOK_URL).

    Polls sources, analyses and clusters new articles (what is waiting, at once) and sends each
    subscriber's digest at their hours. Prints one line when it is ready: the bot, the database,
    its sources and subscribers, and the next digest. Stop it with Ctrl-C; a restart resumes
    where it stopped.
    """
    settings = get_settings(ctx)
    token = settings.bot_token
    if not token:
        raise UserError(NO_TOKEN)
    from bot.api_check import ApiProblem, check_bot_api
    from bot.app import run_bot
    from bot.masking import install_token_masking, mask_secrets

    install_token_masking(token)
    try:
        # Asked once before the bot starts, so a wrong token or URL is one line, not PTB's
        # logged tracebacks (its message for a rejected token quotes the token, and a web page
        # answering instead of the Bot API is logged whole).
        asyncio.run(check_bot_api(token, settings.telegram_api_url))
    except ApiProblem as exc:
        raise UserError(mask_secrets(str(exc))) from None
    container = for_writing(ctx)
    run_bot(container, on_ready=click.echo)
