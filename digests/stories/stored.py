"""A story's view as stored: plain JSON derived from the dataclasses' fields and type hints.

The form is not written by hand: pydantic reads ``StoryView``'s fields and type hints (nested
dataclasses, tuples, enums, dates, ``PartialDate``) both ways, so a field added to the models
is stored and read back with no change here. A stored view carries a version key: this
module's ``STORED_VIEW_VERSION``, a fingerprint of the dataclasses' shape (field names and
types, recursively) and the options the view was built with. A view stored under another key
is not read back; the caller builds it again from its articles.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import typing
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from digests.stories.exceptions import StoredViewError
from digests.stories.models import StoryView

__all__ = [
    "STORED_VIEW_VERSION",
    "dump_view",
    "load_view",
    "stored_article_ids",
    "type_shape",
    "view_key",
]

# Bump when ``build_story`` gives another result for the same articles (a new way to pick the
# summary or the quotes): views stored by the older code are then built again. Changes to the
# dataclasses' fields are noticed on their own (the shape fingerprint).
STORED_VIEW_VERSION = 3


@cache
def _adapter() -> TypeAdapter[StoryView]:
    return TypeAdapter(StoryView)


def type_shape(kind: Any, seen: frozenset[Any] = frozenset()) -> str:
    """A canonical text of a type: dataclass fields with their types, enum values, generics."""
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        if kind in seen:
            return kind.__qualname__
        hints = typing.get_type_hints(kind)
        fields = ",".join(
            f"{f.name}:{type_shape(hints[f.name], seen | {kind})}" for f in dataclasses.fields(kind)
        )
        return f"{kind.__qualname__}({fields})"
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return f"{kind.__qualname__}<{','.join(str(m.value) for m in kind)}>"
    args = typing.get_args(kind)
    if args:
        origin = typing.get_origin(kind)
        name = getattr(origin, "__qualname__", None) or str(origin)
        return f"{name}[{','.join(type_shape(arg, seen) for arg in args)}]"
    return getattr(kind, "__qualname__", None) or str(kind)


@cache
def _fingerprint() -> str:
    return hashlib.sha256(type_shape(StoryView).encode()).hexdigest()[:12]


def view_key(*, max_quotes: int) -> str:
    """The version key of a view built with ``max_quotes`` key quotes by this code."""
    return f"{STORED_VIEW_VERSION}.{_fingerprint()}.q{max_quotes}"


def dump_view(view: StoryView) -> dict[str, Any]:
    """The view as JSON-able data."""
    data: dict[str, Any] = _adapter().dump_python(view, mode="json")
    return data


def load_view(data: Any) -> StoryView:
    """A stored view read back; StoredViewError names the problem when it does not fit."""
    try:
        return _adapter().validate_python(data)
    except ValidationError as exc:
        errors = exc.errors()
        where = ".".join(str(part) for part in errors[0]["loc"]) if errors else "?"
        problem = errors[0]["msg"] if errors else str(exc)
        raise StoredViewError(f"stored story view unreadable at {where}: {problem}") from exc


def stored_article_ids(data: Any) -> list[int] | None:
    """The ids of the articles a stored view was built from, without reading the rest of it;
    None when the data does not hold them."""
    try:
        return [int(article["article_id"]) for article in data["articles"]]
    except (KeyError, TypeError, ValueError):
        return None
