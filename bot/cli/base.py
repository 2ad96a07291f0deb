"""The command group, shared options, and the one place errors become one-line messages."""

from __future__ import annotations

import logging
import sys
import traceback
from typing import Any

import click

from bot.container import Container, build
from bot.parsing import MAX_ID, parse_id
from bot.settings import Settings, SettingsError, load_settings
from storage.errors import StorageError

__all__ = [
    "ID",
    "UserError",
    "cli",
    "for_reading",
    "for_writing",
    "get_container",
    "get_settings",
    "main",
    "override_settings",
]


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
        self.container: Container | None = None
        self.schema_checked = False


def get_settings(ctx: click.Context) -> Settings:
    """Settings, read once per invocation."""
    state: _State = ctx.ensure_object(_State)
    if state.settings is None:
        state.settings = load_settings()
    return state.settings


def override_settings(ctx: click.Context, **changes: Any) -> Settings:
    """Settings for this invocation with ``changes`` (before the container is built)."""
    state: _State = ctx.ensure_object(_State)
    if state.container is not None:
        raise RuntimeError("settings changed after the container was built")
    state.settings = get_settings(ctx).model_copy(update=changes)
    return state.settings


def get_container(ctx: click.Context) -> Container:
    """The composition root's container, built once per invocation (no database asked yet)."""
    state: _State = ctx.ensure_object(_State)
    if state.container is None:
        state.container = build(get_settings(ctx))
        ctx.call_on_close(state.container.dispose)
    return state.container


def _checked(ctx: click.Context, *, migrate: bool) -> Container:
    container = get_container(ctx)
    state: _State = ctx.ensure_object(_State)
    if not state.schema_checked:
        container.check_schema(migrate=migrate)
        state.schema_checked = True
    return container


def for_writing(ctx: click.Context) -> Container:
    """The container with its database connected and migrated to the newest schema."""
    return _checked(ctx, migrate=True)


def for_reading(ctx: click.Context) -> Container:
    """The container with its database connected and at the newest schema (never migrated:
    an older one stops the command with one line saying to run `newsdigest db upgrade`)."""
    return _checked(ctx, migrate=False)


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
    from bot.masking import install_token_masking, mask_secrets

    try:
        token = load_settings().bot_token
    except SettingsError:
        token = ""
    if token:
        install_token_masking(token)
    return mask_secrets(text)
