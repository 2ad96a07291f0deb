"""Characters nobody sees: bidi controls and invisible format characters, taken out of text.

A right-to-left override (U+202E) in a feed's title turns the rest of a digest line around; a
zero-width space inside a name makes "Bi\u200bden" look like "Biden" and match nothing. Neither
is ever meant for a reader of news, so both go from what the bot shows (``digests.stories.
packing`` cleans every span with ``strip_invisible``) and from article text at ingestion
(``digests.sources.cleaning``). Joiners that shape what is seen stay: the zero-width joiner
inside an emoji sequence (👩‍💻, 🏳️‍🌈) and the (non-)joiners between letters of scripts that
join (Arabic, Persian, Indic), as do the tag characters of a flag such as 🏴󠁧󠁢󠁳󠁣󠁴󠁿.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["BIDI_CONTROLS", "INVISIBLE", "strip_invisible"]

# Embeddings, overrides and isolates, the marks LRM, RLM and ALM.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Zero-width and invisible format characters (joiners are judged by their neighbours).
INVISIBLE = frozenset(
    "\u00ad"  # soft hyphen
    "\u180e"  # Mongolian vowel separator
    "\u200b"  # zero-width space
    "\u200c\u200d"  # zero-width non-joiner, joiner
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible operators
    "\u206a\u206b\u206c\u206d\u206e\u206f"  # deprecated shaping and digit controls
    "\ufeff"  # zero-width no-break space (a byte-order mark inside text)
    "\ufff9\ufffa\ufffb"  # interlinear annotation
    "\U000e0001"  # language tag
) | frozenset(chr(code) for code in range(0xE0020, 0xE0080))  # tags (kept after 🏴)

_ZWJ, _ZWNJ = "\u200d", "\u200c"
_BLACK_FLAG = "\U0001f3f4"
_TAGS = range(0xE0020, 0xE0080)
_FOUND = re.compile("[" + "".join(sorted(BIDI_CONTROLS | INVISIBLE)) + "]")
# Scripts from Arabic onwards shape letters with (non-)joiners; Latin, Greek, Cyrillic,
# Armenian and Hebrew do not, so a joiner there only hides something.
_JOINING_FROM = 0x0600


def _emoji(char: str) -> bool:
    """A pictograph, a skin-tone modifier or the emoji presentation selector."""
    return char == "\ufe0f" or (unicodedata.category(char) in ("So", "Sk") and ord(char) > 0x2000)


def _joining_letter(char: str) -> bool:
    return ord(char) >= _JOINING_FROM and unicodedata.category(char)[0] in "LM"


def _kept(text: str, at: int, kept: list[str]) -> bool:
    """Whether the invisible character at ``at`` shapes what is seen, given what is kept."""
    char = text[at]
    before = kept[-1] if kept else ""
    after = text[at + 1] if at + 1 < len(text) else ""
    if char in (_ZWJ, _ZWNJ) and before and after:
        if char == _ZWJ and _emoji(before[-1]) and _emoji(after):
            return True
        return _joining_letter(before[-1]) and _joining_letter(after)
    if ord(char) in _TAGS:
        # A flag's tag sequence: 🏴 then tag letters, ended by the cancel tag U+E007F.
        return bool(before) and (before[-1] == _BLACK_FLAG or ord(before[-1]) in _TAGS)
    return False


def strip_invisible(text: str) -> str:
    """``text`` without bidi controls and invisible format characters, joiners that shape
    emoji or joining scripts kept."""
    if not _FOUND.search(text):
        return text
    kept: list[str] = []
    start = 0
    for match in _FOUND.finditer(text):
        if match.start() > start:
            kept.append(text[start : match.start()])
        if match.group() not in BIDI_CONTROLS and _kept(text, match.start(), kept):
            kept.append(match.group())
        start = match.end()
    kept.append(text[start:])
    return "".join(kept)
