"""The README stays honest: every setting, every CLI command and the CI test command are in it."""

from __future__ import annotations

import re
from pathlib import Path

import click

from bot.cli import cli
from bot.settings import ENV_PREFIX, Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "newsdigest") -> list[str]:
    names = []
    for name, command in group.commands.items():
        names.append(f"{prefix} {name}")
        if isinstance(command, click.Group):
            names += _commands(command, f"{prefix} {name}")
    return names


def test_every_setting_is_documented() -> None:
    for field in Settings.model_fields:
        assert f"`{ENV_PREFIX}{field.upper()}`" in README, field


def test_every_cli_command_is_documented() -> None:
    for command in _commands(cli):
        words = command.split()
        # "newsdigest sources add" may be written "sources add" inside a table cell.
        assert re.search(r"\b" + re.escape(" ".join(words[1:])) + r"\b", README), command


def test_every_command_has_help() -> None:
    ctx = click.Context(cli)
    for name, command in cli.commands.items():
        assert command.get_short_help_str(), name
        assert command.get_help(ctx), name


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    test_command = next(b for b in blocks if "pytest" in b)
    assert test_command.strip() in ci
