"""The command group, shared options, and the one place errors become one-line messages."""

from __future__ import annotations

import logging
import sys
import traceback
from typing import Any

import click

from bot.parsing import MAX_ID, parse_id
from bot.runtime import Runtime, open_runtime
from bot.settings import Settings, SettingsError, load_settings
from storage.errors import StorageError

__all__ = ["ID", "UserError", "cli", "get_runtime", "get_settings", "main"]


class UserError(click.ClickException):
    """A problem the user can fix; printed as one line, exit status 1."""

    def format_message(self) -> str:
        return self.message


class _IdType(click.ParamType):
    """A database id: ASCII digits from 1 to MAX_ID ("²" and 20 digits are refused clearly)."""

    name = "id"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        found = parse_id(str(value))
        if found is None:
            self.fail(f"{value!r} is not an id: give a number from 1 to {MAX_ID}", param, ctx)
        return found


ID = _IdType()


class _State:
    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.runtime: Runtime | None = None


def get_settings(ctx: click.Context) -> Settings:
    """Settings, read once per invocation."""
    state: _State = ctx.ensure_object(_State)
    if state.settings is None:
        state.settings = load_settings()
    return state.settings


def get_runtime(ctx: click.Context) -> Runtime:
    """The runtime (database connected and migrated), opened once per invocation."""
    state: _State = ctx.ensure_object(_State)
    if state.runtime is None:
        state.runtime = open_runtime(get_settings(ctx))
        ctx.call_on_close(state.runtime.close)
    return state.runtime


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.version_option(package_name="newsdigest")
def cli(verbose: int) -> None:
    """NewsDigest: news sources in, summarized Telegram digests out.

    Settings come from NEWSDIGEST_* environment variables and ./.env; see the README.
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs request URLs, and Bot API URLs carry the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point: known errors become one line on stderr and exit status 1."""
    try:
        return cli.main(args=argv, prog_name="newsdigest", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("newsdigest: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        click.echo(f"newsdigest: error: {exc.format_message()}", err=True)
        if isinstance(exc, click.UsageError) and exc.ctx is not None:
            click.echo(f"Try '{exc.ctx.command_path} --help'.", err=True)
        sys.exit(exc.exit_code)
    except (SettingsError, StorageError) as exc:
        click.echo(f"newsdigest: error: {exc}", err=True)
        sys.exit(1)
    except Exception as exc:
        # A bug: the traceback is for the report, the bot token never in it.
        click.echo(_masked("".join(traceback.format_exception(exc))), err=True, nl=False)
        sys.exit(1)


def _masked(text: str) -> str:
    from bot.app import install_token_masking, mask_secrets

    try:
        token = load_settings().telegram_token
    except SettingsError:
        token = None
    if token is not None and token.get_secret_value().strip():
        install_token_masking(token.get_secret_value().strip())
    return mask_secrets(text)
