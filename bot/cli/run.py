"""``newsdigest run``: the bot and its scheduler in one process."""

from __future__ import annotations

import click

from bot.cli.base import UserError, get_runtime, get_settings

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

    Polls sources, analyses and clusters new articles and sends each subscriber's digest at
    their hours. Stop it with Ctrl-C; a restart resumes where it stopped.
    """
    settings = get_settings(ctx)
    token = settings.telegram_token
    if token is None or not token.get_secret_value().strip():
        raise UserError(NO_TOKEN)
    from bot.app import run_bot

    run_bot(get_runtime(ctx))
