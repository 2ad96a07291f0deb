"""Page furniture by its form: credits, captions, bylines, promos, share widgets, player notices.

Each rule describes the shape and position of a line or sentence that is not the article's
prose (a short line carrying a credit, a line made only of widget words, a label in capitals with
a colon in front of a link, a parenthesis naming who wrote or edited the report), never a
particular outlet or person, so it carries over to sources nobody here has seen.
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

__all__ = [
    "READER_WORDS",
    "UI_WORDS",
    "furniture_kind",
    "is_name_line",
    "strip_inline_furniture",
    "ui_density",
]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+", re.UNICODE)
_SENTENCE_END = re.compile(r"""[.!?…]["'”’»)\]]*$""")


# Words a page uses about itself or its reader rather than about the news: the vocabulary of
# notices (archives, players, cookie walls, sign-ups, "page not found").
def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


UI_WORDS = _wordset(
    """web website websites webpage page pages site sites link links url urls browser browsers
    javascript cookie cookies crawl crawls crawled crawler archive archives archived archiving
    capture captures captured collection collections upload uploaded uploads ingested email
    e-mail inbox account accounts login log sign subscribe subscribed subscribing subscriber
    subscribers subscription newsletter newsletters privacy settings setting option options
    feature features available app apps application applications click tap learn home menu
    video videos audio player content enable enabled disabled error access version
    download online internet data location history delete search engines tweet tweets
    score reviews users user contact information request requested notice code blog"""
)
READER_WORDS = frozenset({"you", "your", "yours", "you're", "you've", "you'll"})

_CREDIT = re.compile(
    r"""(?:^|[.(\[|/·•—–-]\s*)"""
    r"""(?:photos?|pictures?|images?|illustrations?|videos?|credits?|source|фото|collage|"""
    r"""screenshot|graphics?)\b\s*(?:by\b|via\b|courtesy(?:\s+of)?\b)?\s*[:/©]"""
    r"""|(?:photo|image|picture|video)\s+(?:by|courtesy|credit)\b"""
    r"""|©|\(c\)\s|\bgetty images\b|\bshutterstock\b|\bdepositphotos\b""",
    re.I,
)
# A short line that opens with a credit word: "Courtesy of ...", "Photo by ...", "toggle caption".
_CREDIT_LINE = re.compile(
    r"^(?:courtesy\b|credits?\b|photo(?:graph)?s?\b|images?\b|pictures?\b|listing image\b|"
    r"toggle caption\b|caption\b|source\s*:|file photo\b)",
    re.I,
)
# Caption and player labels that open a line whatever its length: "Image copyright X Image
# caption Y", "Media playback is unsupported on your device", "Enlarge this image".
_CAPTION_LABEL = re.compile(
    r"^(?:image\s+(?:copyright|caption)|media\s+(?:caption|playback)|enlarge\s+(?:this\s+)?"
    r"image|video\s+(?:loading|unavailable)|(?:listen to|share) this article)\b",
    re.I,
)
# A credit closing a caption: "(AP Photo/Evan Vucci)", "REUTERS/Eric Thayer", "(CNN/YouTube)",
# "(Published Friday, Feb. 27, 2015)".
_TRAILING_CREDIT = re.compile(
    r"(?:\((?:[^()/]{1,60}/[^()]{1,60}|(?i:published|posted|updated)\b[^()]{0,60}"
    r"|(?:[A-Z][\w.'’&-]*\s*){1,5})\)"
    r"|\b[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}/[A-Z][\w.'’ -]{1,40})\s*(?:\([^()]{1,40}\))?$"
)
# A caption, a bar, then its credit: "A policeman stands guard. | Reuters".
_CAPTION_BAR = re.compile(r"""[.!?"”]\s+\|\s+[A-Z]""")
# "Jan", "Sept", "September": a month's name by the letters it opens with, capitalised.
_MONTH_PREFIX = "|".join(prefix.title() for prefix in MONTH_PREFIXES)
_WEEKDAY_NAMES = alternatives(name for name in WEEKDAYS if name.endswith("day"))
# "Posted: Monday, June 23, 2014 11:03 PM EDT", "July 15, 2014 at 2:54 PM ET": page stamps.
_STAMP = re.compile(
    r"\s*(?:\b(?:Posted|Updated|Published)(?:\s+on)?:?\s+)?(?:[A-Z][a-z]{2,8},?\s+)?"
    rf"(?:{_MONTH_PREFIX})[a-z]*\.?\s+\d{{1,2}},?\s+\d{{4}}"
    r"(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4})?)"
)
_LABELLED_STAMP = re.compile(r"\s*\b(?:Posted|Updated|Published)(?:\s+on)?:\s*$")
_BYLINE_CONNECTORS = _wordset(
    "of the for at in and staff writer writers reporter correspondent editor contributor "
    "senior special to from with am pm , & | / • · - – —"
)
_NOT_A_NAME = re.compile(
    r"^(?:(?:the|a|an|this|that|then|now|turns|far|contrast|comparison)\b"
    rf"|(?:{_WEEKDAY_NAMES})\b|(?:{_MONTH_PREFIX})[a-z]*\b)",
    re.I,
)
# "Brendan McDermid/Reuters", "Rich Fury/Getty Images for Citi": a credit alone on its line.
_CREDIT_ALONE = re.compile(
    r"^[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*/\s*[A-Z][\w.'’&-]*(?:\s+[\w.'’&-]+){0,4}$"
)
_WIDGET_WORDS = _wordset(
    """share shares sharing tweet facebook twitter x telegram whatsapp viber linkedin reddit
    pinterest instagram youtube tumblr flipboard messenger sms google+ email e-mail mail print
    copy link comments comment subscribe follow us on save bookmark date dated published posted
    updated update by min read reading time views am pm utc gmt advertisement advertising ad ads
    sponsored continue continues continued below above story main top of page more play embed
    autoplay close toggle caption now playing next previous prev text size photo photos video
    videos gallery image images listen watch related here latest headlines stories skip back
    home menu | · • - – — / + × >> » ›"""
)  # fmt: skip
_DATE_TOKEN = re.compile(
    r"^(?:\d{1,4}(?:[-./:]\d{1,4}){0,2}(?:st|nd|rd|th)?,?"
    rf"|{alternatives([*MONTHS, *WEEKDAYS, *WEEKDAY_ABBREVIATIONS])})\.?,?$",
    re.I,
)
_HANDLE = re.compile(r"^(?:@\w{2,}|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)[.,]?$")
# "RELATED:", "PHOTOS:", "FULL COVERAGE:", "Read more:" in front of a link to another page.
_PROMO_LABEL = re.compile(
    r"^(?:related|photos?|videos?|watch|listen|see also|also|also read|read more|read|more|"
    r"full coverage|gallery|slideshow|trending|recommended|sponsored|advertisement|latest|"
    r"latest headlines|top stories|more from \w+|now playing|click|live|ICYMI)\s*:",
    re.I,
)
# A player's or widget's own words in capitals at the start of a line: "EMBED ...", "CLOSE ...".
_UI_CAPS_START = re.compile(r"^(?:×\s*)?(?:EMBED|CLOSE|PLAY|WATCH|LISTEN|VIDEO|PHOTOS?)\b(?!:)")
_LINK_ARROW = re.compile(r"(?:»|›|>>|→)\s*$")
_CLICK_HERE = re.compile(r"^(?:click|tap|press)\s+here\b|^(?:sign up|subscribe)\b", re.I)
_GALLERY_COUNTER = re.compile(r"^\d{1,3}\s+of\s+\d{1,3}\b")
_CONTRIBUTED = re.compile(
    r"\b(?:contributed|contributing)\s+(?:reporting\s+|research\s+)?(?:to|for)\s+this\s+"
    r"(?:report|story|article|piece)\b|^(?:additional\s+)?(?:reporting|writing|editing|"
    r"research)\s+by\b",
    re.I,
)
_EDITORS_NOTE = re.compile(r"^(?:editor[’']?s\s+note|note\s+to\s+readers)\b", re.I)
_STORY_NOTE = re.compile(
    r"^\((?:this|the)\s+(?:story|article|report|post|piece)\b[^()]*\)$|^\(?(?:updated|update)\)?:?$",
    re.I,
)
# "(Reporting by A; Editing by B)", "(Writing by A)", "(Name / Staff Photographer)".
_EDITING_PAREN = re.compile(
    r"\s*\((?:[^()]{0,80}?\b(?:reporting|writing|editing|compiled|produced|"
    r"additional reporting)\s+by\b[^()]{0,120})\)",
    re.I,
)
_PHOTOGRAPHER_PAREN = re.compile(
    r"\s*\((?:[A-Z][\w.'’-]*\s+){1,4}/\s*(?:[\w.'’-]+\s*){0,3}(?:photographer|photo|staff|"
    r"contributor|images?|pictures)\)",
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
# An agency photo caption: "FILE - In this Jan. 29, 2006, file photo, ...".
_PHOTO_CAPTION = re.compile(
    r"^FILE\s*[-–—]|^(?:in\s+)?this\s+(?:[\w.,]+\s+){0,6}?(?:file\s+)?(?:photo|image|picture)\b",
    re.I,
)
_STORY_HIGHLIGHTS = re.compile(r"^story highlights\s+", re.I)


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
    if words > 25 or not _CREDIT.search(line):
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
        if t.lower().strip(".!") in _WIDGET_WORDS or _DATE_TOKEN.match(t) or _HANDLE.match(t)
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
        t[:1].isupper()
        or t[:1].isdigit()
        or t.lower() in _BYLINE_CONNECTORS
        or _DATE_TOKEN.match(t)
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
        count <= 12 and _CREDIT_LINE.match(text) and not _SENTENCE_END.search(text)
    ):
        return "credit"
    if count <= 80 and (_PHOTO_CAPTION.match(text) or _CAPTION_LABEL.match(text)):
        return "caption"
    if count <= 60 and (_TRAILING_CREDIT.search(text) or _CAPTION_BAR.search(text)):
        return "caption"
    if count <= 10 and _CREDIT_ALONE.match(text):
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
    if count <= 40 and _CONTRIBUTED.search(text):
        return "contributors"
    if count <= 80 and (_EDITORS_NOTE.match(text) or _STORY_NOTE.match(text)):
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
    text = _STORY_HIGHLIGHTS.sub("", line)
    if "(" in text:
        text = _EDITING_PAREN.sub("", text)
        text = _PHOTOGRAPHER_PAREN.sub("", text)
    text = _drop_player_sentences(text)
    if _STAMP.search(text):
        text = _STAMP.sub("", text)
        text = _LABELLED_STAMP.sub("", text)
    return " ".join(text.split())


def is_name_line(line: str) -> bool:
    """A line of one to four capitalised words: a byline, a credit or a label (not the first)."""
    return _is_name_line(line.strip(), _words(line))
