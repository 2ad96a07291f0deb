"""Times of day as people type them: "7", "7am", "7:30 pm", "19.30", "0800", "08:00, 18:30".

Pure: no database, no clock. This is the one reader of a time of day: the bot's questions and
``/settings``, ``NEWSDIGEST_DEFAULT_DIGEST_TIME``, the scheduler reading stored digest times and
quiet hours, and the operator's status all come here, so "8" means 08:00 everywhere. What is
stored is always "HH:MM" (``hhmm``).

A time is an hour with optional minutes after ":", "." or "h" (or four digits, "0730"), and an
optional half of the day ("am", "p.m.", Ukrainian "ранку", "вечора"); times are separated by
commas, semicolons, spaces or "and". The words are data (``_MORNING``, ``_AFTERNOON``,
``_NAMED``, ``_FILLERS``), not branches of code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from enum import StrEnum

__all__ = ["TimeProblem", "TimeTextError", "hhmm", "parse_time_of_day", "parse_times"]

# Halves of the day as written after an hour; a 12-hour clock reading ("7 вечора" is 19:00).
_MORNING = ("am", "a.m.", "a.m", "a. m.", "ранку", "зранку", "вранці", "уранці")
_AFTERNOON = ("pm", "p.m.", "p.m", "p. m.", "вечора", "ввечері", "дня", "пополудні")
# Times named by a word.
_NAMED = {
    "noon": time(12, 0),
    "midday": time(12, 0),
    "midnight": time(0, 0),
    "полудень": time(12, 0),
    "опівдні": time(12, 0),
    "північ": time(0, 0),
    "опівночі": time(0, 0),
}
# Words between times that say nothing about them ("at 7 and 19", "о 7 та 19").
_FILLERS = ("and", "at", "та", "і", "й", "о", "об")


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    # Longest first, so "a.m." wins over "a.m".
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PART = re.compile(
    r"\s*(?:"
    rf"(?P<filler>[,;/&+]|(?:{_alternation(_FILLERS)})(?!\w))"
    rf"|(?P<named>(?:{_alternation(list(_NAMED))})(?!\w))"
    # ASCII digits only: "²" and "٣" are digits to str.isdigit, not to a reader of times.
    r"|(?P<hour>[0-9]{1,2})(?:[:.h]?(?P<minute>[0-9]{2}))?(?![0-9])"
    rf"(?:\s*(?P<morning>{_alternation(_MORNING)})(?!\w)"
    rf"|\s*(?P<afternoon>{_alternation(_AFTERNOON)})(?!\w))?"
    r")"
)


class TimeProblem(StrEnum):
    """Why a text is not a list of times (the bot words each in the reader's language)."""

    EMPTY = "empty"
    NOT_A_TIME = "not-a-time"
    TOO_MANY = "too-many"


@dataclass(frozen=True)
class TimeTextError(ValueError):
    """A text that is not a time of day (or a list of them): what is wrong and where."""

    problem: TimeProblem
    text: str
    limit: int = 0

    def __str__(self) -> str:
        if self.problem is TimeProblem.TOO_MANY:
            return f"at most {self.limit} times"
        if self.problem is TimeProblem.EMPTY:
            return "no time of day given"
        return f"{self.text!r} is not a time of day (e.g. 8, 7:30 pm, 19:30)"


def _clock(hour: int, minute: int, *, morning: bool, afternoon: bool) -> time | None:
    if minute > 59:
        return None
    if morning or afternoon:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if afternoon else 0)
    elif hour > 23:
        return None
    return time(hour, minute)


def _word_at(text: str, position: int) -> str:
    """The space-separated word of ``text`` that holds ``position``: what the reader typed."""
    while position < len(text) and text[position].isspace():
        position += 1
    start = text.rfind(" ", 0, position) + 1
    end = text.find(" ", position)
    return text[start : end if end >= 0 else len(text)].strip(",;")


def parse_times(text: str, *, limit: int = 0) -> list[time]:
    """Every time of day in ``text``, sorted, each once; TimeTextError when anything else is
    there ("'thanks!' is not a time of day") or, with ``limit``, when there are more."""
    folded = text.casefold().strip()
    found: set[time] = set()
    position = 0
    while position < len(folded):
        match = _PART.match(folded, position)
        if match is None or match.end() == position:
            if not folded[position:].strip():
                break
            raise TimeTextError(TimeProblem.NOT_A_TIME, _word_at(folded, position))
        position = match.end()
        if match["filler"]:
            continue
        if match["named"]:
            found.add(_NAMED[match["named"]])
            continue
        at = _clock(
            int(match["hour"]),
            int(match["minute"] or 0),
            morning=bool(match["morning"]),
            afternoon=bool(match["afternoon"]),
        )
        if at is None:
            raise TimeTextError(TimeProblem.NOT_A_TIME, match.group().strip())
        found.add(at)
    if not found:
        raise TimeTextError(TimeProblem.EMPTY, text)
    if limit and len(found) > limit:
        raise TimeTextError(TimeProblem.TOO_MANY, text, limit)
    return sorted(found)


def parse_time_of_day(text: str) -> time:
    """Exactly one time of day ("8" is 08:00, "7:30 pm" 19:30); TimeTextError otherwise."""
    times = parse_times(text)
    if len(times) != 1:
        raise TimeTextError(TimeProblem.NOT_A_TIME, text.strip())
    return times[0]


def hhmm(at: time) -> str:
    """The stored form of a time of day: "08:00"."""
    return at.strftime("%H:%M")
