"""The bot's profile as the test server keeps it: command menus per scope and language, and the
description and short description per language, checked as Telegram checks them (``checks``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .checks import commands_for, description_for, scope_and_language
from .state import scope_key

if TYPE_CHECKING:
    from .methods import Backend, Method, Params, Uploads

__all__ = ["PROFILE_METHODS"]


def _set_my_commands(api: Backend, params: Params, uploads: Uploads) -> Any:
    commands, scope, language = commands_for(params)
    with api.state.changed:
        api.state.commands[(scope_key(scope), language)] = commands
        api.state.notify()
    return True


def _get_my_commands(api: Backend, params: Params, uploads: Uploads) -> Any:
    scope, language = scope_and_language(params)
    with api.state.lock:
        return list(api.state.commands.get((scope_key(scope), language), []))


def _set_description(field: str, limit: int) -> Method:
    def method(api: Backend, params: Params, uploads: Uploads) -> Any:
        text, language = description_for(params, field=field, limit=limit)
        with api.state.changed:
            if text:
                api.state.descriptions[(field, language)] = text
            else:
                # An empty text removes the description for that language.
                api.state.descriptions.pop((field, language), None)
            api.state.notify()
        return True

    return method


def _get_description(field: str) -> Method:
    def method(api: Backend, params: Params, uploads: Uploads) -> Any:
        _text, language = description_for({**params, field: ""}, field=field, limit=0)
        with api.state.lock:
            return {field: api.state.descriptions.get((field, language), "")}

    return method


PROFILE_METHODS: dict[str, Callable[..., Any]] = {
    "setMyCommands": _set_my_commands,
    "getMyCommands": _get_my_commands,
    # Telegram's limits: 512 characters for the description, 120 for the short one.
    "setMyDescription": _set_description("description", 512),
    "getMyDescription": _get_description("description"),
    "setMyShortDescription": _set_description("short_description", 120),
    "getMyShortDescription": _get_description("short_description"),
}
