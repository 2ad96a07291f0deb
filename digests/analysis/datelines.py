"""Datelines at the head of an article: "<CITY> (<Agency>) -", "(CNN) --", "<CITY>, <Region> |".

A dateline is the place (in capitals, or in any case when an agency follows), a date, and an
agency in parentheses or slashes, closed by a dash, a bar or a colon, before the first sentence;
it tells where the report was filed, not what happened, so it is cut before analysis, titles and
summaries see the text. Only the form is used, never a list of places or agencies.

Two readings of that form: ``strip_dateline`` cuts one from the head of an article's first
paragraph at ingestion; ``dateline_length`` measures one a sentence still opens with after it
(agency copy such as "WASHINGTON, Aug. 8 (Agency) _ ..."), so the analysis neither dates an
event by the dateline's date nor quotes it in an event's text.
"""

from __future__ import annotations

import re

from digests.analysis.lexicon import alternatives
from digests.analysis.lexicon.calendar import MONTHS

__all__ = ["dateline_length", "strip_dateline"]

_CAP_WORD = r"[A-Z][\w.'’&-]*"
# "(CNN)", "(Reuters)", "(The Hollywood Reporter)": one to five capitalised words.
_AGENCY_WORD = r"[A-Z][\w.'’&/-]*"
_AGENCY = rf"\((?:{_AGENCY_WORD}|of|and)(?:\s+(?:{_AGENCY_WORD}|of|and)){{0,4}}\)"
_SLASH_AGENCY = r"/[A-Z][\w.&'’ -]{1,30}/"
_SEPARATOR = r"(?:\s*(?:--|[-–—|]|:(?=\s)))"
_MONTH = rf"(?:{alternatives(name.title() for name in MONTHS)})\.?"
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}})"
# "NEW YORK", "COLUMBIA, S.C.", "CHRISTCHURCH, New Zealand", "GAZA/JERUSALEM".
_CAPS_PLACE = (
    r"[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]+){0,3}"
    rf"(?:,\s*{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,2}})?"
)
# "Seoul, South Korea", "Moscow": only a dateline when an agency follows.
_ANY_PLACE = rf"{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,3}}(?:,\s*{_CAP_WORD}(?:\s+{_CAP_WORD}){{0,2}})?"
_NEXT = r"(?=\s*[\"“‘'A-Z0-9(]|\s*$)"

_DATELINES = (
    # WASHINGTON (CNN) --   /   Seoul, South Korea (CNN)   /   (CNN)The ...
    re.compile(
        rf"^(?:(?:{_CAPS_PLACE}|{_ANY_PLACE}),?\s*(?:{_DATE}\s*)?)?{_AGENCY}{_SEPARATOR}?\s*{_NEXT}"
    ),
    # CHICAGO, Nov. 30, 2018 /PRNewswire/ --
    re.compile(rf"^{_ANY_PLACE},?\s*(?:{_DATE}\s*)?{_SLASH_AGENCY}{_SEPARATOR}?\s*{_NEXT}"),
    # NEW YORK —   /   COLUMBIA, S.C. -   /   CHRISTCHURCH, New Zealand |
    re.compile(rf"^{_CAPS_PLACE},?\s*(?:{_DATE}\s*)?{_SEPARATOR}\s*{_NEXT}"),
    # September 5, 2014:   /   March 10, 2015 .
    re.compile(rf"^{_DATE}\s*(?:--|[-–—|:]|\s\.)\s*{_NEXT}"),
)


def strip_dateline(paragraph: str) -> str:
    """The paragraph without the dateline it opens with (unchanged when it has none)."""
    text = paragraph.lstrip()
    for pattern in _DATELINES:
        match = pattern.match(text)
        if match and match.end() > 0:
            rest = text[match.end() :].lstrip(" -–—|:")
            # A dateline heads a sentence; one that swallows everything was a headline.
            if rest or len(text) <= 60:
                return rest
    return paragraph


# A line's opening place name in capitals, optional region, date and agency, then a dash.
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+)*"
    r"(?:,\s*[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*)*)*"
    r"(?:,?\s*\(?[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?\)?)?"
    r"\s*(?:\([^()\n]{1,40}\))?\s*(?:--|—|–|_|-)\s*"
)


def dateline_length(text: str) -> int:
    """How many leading characters of a sentence are a dateline (0 when it has none)."""
    match = _DATELINE.match(text)
    if match is None:
        return 0
    # A capitalised first word alone ("IT said -") is no dateline: it needs a place in capitals.
    first = match.group().split(",")[0].split("(")[0].strip(" -—–_")
    if len(first) < 3 or not first.replace(" ", "").replace(".", "").isupper():
        return 0
    return match.end()
