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
    from telegram.error import InvalidToken, NetworkError

    from bot.app import run_bot
    from bot.masking import install_token_masking, mask_secrets

    install_token_masking(token)
    api = settings.telegram_api_url
    try:
        # Asked once before the bot starts, so a wrong token or URL is one line, not PTB's
        # logged tracebacks (its message for a rejected token quotes the token).
        asyncio.run(_check_bot_api(token, api))
    except InvalidToken:
        raise UserError(
            f"the Bot API rejected the token (at {api}): check NEWSDIGEST_TELEGRAM_TOKEN"
        ) from None
    except NetworkError as exc:
        raise UserError(
            f"cannot reach the Bot API at {api}: {mask_secrets(str(exc))} "
            "(check NEWSDIGEST_TELEGRAM_API_URL and the network)"
        ) from None
    container = for_writing(ctx)
    run_bot(container, on_ready=click.echo)


async def _check_bot_api(token: str, api_url: str) -> None:
    """getMe once: InvalidToken when the token is refused, NetworkError when nobody answers."""
    from telegram import Bot

    async with Bot(token, base_url=api_url):
        pass
