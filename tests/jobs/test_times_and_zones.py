"""Times of day and time zones as people type them, read by the one reader each; the next digest.

The same readers serve the bot's questions, /settings, the settings from the environment and the
scheduler, so these cases hold everywhere (the bot's tests send the same forms through Telegram).
"""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from digests.jobs.schedule import ScheduleError, next_digest_at, next_slot
from digests.jobs.times import TimeProblem, TimeTextError, hhmm, parse_time_of_day, parse_times
from digests.jobs.zones import (
    ZoneProblem,
    ZoneTextError,
    canonical,
    city_name,
    find_zone,
    language_zone,
    utc_offset,
    zone_name,
)

NOW = datetime(2024, 5, 29, 12, 0, tzinfo=UTC)
LANGUAGES = ("en", "uk")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("7", ["07:00"]),
        ("8", ["08:00"]),
        ("7am", ["07:00"]),
        ("7 AM", ["07:00"]),
        ("7 a.m.", ["07:00"]),
        ("7:30 pm", ["19:30"]),
        ("7.30pm", ["19:30"]),
        ("12am", ["00:00"]),
        ("12 p.m.", ["12:00"]),
        ("19.30", ["19:30"]),
        ("19:30", ["19:30"]),
        ("0800", ["08:00"]),
        ("8h30", ["08:30"]),
        ("08:00, 18:30", ["08:00", "18:30"]),
        ("18:30 08:00", ["08:00", "18:30"]),
        ("7; 7:00", ["07:00"]),
        ("at 7 and 19", ["07:00", "19:00"]),
        ("noon", ["12:00"]),
        ("7 вечора", ["19:00"]),
        ("9 ранку", ["09:00"]),
        ("о 7 та 19", ["07:00", "19:00"]),
    ],
)
def test_times_as_people_type_them(typed: str, expected: list[str]) -> None:
    assert [hhmm(at) for at in parse_times(typed)] == expected


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("25:99", "25:99"),
        ("24:00", "24:00"),
        ("13pm", "13pm"),
        ("8:5", "8:5"),
        ("08:60", "08:60"),
        ("thanks!", "thanks!"),
        ("7 thanks", "thanks"),
        ("²:00", "²:00"),
        ("<b>8</b>", "<b>8</b>"),
    ],
)
def test_what_is_not_a_time_is_named(typed: str, word: str) -> None:
    with pytest.raises(TimeTextError) as caught:
        parse_times(typed)
    assert (caught.value.problem, caught.value.text) == (TimeProblem.NOT_A_TIME, word)


def test_empty_too_many_and_exactly_one() -> None:
    with pytest.raises(TimeTextError) as caught:
        parse_times("  ,  ")
    assert caught.value.problem is TimeProblem.EMPTY
    with pytest.raises(TimeTextError) as caught:
        parse_times("1 2 3 4", limit=3)
    assert (caught.value.problem, caught.value.limit) == (TimeProblem.TOO_MANY, 3)
    assert parse_time_of_day("7:30 pm") == time(19, 30)
    with pytest.raises(TimeTextError):
        parse_time_of_day("7, 19")


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("kyiv", "Europe/Kyiv"),
        ("Kyiv", "Europe/Kyiv"),
        ("Europe/kyiv", "Europe/Kyiv"),
        ("EUROPE/KIEV", "Europe/Kyiv"),  # a link: stored as the zone it names
        ("kiev", "Europe/Kyiv"),
        ("new york", "America/New_York"),
        ("New York City", "America/New_York"),
        ("Kyiv, Ukraine", "Europe/Kyiv"),
        ("Київ", "Europe/Kyiv"),
        ("Нью-Йорк", "America/New_York"),
        ("sao paulo", "America/Sao_Paulo"),
        ("Ukraine", "Europe/Kyiv"),  # two zones in CLDR, one of them representative
        ("Україна", "Europe/Kyiv"),
        ("Poland", "Europe/Warsaw"),
        ("UTC", "UTC"),
        ("gmt", "UTC"),
        ("UTC+2", "Etc/GMT-2"),
        ("+02:00", "Etc/GMT-2"),
        ("utc +3", "Etc/GMT-3"),
        ("GMT-5", "Etc/GMT+5"),
        ("UTC+14", "Etc/GMT-14"),
        ("UTC+5:30", "Asia/Colombo"),  # no Etc zone: one that keeps +05:30 all year
        ("+05:45", "Asia/Kathmandu"),
    ],
)
def test_zones_as_people_name_them(typed: str, zone: str) -> None:
    found = find_zone(typed, languages=LANGUAGES, now=NOW)
    assert (found.zone, found.choices) == (zone, ())


def test_a_country_with_several_zones_and_a_near_miss_offer_choices() -> None:
    usa = find_zone("United States", languages=LANGUAGES, now=NOW)
    assert usa.zone is None and not usa.guessed
    assert {"America/New_York", "America/Chicago", "America/Los_Angeles"} <= set(usa.choices)
    assert len(usa.choices) <= 8
    typo = find_zone("Lodnon", languages=LANGUAGES, now=NOW)
    assert (typo.zone, typo.choices, typo.guessed) == (None, ("Europe/London",), True)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("Mars/Base", ZoneProblem.UNKNOWN),
        ("thanks!", ZoneProblem.UNKNOWN),
        ("<script>alert(1)</script>", ZoneProblem.UNKNOWN),
        ("", ZoneProblem.EMPTY),
        ("UTC+15", ZoneProblem.NO_ZONE_AT_OFFSET),
        ("UTC-3:30", ZoneProblem.NO_ZONE_AT_OFFSET),  # St John's keeps it only in winter
    ],
)
def test_what_names_no_zone_is_refused(typed: str, problem: ZoneProblem) -> None:
    with pytest.raises(ZoneTextError) as caught:
        find_zone(typed, languages=LANGUAGES, now=NOW)
    assert caught.value.problem is problem


def test_zones_as_people_read_them() -> None:
    assert (zone_name("Etc/GMT-2"), zone_name("Etc/GMT+5"), zone_name("Europe/Kyiv")) == (
        "UTC+2",
        "UTC-5",
        "Europe/Kyiv",
    )
    assert utc_offset("Europe/Kyiv", now=NOW) == "UTC+3"
    assert utc_offset("Europe/Kyiv", now=datetime(2024, 1, 10, tzinfo=UTC)) == "UTC+2"
    assert utc_offset("Asia/Kolkata", now=NOW) == "UTC+5:30"
    assert city_name("Europe/Kyiv", "uk") == "Київ"
    assert city_name("America/New_York", "en") == "New York"
    assert canonical("Europe/Kiev") == "Europe/Kyiv" and canonical("Etc/UTC") == "UTC"
    assert (language_zone("uk"), language_zone("pl"), language_zone("en")) == (
        "Europe/Kyiv",
        "Europe/Warsaw",
        None,  # the US has several
    )


def test_the_next_digest_is_the_schedulers_rule() -> None:
    # 07:00 in New York is 11:00 UTC: past at noon, so tomorrow's; Kyiv's 16:00 is 13:00 UTC.
    assert next_slot(NOW, times=["07:00"], tz="America/New_York") == datetime(
        2024, 5, 30, 11, 0, tzinfo=UTC
    )
    schedules = [("America/New_York", ["07:00"]), ("Europe/Kyiv", ["16:00"]), ("Mars/X", ["1"])]
    assert next_digest_at(schedules, now=NOW) == datetime(2024, 5, 29, 13, 0, tzinfo=UTC)
    # A stored "8" means 08:00 here as in the scheduler and in /settings.
    assert next_digest_at([("UTC", ["8"])], now=NOW) == datetime(2024, 5, 30, 8, 0, tzinfo=UTC)
    with pytest.raises(ScheduleError):
        next_slot(NOW, times=["25:00"], tz="UTC")
