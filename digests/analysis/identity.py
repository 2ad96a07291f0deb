"""One person per real person across articles: when two people found are one, and merging them.

A full name decides: "Jill Biden" and "Joe Biden" share a surname but not a given name, so they
stay two; "Saeb Erakat" and "Saeb Erekat" are one. A surname alone joins a full name only when
nothing contradicts it.
"""

from __future__ import annotations

from collections.abc import Iterable

from digests.analysis.models import PersonFound
from digests.analysis.names import names_match, normalize_name

__all__ = ["merge_people", "person_keys", "same_person"]


def person_keys(person: PersonFound) -> frozenset[str]:
    """Normalized keys of a person's name and aliases, as stored for lookups."""
    return frozenset(k for k in (normalize_name(n) for n in (person.name, *person.aliases)) if k)


def _full_keys(person: PersonFound) -> list[str]:
    keys = person_keys(person)
    return [k for k in keys if len(k.split()) > 1] or list(keys)


def same_person(a: PersonFound, b: PersonFound) -> bool:
    """Whether two people found in different articles are one real person."""
    main_a, main_b = normalize_name(a.name), normalize_name(b.name)
    if len(main_a.split()) > 1 and len(main_b.split()) > 1:
        return names_match(main_a, main_b)
    return any(names_match(x, y) for x in _full_keys(a) for y in _full_keys(b))


def merge_people(groups: Iterable[Iterable[PersonFound]]) -> tuple[PersonFound, ...]:
    """People from several articles merged into one entry per real person (aliases united)."""
    merged: list[PersonFound] = []
    for group in groups:
        for person in group:
            for i, known in enumerate(merged):
                if same_person(known, person):
                    merged[i] = _combine(known, person)
                    break
            else:
                merged.append(person)
    return tuple(merged)


def _combine(a: PersonFound, b: PersonFound) -> PersonFound:
    names = [a.name, *a.aliases, b.name, *b.aliases]
    main = a.name if len(a.name) >= len(b.name) or b.mentions <= a.mentions else b.name
    seen = {normalize_name(main)}
    aliases: list[str] = []
    for name in names:
        key = normalize_name(name)
        if key and key not in seen:
            seen.add(key)
            aliases.append(name)
    roles = [r for r in (a.role, b.role) if r]
    return PersonFound(
        name=main,
        aliases=tuple(aliases),
        role=max(roles, key=len) if roles else None,
        mentions=a.mentions + b.mentions,
        first_position=min(a.first_position, b.first_position),
    )
