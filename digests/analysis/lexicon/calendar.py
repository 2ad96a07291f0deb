"""The calendar's own words: months, weekdays, seasons, holidays, days, parts of a day, numbers.

Word classes only (the names of the calendar's units and of numbers), never words seen in
particular articles. The date patterns and readings (``dates``), the page stamps and bylines of
``furniture``, the datelines and the publication dates of sources are all built from these.
"""

from __future__ import annotations

from digests.analysis.lexicon import word_list

__all__ = [
    "DAY_WORDS",
    "HOLIDAYS",
    "MONTHS",
    "MONTH_PREFIXES",
    "NUMBERS",
    "ORDINALS",
    "PARTS_OF_DAY",
    "SEASONS",
    "TENS",
    "THIS_PARTS_OF_DAY",
    "WEEKDAYS",
    "WEEKDAY_ABBREVIATIONS",
]


def _numbered(names: tuple[tuple[str, ...], ...], start: int) -> dict[str, int]:
    return {name: number for number, forms in enumerate(names, start=start) for name in forms}


# Month names as running text writes them, full and abbreviated, with the month's number.
MONTHS: dict[str, int] = _numbered(
    (
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    1,
)
# The three letters every form of a month opens with ("Sept." and "September" alike).
MONTH_PREFIXES: tuple[str, ...] = tuple(dict.fromkeys(name[:3] for name in MONTHS))

# Weekday names as running text writes them, with Python's weekday number (Monday 0).
WEEKDAYS: dict[str, int] = _numbered(
    (
        ("monday",),
        ("tuesday", "tues"),
        ("wednesday",),
        ("thursday", "thurs"),
        ("friday",),
        ("saturday",),
        ("sunday",),
    ),
    0,
)
# Three-letter weekdays of page stamps and tables ("Mon, June 23"): never read in running text,
# where "wed", "sat" and "sun" are words of their own.
WEEKDAY_ABBREVIATIONS: dict[str, int] = {
    abbreviation: number
    for name, number in WEEKDAYS.items()
    if (abbreviation := name[:3]) not in WEEKDAYS
}

# Season -> (TimeML code, first month in the northern hemisphere).
SEASONS: dict[str, tuple[str, int]] = {
    "spring": ("SP", 3),
    "summer": ("SU", 6),
    "fall": ("FA", 9),
    "autumn": ("FA", 9),
    "winter": ("WI", 12),
}

# Holidays with a fixed calendar rule: (month, day) or (month, weekday, nth; -1 for the last).
HOLIDAYS: dict[str, tuple[int, int] | tuple[int, int, int]] = {
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
    "boxing day": (12, 26),
    "valentine's day": (2, 14),
    "halloween": (10, 31),
    "thanksgiving day": (11, 3, 4),
    "thanksgiving": (11, 3, 4),
}

# Words that name a day by its distance from the publication day.
DAY_WORDS = ("today", "tonight", "yesterday", "tomorrow")
# Parts of a day: "Thursday morning" is one time expression, headed by "morning".
PARTS_OF_DAY = frozenset({"morning", "afternoon", "evening", "night", "noon", "midnight", "dawn"})
# The parts "this" makes today's ("this morning"); "this night" is not how news says tonight.
THIS_PARTS_OF_DAY = ("morning", "afternoon", "evening")

# Number words up to twenty ("a"/"an" count one: "a year ago"), and the tens.
NUMBERS: dict[str, int] = {
    word: value
    for value, word in enumerate(
        word_list(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen"
            " fourteen fifteen sixteen seventeen eighteen nineteen twenty"
        )
    )
} | {"a": 1, "an": 1}
TENS: dict[str, int] = {
    word: 10 * value
    for value, word in enumerate(
        word_list("twenty thirty forty fifty sixty seventy eighty ninety"), 2
    )
}
# Ordinal words a day of the month or a rank is said with ("the fifth of May", "third quarter").
ORDINALS: dict[str, int] = _numbered(
    tuple(
        (word,)
        for word in word_list(
            "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
            " thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
        )
    ),
    1,
) | {"thirtieth": 30}
