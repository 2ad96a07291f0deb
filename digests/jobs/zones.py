"""Time zones as people name them: a zone in any case ("europe/kyiv"), a zone's city ("kyiv",
"new york", "Київ"), a country ("Ukraine", "Україна") or a UTC offset ("UTC+2", "+02:00", "GMT-5").

Pure: no database; ``now`` is given. The data is kept by others and ships with the packages,
nothing is downloaded: the IANA database (``zoneinfo``, with the ``tzdata`` package, whose
``tzdata.zi`` also says which names are links, so "Europe/Kiev" is stored as "Europe/Kyiv"), and
CLDR through Babel: each zone's city and each country's name in the reader's languages, the zones
of each country, and one representative zone per Windows zone ("golden" zones, e.g. New York for
US Eastern), which picks the zone of a country that has several (Ukraine: Kyiv) or offers them.

What is stored is always a valid IANA name; a whole-hour offset is the IANA fixed zone
("Etc/GMT-2" is UTC+2, the sign is POSIX's), shown to people as "UTC+2" (``zone_name``).
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from importlib import resources

__all__ = [
    "ZoneMatch",
    "ZoneProblem",
    "ZoneTextError",
    "canonical",
    "city_name",
    "find_zone",
    "language_zone",
    "utc_offset",
    "zone_name",
]

# Zones of a country offered as choices when CLDR names no representative one.
_MAX_CHOICES = 8
# How alike a misspelt name must be to a known one to be offered: at most one edit in five
# letters (Damerau-Levenshtein, so a swap of two letters is one edit).
_GUESS_SIMILARITY = 0.8
_OFFSET = re.compile(
    r"(?:utc|gmt|ut|z|всч|грінвіч)?\s*(?P<sign>[+\-−–])\s*(?P<hours>[0-9]{1,2})"
    r"(?:\s*[:.]?\s*(?P<minutes>[0-9]{2}))?(?:\s*(?:h|hours?|год))?"
)
_UTC_WORDS = frozenset({"utc", "gmt", "ut", "z", "zulu", "etc/utc", "etc/gmt", "всч"})
# Names in the database that are no place anyone lives in.
_NOT_PLACES = frozenset({"Factory", "localtime", "posixrules"})


class ZoneProblem(StrEnum):
    """Why a text names no time zone (the bot words each in the reader's language)."""

    EMPTY = "empty"
    UNKNOWN = "unknown"
    NO_ZONE_AT_OFFSET = "no-zone-at-offset"


@dataclass(frozen=True)
class ZoneTextError(ValueError):
    """A text that names no time zone."""

    problem: ZoneProblem
    text: str

    def __str__(self) -> str:
        if self.problem is ZoneProblem.NO_ZONE_AT_OFFSET:
            return f"no time zone keeps the offset {self.text!r} all year: name a city"
        return f"unknown time zone {self.text!r} (e.g. Kyiv, Europe/Kyiv, UTC+2)"


@dataclass(frozen=True)
class ZoneMatch:
    """What a text names: one zone, or (a country with several, a near miss) zones to choose."""

    zone: str | None = None
    choices: tuple[str, ...] = field(default_factory=tuple)
    # True when the choices are guesses at a misspelt name rather than a country's zones.
    guessed: bool = False


def _fold(text: str) -> str:
    """Case, accents, hyphens and spacing aside: "São Paulo", "SAO_PAULO", "Нью-Йорк" and "нью
    йорк" are each one key."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("_", " "))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w/+]+", " ", plain).split())


@lru_cache(maxsize=1)
def _links() -> dict[str, str]:
    """IANA link name -> its zone ("Europe/Kiev" -> "Europe/Kyiv"), from tzdata's tzdata.zi."""
    try:
        text = resources.files("tzdata.zoneinfo").joinpath("tzdata.zi").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    links = {}
    for line in text.splitlines():
        if line.startswith("L "):
            _kind, target, name = line.split()[:3]
            links[name] = target
    return links


def canonical(name: str) -> str:
    """The IANA zone a name stands for (a link's target; itself otherwise); UTC is "UTC"."""
    links = _links()
    seen = {name}
    while name in links and links[name] not in seen:
        name = links[name]
        seen.add(name)
    return "UTC" if name in {"Etc/UTC", "UTC"} else name


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    """Folded IANA name -> the name as the database spells it, for every zone and link."""
    return {_fold(name): name for name in zoneinfo.available_timezones() if name not in _NOT_PLACES}


@lru_cache(maxsize=1)
def _golden() -> frozenset[str]:
    from babel.core import get_global

    return frozenset(canonical(zone) for zone in get_global("windows_zone_mapping").values())


def _country_zones(territory: str) -> list[str]:
    from babel.core import get_global

    known = _zones().values()
    zones = dict.fromkeys(canonical(z) for z in get_global("territory_zones").get(territory, ()))
    return [zone for zone in zones if zone in known]


def _country_match(territory: str) -> ZoneMatch | None:
    zones = _country_zones(territory)
    if len(zones) == 1:
        return ZoneMatch(zone=zones[0])
    golden = [zone for zone in zones if zone in _golden()]
    if len(golden) == 1:
        return ZoneMatch(zone=golden[0])
    choices = tuple((golden or zones)[:_MAX_CHOICES])
    return ZoneMatch(choices=choices) if choices else None


@lru_cache(maxsize=16)
def _place_names(language: str) -> dict[str, tuple[str, ...]]:
    """Folded place name -> the zones it may mean, in one language: every zone's city as CLDR
    names it there (and as the IANA name spells it), and every country's name ("ZONE:" + code)."""
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_timezone_location

    names: dict[str, set[str]] = defaultdict(set)
    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return {}
    for folded, name in _zones().items():
        zone = canonical(name)
        city = folded.rsplit("/", 1)[-1]
        names[city].add(zone)
        try:
            local = get_timezone_location(name, locale=locale, return_city=True)
        except (LookupError, ValueError):
            local = ""
        if local:
            names[_fold(local)].add(zone)
    for code, country in locale.territories.items():
        if len(code) == 2 and code.isalpha():
            names[_fold(country)].add(f"ZONE:{code}")
    return {name: tuple(sorted(zones)) for name, zones in names.items() if name}


def _offset_zone(sign: str, hours: int, minutes: int, *, now: datetime) -> str:
    """The zone that keeps the offset all year: IANA's Etc zone for whole hours, else a golden
    zone (or any) whose offset is the same in January and in July."""
    total = (hours * 60 + minutes) * (-1 if sign in "-−–" else 1)
    if minutes == 0 and -12 <= total // 60 <= 14:
        hours_east = total // 60
        return "UTC" if hours_east == 0 else f"Etc/GMT{-hours_east:+d}"
    wanted = timedelta(minutes=total)
    year = now.year
    steady = sorted(
        {
            canonical(name)
            for name in _zones().values()
            if not name.startswith("Etc/")
            and all(
                datetime(year, month, 1, tzinfo=zoneinfo.ZoneInfo(name)).utcoffset() == wanted
                for month in (1, 7)
            )
        },
        key=lambda zone: (zone not in _golden(), zone),
    )
    if not steady:
        raise ZoneTextError(ZoneProblem.NO_ZONE_AT_OFFSET, f"{sign}{hours:02d}:{minutes:02d}")
    return steady[0]


def _resolve(zones: Iterable[str]) -> ZoneMatch | None:
    found: list[str] = []
    for entry in zones:
        if entry.startswith("ZONE:"):
            match = _country_match(entry.removeprefix("ZONE:"))
            if match is None:
                continue
            found.extend([match.zone] if match.zone else match.choices)
            if match.zone is None and len(set(found)) > 1:
                return ZoneMatch(choices=tuple(dict.fromkeys(found))[:_MAX_CHOICES])
        else:
            found.append(entry)
    unique = tuple(dict.fromkeys(found))
    if not unique:
        return None
    if len(unique) == 1:
        return ZoneMatch(zone=unique[0])
    return ZoneMatch(choices=unique[:_MAX_CHOICES])


def find_zone(text: str, *, languages: Sequence[str], now: datetime) -> ZoneMatch:
    """The time zone ``text`` names, looked up in these ``languages`` (CLDR codes); ZoneTextError
    when it names none and nothing is near enough to offer."""
    typed = " ".join(text.split())
    folded = _fold(typed)
    if not folded:
        raise ZoneTextError(ZoneProblem.EMPTY, typed)
    if folded in _UTC_WORDS:
        return ZoneMatch(zone="UTC")
    offset = _OFFSET.fullmatch(typed.casefold())
    if offset is not None:
        zone = _offset_zone(
            offset["sign"], int(offset["hours"]), int(offset["minutes"] or 0), now=now
        )
        return ZoneMatch(zone=zone)
    exact = _zones().get(folded)
    if exact is not None:
        return ZoneMatch(zone=canonical(exact))
    tables = [_place_names(language) for language in dict.fromkeys(languages)]
    for candidate in _candidates(typed):
        for table in tables:
            found = _resolve(table.get(candidate, ()))
            if found is not None:
                return found
    return _guess(folded, tables, typed)


def _candidates(typed: str) -> list[str]:
    """What to look up, most specific first: the whole text, the place before a comma ("Kyiv,
    Ukraine"), then ever fewer of its words ("New York City" is known as "New York")."""
    place = _fold(typed.split(",")[0])
    words = place.split()
    shorter = [" ".join(words[:size]) for size in range(len(words) - 1, 0, -1)]
    return list(dict.fromkeys([_fold(typed), place, place.replace(" ", ""), *shorter]))


def _guess(folded: str, tables: Sequence[dict[str, tuple[str, ...]]], typed: str) -> ZoneMatch:
    from rapidfuzz import process
    from rapidfuzz.distance import DamerauLevenshtein

    names = sorted({name for table in tables for name in table})
    # Edits, transpositions included ("Lodnon"), against names of about the same length.
    near = process.extract(
        folded,
        [name for name in names if abs(len(name) - len(folded)) <= 2],
        scorer=DamerauLevenshtein.normalized_similarity,
        limit=3,
        score_cutoff=_GUESS_SIMILARITY,
    )
    zones: list[str] = []
    for name, _score, _index in near:
        for table in tables:
            found = _resolve(table.get(name, ()))
            if found is not None:
                zones.extend([found.zone] if found.zone else found.choices)
    choices = tuple(dict.fromkeys(zones))[:_MAX_CHOICES]
    if not choices:
        raise ZoneTextError(ZoneProblem.UNKNOWN, typed)
    return ZoneMatch(choices=choices, guessed=True)


def language_zone(language_code: str | None) -> str | None:
    """The zone most readers of a language live in, when CLDR's likely country for it has one
    ("uk" -> Ukraine -> Europe/Kyiv, "pl" -> Europe/Warsaw; "en" -> the US, several: None)."""
    if not language_code:
        return None
    from babel import Locale, UnknownLocaleError

    try:
        territory = Locale.parse(language_code.replace("-", "_")).territory
        if territory is None:
            from babel.core import get_global

            likely = get_global("likely_subtags").get(language_code.split("-")[0].lower(), "")
            territory = likely.rsplit("_", 1)[-1] if "_" in likely else None
    except (UnknownLocaleError, ValueError):
        return None
    match = _country_match(territory) if territory else None
    return match.zone if match is not None else None


def zone_name(zone: str) -> str:
    """A stored zone as people read it: "Etc/GMT-2" is "UTC+2"; others as they are."""
    fixed = re.fullmatch(r"Etc/GMT([+-])([0-9]{1,2})", zone)
    if fixed is None:
        return "UTC" if zone in {"Etc/UTC", "Etc/GMT"} else zone
    return f"UTC{'-' if fixed[1] == '+' else '+'}{int(fixed[2])}"


def utc_offset(zone: str, *, now: datetime) -> str:
    """The zone's offset at ``now``: "UTC+3", "UTC+5:30", "UTC"."""
    offset = now.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def city_name(zone: str, language: str) -> str:
    """The zone's city in ``language`` ("Europe/Kyiv" in Ukrainian: "Київ"); fixed offsets as
    ``zone_name`` shows them."""
    if zone == "UTC" or zone.startswith("Etc/"):
        return zone_name(zone)
    from babel import Locale, UnknownLocaleError
    from babel.dates import get_timezone_location

    try:
        return str(get_timezone_location(zone, locale=Locale.parse(language), return_city=True))
    except (UnknownLocaleError, LookupError, ValueError):
        return zone.rsplit("/", 1)[-1].replace("_", " ")
