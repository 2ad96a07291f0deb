"""Page furniture by its form: credits, captions, bylines, promos, share widgets, player notices.

Each rule describes the shape and position of a line or sentence that is not the article's
prose (a short line carrying a credit, a line made only of widget words, a label in capitals with
a colon in front of a link, a parenthesis naming who wrote or edited the report), never a
particular outlet or person, so it carries over to sources nobody here has seen. The credit and
caption forms are ``page_forms``' (the analysis knows the same ones); the words of widgets,
promos and notices are the lexicon's (``lexicon.page``).
"""

from __future__ import annotations

import re

from digests.analysis.lexicon import alternatives
from digests.analysis.lexicon.calendar import (
    MONTH_PREFIXES,
    MONTHS,
    WEEKDAY_ABBREVIATIONS,
    WEEKDAYS,
)
from digests.analysis.lexicon.page import (
    ARTICLE_NOUNS,
    BYLINE_CONNECTORS,
    PLAYER_WORDS,
    PROMO_LABELS,
    READER_WORDS,
    STAMP_LABELS,
    UI_WORDS,
    WIDGET_WORDS,
)
from digests.analysis.page_forms import (
    AGENCY_CREDIT,
    CAPTION_BAR,
    CAPTION_LABEL,
    CONTRIBUTORS,
    COPYRIGHT,
    CREDIT_ALONE,
    CREDIT_LINE,
    EDITING_PAREN,
    EDITORS_NOTE,
    PHOTO_CAPTION,
    PHOTOGRAPHER_PAREN,
    PICTURE_CREDIT,
    TRAILING_CREDIT,
)

__all__ = [
    "furniture_kind",
    "is_name_line",
    "strip_inline_furniture",
    "ui_density",
]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+", re.UNICODE)
_SENTENCE_END = re.compile(r"""[.!?…]["'”’»)\]]*$""")

# "Jan", "Sept", "September": a month's name by the letters it opens with, capitalised.
_MONTH_PREFIX = "|".join(prefix.title() for prefix in MONTH_PREFIXES)
_WEEKDAY_NAMES = alternatives(name for name in WEEKDAYS if name.endswith("day"))
# "Posted", "Updated", "Published": a stamp's label, capitalised.
_STAMP_LABEL = alternatives(label.title() for label in STAMP_LABELS)
# "Posted: Monday, June 23, 2014 11:03 PM EDT", "July 15, 2014 at 2:54 PM ET": page stamps.
_STAMP = re.compile(
    rf"\s*(?:\b(?:{_STAMP_LABEL})(?:\s+on)?:?\s+)?(?:[A-Z][a-z]{{2,8}},?\s+)?"
    rf"(?:{_MONTH_PREFIX})[a-z]*\.?\s+\d{{1,2}},?\s+\d{{4}}"
    r"(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4})?)"
)
_LABELLED_STAMP = re.compile(rf"\s*\b(?:{_STAMP_LABEL})(?:\s+on)?:\s*$")
_NOT_A_NAME = re.compile(
    r"^(?:(?:the|a|an|this|that|then|now|turns|far|contrast|comparison)\b"
    rf"|(?:{_WEEKDAY_NAMES})\b|(?:{_MONTH_PREFIX})[a-z]*\b)",
    re.I,
)
_DATE_TOKEN = re.compile(
    r"^(?:\d{1,4}(?:[-./:]\d{1,4}){0,2}(?:st|nd|rd|th)?,?"
    rf"|{alternatives([*MONTHS, *WEEKDAYS, *WEEKDAY_ABBREVIATIONS])})\.?,?$",
    re.I,
)
_HANDLE = re.compile(r"^(?:@\w{2,}|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)[.,]?$")
# "RELATED:", "PHOTOS:", "FULL COVERAGE:", "Read more:" in front of a link to another page.
_PROMO_LABEL = re.compile(rf"^(?:{alternatives(PROMO_LABELS)}|more from \w+)\s*:", re.I)
# A player's or widget's own words in capitals at the start of a line: "EMBED ...", "CLOSE ...".
_UI_CAPS_START = re.compile(
    rf"^(?:×\s*)?(?:{alternatives(w.upper() for w in PLAYER_WORDS)})\b(?!:)"
)
_LINK_ARROW = re.compile(r"(?:»|›|>>|→)\s*$")
_CLICK_HERE = re.compile(r"^(?:click|tap|press)\s+here\b|^(?:sign up|subscribe)\b", re.I)
_GALLERY_COUNTER = re.compile(r"^\d{1,3}\s+of\s+\d{1,3}\b")
# "(This story has been updated)", "UPDATE:": a note on the page, not the report.
_STORY_NOTE = re.compile(
    rf"^\((?:this|the)\s+(?:{alternatives(ARTICLE_NOUNS)})\b[^()]*\)$|^\(?(?:updated|update)\)?:?$",
    re.I,
)
# What a media player or a page widget says about itself; the sentence holding it goes.
_PLAYER_PHRASE = re.compile(
    r"\b(?:enable\s+javascript|javascript\s+is\s+(?:disabled|turned off)|"
    r"browser\s+(?:does|do|is)\s*n[o’']t\s+support|your browser\b[^.!?\n]{0,40}\bsupport|"
    r"transcript could not be loaded|copy this code to your|"
    r"(?:read|see|watch|view)\s+(?:the\s+)?(?:full|updated|original|latest)?\s*"
    r"(?:story|article|report|video|gallery|photos)\s+here)",
    re.I,
)
_SENTENCE_STOP = re.compile(r"[.!?\n]")
# "Story highlights ...": a label glued to the first line of a summary box.
_HIGHLIGHTS = re.compile(rf"^(?:{alternatives(ARTICLE_NOUNS)})\s+highlights\s+", re.I)


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def ui_density(text: str) -> float:
    """Share of words that speak about the page or to its reader (0 for no words)."""
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    if not words:
        return 0.0
    return sum(w in UI_WORDS or w in READER_WORDS for w in words) / len(words)


def _is_caption(line: str, words: int) -> bool:
    # A caption is short, carries a credit, and is not a sentence that merely mentions photos.
    credited = PICTURE_CREDIT.search(line) or COPYRIGHT.search(line) or AGENCY_CREDIT.search(line)
    if words > 25 or not credited:
        return False
    return not _SENTENCE_END.search(line) or line.endswith(")")


def _is_widget(line: str) -> bool:
    tokens = line.replace(":", " ").replace(",", " ").split()
    if not tokens or len(tokens) > 14:
        return False
    if _SENTENCE_END.search(line.rstrip("!")) and len(tokens) > 4:
        return False
    debris = [
        t
        for t in tokens
        if t.lower().strip(".!") in WIDGET_WORDS or _DATE_TOKEN.match(t) or _HANDLE.match(t)
    ]
    # All widget words and dates, and at least one real widget word or date (not just "on").
    meaningful = [t for t in debris if t.lower() not in {"on", "us", "by", "x", "|", "-", "of"}]
    return len(debris) == len(tokens) and bool(meaningful)


def _is_byline(line: str) -> bool:
    # "By NAME", "By NAME of the OUTLET", "By NAME, Staff • June 14, 2017 2:30 pm".
    tokens = line.replace(",", " , ").split()
    if len(tokens) < 2 or tokens[0] not in ("By", "by", "BY") or _NOT_A_NAME.match(tokens[1]):
        return False
    if not tokens[1][:1].isupper() or line.rstrip().endswith(("!", "?")):
        return False
    return all(
        t[:1].isupper() or t[:1].isdigit() or t.lower() in BYLINE_CONNECTORS or _DATE_TOKEN.match(t)
        for t in tokens[1:]
    )


def _is_name_line(line: str, words: list[str]) -> bool:
    # "Matt Mueller", "HBO": a line of one to four capitalised words and nothing else is a
    # byline, a credit or a section label, never a sentence of the article.
    if not 1 <= len(words) <= 4 or _SENTENCE_END.search(line) or ":" in line:
        return False
    return all(w[:1].isupper() or w.isdigit() for w in words) and not any(
        ch in line for ch in '?!"“”'
    )


def furniture_kind(line: str) -> str | None:
    """What kind of furniture a whole line is ("credit", "promo", ...), or None for prose."""
    text = line.strip()
    if not text:
        return None
    if not any(ch.isalnum() for ch in text):
        return "rule"
    words = _words(text)
    count = len(words)
    if _GALLERY_COUNTER.match(text):
        return "gallery counter"
    if _is_caption(text, count) or (
        count <= 12 and CREDIT_LINE.match(text) and not _SENTENCE_END.search(text)
    ):
        return "credit"
    if count <= 80 and (PHOTO_CAPTION.match(text) or CAPTION_LABEL.match(text)):
        return "caption"
    if count <= 60 and (TRAILING_CREDIT.search(text) or CAPTION_BAR.search(text)):
        return "caption"
    if count <= 10 and CREDIT_ALONE.match(text):
        return "credit"
    if count <= 60 and "autoplay" in text.casefold():
        return "player"
    if text.startswith("(") and text.endswith(")") and count <= 8:
        return "credit"
    if _is_widget(text) or all(_HANDLE.match(t) for t in text.split()):
        return "share"
    if count <= 30 and (_PROMO_LABEL.match(text) or _CLICK_HERE.match(text)):
        return "promo"
    if count <= 25 and _LINK_ARROW.search(text):
        return "promo"
    if count <= 50 and _UI_CAPS_START.match(text):
        return "player"
    if count <= 16 and _is_byline(text):
        return "byline"
    # The line's own text credits contributors, not only its parenthesised editing note: a
    # quote closed by "(Editing by X)" stays, and loses the note below.
    if count <= 40 and CONTRIBUTORS.search(EDITING_PAREN.sub("", text)):
        return "contributors"
    if count <= 80 and (EDITORS_NOTE.match(text) or _STORY_NOTE.match(text)):
        return "editor's note"
    if 6 <= count <= 40 and not _SENTENCE_END.search(text) and ui_density(text) >= 0.25:
        return "widget"
    return None


def _drop_player_sentences(text: str) -> str:
    # Found by the phrase, then cut from the previous sentence end to the next one: linear time
    # even on a long unbroken text.
    while match := _PLAYER_PHRASE.search(text):
        start = max(text.rfind(stop, 0, match.start()) for stop in ".!?\n") + 1
        after = _SENTENCE_STOP.search(text, match.end())
        end = after.end() if after else len(text)
        text = text[:start] + text[end:]
    return text


def strip_inline_furniture(line: str) -> str:
    """A prose line without the editing notes, photo credits and player sentences inside it."""
    text = _HIGHLIGHTS.sub("", line)
    if "(" in text:
        text = EDITING_PAREN.sub("", text)
        text = PHOTOGRAPHER_PAREN.sub("", text)
    text = _drop_player_sentences(text)
    if _STAMP.search(text):
        text = _STAMP.sub("", text)
        text = _LABELLED_STAMP.sub("", text)
    return " ".join(text.split())


def is_name_line(line: str) -> bool:
    """A line of one to four capitalised words: a byline, a credit or a label (not the first)."""
    return _is_name_line(line.strip(), _words(line))
