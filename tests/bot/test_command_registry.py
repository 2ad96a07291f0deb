"""The command registry keeps the menu, /help and the README honest."""

from __future__ import annotations

import re
from pathlib import Path

from bot.commands import COMMANDS, help_text, menu

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_command_is_valid_for_set_my_commands() -> None:
    names = [command.name for command in COMMANDS]
    assert len(names) == len(set(names))
    for command in COMMANDS:
        assert re.fullmatch(r"[a-z0-9_]{1,32}", command.name)
        assert 3 <= len(command.description) <= 256
    assert [c.command for c in menu(admin=True)] == names
    assert all(not c.admin_only for c in COMMANDS if c.name in {m.command for m in menu()})


def test_help_comes_from_the_registry() -> None:
    public = help_text()
    admin = help_text(admin=True)
    for command in COMMANDS:
        assert (f"/{command.name}" in public) is (not command.admin_only)
        assert f"/{command.name}" in admin


def test_every_command_is_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [c.name for c in COMMANDS if not re.search(rf"/{c.name}\b", text)]
    assert not missing, f"commands missing from README.md: {missing}"
