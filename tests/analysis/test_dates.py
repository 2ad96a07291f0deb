"""Dated events, rule by rule, on short sentences quoted from real news (TimeML, MEANTIME,
CNN/DailyMail, Multi-News): each sentence, its publication day, and the dates it must give.

The corpora are not needed: the sentences are quoted here, the real spaCy pipeline parses them.
"""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from digests.analysis.dates import Direction, find_events, read_expression
from digests.analysis.models import DatedEvent, DatePrecision, PartialDate
from digests.stories.timeline import overview_key


def _events(nlp: Language, text: str, published: str) -> list[DatedEvent]:
    doc = nlp(text)
    positions = {sent.start: index for index, sent in enumerate(doc.sents)}
    day = PartialDate(date.fromisoformat(published), DatePrecision.DAY)
    return list(find_events(doc, day, positions=positions))


def _dates(nlp: Language, text: str, published: str) -> list[str]:
    return sorted(str(e.date) for e in _events(nlp, text, published))


# (sentence, publication day, the dates it gives)
WEEKDAYS = [
    # A weekday that names the publication day is that day, past tense or not.
    (
        "Suspected bombs exploded outside the U.S. embassies in the Kenyan and Tanzanian "
        "capitals Friday, killing dozens of people.",
        "1998-08-07",
        ["1998-08-07"],
    ),
    (
        "At least 82 were killed and more than 1,700 injured, officials said as dawn broke "
        "Saturday.",
        "1998-08-08",
        ["1998-08-08"],
    ),
    (
        "Smith announced plans Friday to shut down about 1,100 of its dealerships.",
        "2009-05-15",
        ["2009-05-15"],
    ),
    # Past tense and reporting verbs: the most recent such day before publication.
    (
        "Contrary to other reports, the FBI and Kenyan police said Monday that a suspect who "
        "was returned from Pakistan had not admitted any role in the crimes.",
        "1998-08-18",
        ["1998-08-17"],
    ),
    # The future: the next one.
    (
        "The team planned to leave Nairobi on Thursday for Dar es Salaam.",
        "1998-09-30",
        ["1998-10-01"],
    ),
    # A planned event's date beside the planning verb is after the planning.
    (
        "Protesters planned a large demonstration in Little Havana on Saturday.",
        "2000-01-07",
        ["2000-01-08"],
    ),
    (
        "Police said the gunman planned the attack on Tuesday.",
        "2000-01-07",
        ["2000-01-04"],
    ),
    (
        "The trial is set to begin on Wednesday in the Royal Courts of Justice, located in "
        "central London.",
        "2006-03-28",
        ["2006-03-29"],
    ),
    (
        "The monarch will meet Bush on Thursday in Kennebunkport, Maine.",
        "1990-08-15",
        ["1990-08-16"],
    ),
    (
        "Denise O'Donnell, the U.S. attorney in Buffalo, has scheduled a news conference "
        "Thursday to announce a major development.",
        "1999-05-05",
        ["1999-05-06"],
    ),
    # A deadline is later than the verb that sets it.
    (
        "In its latest deadline, the U.S. Immigration and Naturalization Service has given "
        "the Miami relatives until 9 a.m. Tuesday to sign a paper.",
        "2000-04-03",
        ["2000-04-04"],
    ),
    # Since: the past, whatever the parse made of it.
    (
        "The search for a comic book artist missing in the Cayman Islands since Thursday is "
        "now being called a recovery mission.",
        "2015-04-10",
        ["2015-04-09"],
    ),
    # A weekday beside a day of the month picks the year in which they agree.
    (
        "The New York Times said in an editorial on Monday, Oct. 26, that the law is unfair.",
        "1998-10-25",
        ["1998-10-26"],
    ),
]

MONTHS = [
    # A month or day without a year: the occurrence the tense makes true.
    (
        "Kopp is also a suspect in sniper shootings that injured abortion doctors in November "
        "in Vancouver, British Columbia.",
        "1999-05-06",
        ["1998-11"],
    ),
    (
        "He was last seen Nov. 3, the day before authorities issued a material witness warrant "
        "in the Slepian shooting.",
        "1999-05-07",
        ["1998-11-03"],
    ),
    (
        "Air Force Lieutenant Colonel Eileen Collins will be named commander of the Space "
        "Shuttle Columbia for a mission in December.",
        "1998-03-04",
        ["1998-12"],
    ),
    (
        "The three are expected to join in April, as part of marking NATO's 50th anniversary.",
        "1998-12-05",
        ["1999-04"],
    ),
    # Without a tense to tell (a date naming an event), the nearest, leaning to the past.
    (
        "Meissner gave no reason for the Jan. 14 deadline.",
        "2000-01-05",
        ["2000-01-14"],
    ),
    (
        "Investigators have been searching for Kopp since shortly after the Oct. 23 slaying.",
        "1999-05-06",
        ["1998-10-23"],
    ),
    (
        "A June 3 hearing has been scheduled in the US Bankruptcy Court to determine whether "
        "the move should be approved.",
        "2009-05-14",
        ["2009-06-03"],
    ),
    (
        "Nashua's stock has fluctuated sharply on takeover speculation, rising to a high for "
        "the year of $42.875 a share in June from $29.75 in March.",
        "1989-10-30",
        ["1989-03", "1989-06"],
    ),
    (
        "Dealers placed heavy buy orders in the morning to start the first trading day for "
        "November transactions.",
        "1989-10-30",
        ["1989-11"],
    ),
]

RELATIVE = [
    (
        "NATO warplanes helped end the war in Bosnia almost four years ago.",
        "1999-03-12",
        ["1995"],
    ),
    (
        "The 6-year-old Cuban whose rescue off Florida's coast two months ago set off a "
        "tug-of-war between his relatives.",
        "2000-01-28",
        ["1999-11"],
    ),
    (
        "Kopp's 1987 Chevrolet Cavalier was discovered last month at Newark, N.J., "
        "International Airport.",
        "1999-01-22",
        ["1998-12"],
    ),
    (
        "Poland, Hungary and the Czech Republic today became full-fledged members of NATO.",
        "1999-03-12",
        ["1999-03-12"],
    ),
    (
        "Dealerships whose franchises won't be renewed after October of next year will receive "
        "a private letter.",
        "2009-05-15",
        ["2010-10"],
    ),
    (
        "Elian was found Thanksgiving Day clinging to an inner tube at sea.",
        "2000-01-07",
        ["1999-11-25"],
    ),
    (
        "Atlanta nineteen ninety-six. A bomb blast shocks the Olympic games.",
        "1998-02-27",
        ["1996"],
    ),
    (
        "International Women's Day is this coming Sunday, March eighth.",
        "1998-03-05",
        ["1998-03-08"],
    ),
    # A list gives each of its dates.
    (
        "Following are statements made Friday and Thursday by Lawrence Wechsler, a lawyer for "
        "the White House secretary.",
        "1998-02-06",
        ["1998-02-05", "1998-02-06"],
    ),
    # "A year ago" as the baseline of a comparison dates no event.
    (
        "Sales increased in the quarter ended Sept. 30 to $747.8 million from $623.5 million a "
        "year ago.",
        "1989-10-26",
        ["1989-09-30"],
    ),
]

NOT_EVENTS = [
    # An address, a copyright line, a programme's title, a recurrence, a generic "today's",
    # photo captions, a date stamp: no date of an event.
    (
        "The incident was reported around 10:30 a.m. at the Jared Vault at 4000 Arrowhead "
        "Boulevard. No one was injured.",
        "2017-06-16",
    ),
    ("Copyright 2016 WFAA", "2016-05-01"),
    (
        'Gowdy said on "Fox News Sunday" that he believed the FBI should see the memo before '
        "it comes out.",
        "2018-02-01",
    ),
    (
        "And protests have been held outside the offices every Friday since the shutoffs began.",
        "2014-07-21",
    ),
    ("It's a byproduct of today's society.", "2015-04-01"),
    (
        "President Donald Trump speaks during a news conference in the East Room of the White "
        "House in Washington, Thursday, Feb. 16, 2017. (AP Photo/Pablo Martinez Monsivais)",
        "2017-02-17",
    ),
    (
        "FILE - This Nov. 16, 2015 file photo suspected Phoenix freeway shooter Leslie Allen "
        "Merritt Jr. talks with his attorney.",
        "2016-04-26",
    ),
    ("March 10, 2015 .\n\nThis page has the show's transcript.", "2015-03-10"),
    (
        "However it has in recent years been struggling with poor product quality.",
        "2006-08-19",
    ),
    # A holiday naming its season, not its day.
    (
        "As a result of successful Christmas sales, the very beginning of the financial year "
        "marked a double increase of the Apple's sales.",
        "2007-01-18",
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), WEEKDAYS)
def test_weekdays(nlp: Language, text: str, published: str, expected: list[str]) -> None:
    assert _dates(nlp, text, published) == expected


@pytest.mark.parametrize(("text", "published", "expected"), MONTHS)
def test_months_and_days_without_a_year(
    nlp: Language, text: str, published: str, expected: list[str]
) -> None:
    assert _dates(nlp, text, published) == expected


@pytest.mark.parametrize(("text", "published", "expected"), RELATIVE)
def test_relative_lists_holidays_spoken(
    nlp: Language, text: str, published: str, expected: list[str]
) -> None:
    assert _dates(nlp, text, published) == expected


@pytest.mark.parametrize(("text", "published"), NOT_EVENTS)
def test_dates_of_no_event(nlp: Language, text: str, published: str) -> None:
    assert _dates(nlp, text, published) == []


def test_ranges_keep_both_ends(nlp: Language) -> None:
    (years,) = _events(
        nlp,
        "Kopp is a suspect in three non-fatal sniper attacks on Canadian abortion providers, "
        "and one near Rochester, N.Y., between 1994 and 1997.",
        "1999-05-07",
    )
    assert (str(years.date), str(years.until)) == ("1994", "1997")
    (days,) = _events(
        nlp,
        "The leaders will meet at the NATO Washington summit on April 24 and 25.",
        "1999-02-10",
    )
    assert (str(days.date), str(days.until)) == ("1999-04-24", "1999-04-25")


def test_vague_periods_keep_a_precision_of_their_own(nlp: Language) -> None:
    (week,) = _events(
        nlp,
        "Officials said last week that six people were in custody for questioning about the "
        "bombing.",
        "1998-08-18",
    )
    # The week before the one of Tuesday 18 August: that of Monday 10 August, ISO week 33.
    assert week.date.precision is DatePrecision.WEEK and str(week.date) == "1998-W33"
    assert not week.date.is_calendar
    (quarter,) = _events(
        nlp,
        "General Motors announced it has lost US$ 6 billion in the first quarter of 2009.",
        "2009-05-07",
    )
    assert (str(quarter.date), quarter.date.is_calendar) == ("2009-Q1", False)
    (season,) = _events(
        nlp,
        "Dr. Barnett Slepian was heating soup in his kitchen last fall when he was gunned down.",
        "1999-05-07",
    )
    assert str(season.date) == "1998-FA"


def test_event_text_is_its_clause_without_the_dateline(nlp: Language) -> None:
    events = _events(
        nlp,
        "WASHINGTON, August 8 (Xinhua) -- President Bill Clinton Saturday vowed to hunt down "
        "and bring to justice those who were responsible for the bombings.",
        "1998-08-08",
    )
    # The dateline's date is the publication's, not an event of its own.
    assert [(e.expression, str(e.date)) for e in events] == [("Saturday", "1998-08-08")]
    assert events[0].text.startswith("President Bill Clinton Saturday vowed")
    founding, speech = _events(
        nlp,
        "NATO's mission has changed dramatically since its founding in 1949, a time when the "
        "West was intent on halting the westward spread of Soviet-led communism -- a threat "
        "Winston Churchill warned about in his famous ``Iron Curtain'' speech delivered on "
        "March 5, 1946, at Westminster College in Fulton, Mo., 130 miles east of here.",
        "1999-03-12",
    )
    assert founding.text.startswith("NATO's mission has changed dramatically since")
    # A long sentence gives way to the phrase around the date, for the later date in it.
    assert str(speech.date) == "1946-03-05"
    assert "speech delivered on March 5, 1946" in speech.text
    assert not speech.text.startswith("NATO's mission")


FRIDAY = PartialDate(date(1998, 8, 7), DatePrecision.DAY)


@pytest.mark.parametrize(
    ("expression", "direction", "expected"),
    [
        ("Friday", Direction.PAST, "1998-08-07"),
        ("Friday", Direction.FUTURE, "1998-08-07"),
        ("last Friday", Direction.UNKNOWN, "1998-07-31"),
        ("next Friday", Direction.UNKNOWN, "1998-08-14"),
        ("Tuesday", Direction.PAST, "1998-08-04"),
        ("Tuesday", Direction.FUTURE, "1998-08-11"),
        ("Tuesday", Direction.LATER, "1998-08-11"),
        ("December", Direction.PAST, "1997-12"),
        ("December", Direction.FUTURE, "1998-12"),
        ("this September", Direction.PAST, "1998-09"),
        ("last November", Direction.UNKNOWN, "1997-11"),
        ("the 1990s", Direction.UNKNOWN, "1990s"),
        ("the winter of nineteen ninety-four", Direction.UNKNOWN, "1994-WI"),
        ("the week of March 6", Direction.FUTURE, "1999-W09"),
        ("the last week of March", Direction.PAST, "1998-W13"),
        ("the 2009-10 season", Direction.UNKNOWN, "2009"),
        ("Christmas", Direction.PAST, "1997-12-25"),
        ("42 years ago", Direction.UNKNOWN, "1956"),
        ("the first half", Direction.UNKNOWN, None),
        ("the following year", Direction.UNKNOWN, None),
        ("the past year", Direction.UNKNOWN, None),
        ("in recent years", Direction.UNKNOWN, None),
        ("may", Direction.UNKNOWN, None),
    ],
)
def test_read_expression(expression: str, direction: Direction, expected: str | None) -> None:
    found = read_expression(expression, FRIDAY, direction=direction)
    assert (str(found.date) if found else None) == expected


def test_overview_news_newest_first_background_after() -> None:
    published = date(1998, 9, 7)
    day = PartialDate(date(1998, 8, 13), DatePrecision.DAY)
    last_year = PartialDate(date(1997, 1, 1), DatePrecision.YEAR)
    long_ago = PartialDate(date(1980, 1, 1), DatePrecision.YEAR)
    ahead = PartialDate(date(1998, 10, 1), DatePrecision.MONTH)

    def key(when: PartialDate) -> tuple[int, int, int]:
        return overview_key(when.start, when.precision, published)

    assert sorted([long_ago, last_year, day, ahead], key=key) == [ahead, day, last_year, long_ago]
    assert key(long_ago)[0] == 1 and key(day)[0] == 0


def test_dates_beyond_the_calendar_are_none() -> None:
    year_three = PartialDate(date(3, 2, 20), DatePrecision.DAY)
    assert read_expression("five years ago", year_three) is None
    assert read_expression("999 days ago", year_three) is None
    last_day = PartialDate(date(9999, 12, 31), DatePrecision.DAY)
    assert read_expression("tomorrow", last_day) is None
    assert read_expression("next Monday", last_day) is None
