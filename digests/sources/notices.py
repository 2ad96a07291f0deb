"""Pages that are not articles, told by their form: archive and player notices, cookie walls,
"page not found", paywall stubs, a widget line repeated.

A notice is short and speaks about the page or to its reader instead of reporting something:
measured on the real-news corpora, such notices have one word in seven or more from the page's
own vocabulary (archive, crawl, browser, subscribe, you, your ...), while no real article under
150 words had more than one in eleven (CNN articles: at most one in sixteen). The threshold sits
between the two.
"""

from __future__ import annotations

import re

from digests.analysis.furniture import ui_density

__all__ = ["NOTICE_DENSITY", "NOTICE_MAX_WORDS", "notice_kind"]

# Longer texts are articles with some furniture left in them, never notices.
NOTICE_MAX_WORDS = 150
NOTICE_DENSITY = 0.125

_WORD = re.compile(r"\w+", re.UNICODE)
_NOT_FOUND = re.compile(
    r"\b(?:page|article|story|content|url|file)\b[^.!?\n]{0,60}\b(?:(?:was|could)\s+not\s+"
    r"(?:be\s+)?found|no longer (?:be\s+)?available|does\s*n[o’']t exist|cannot be found)"
    r"|^\W*(?:error\s+)?404\b",
    re.I,
)


def notice_kind(text: str) -> str | None:
    """Why ``text`` is not an article ("page notice", "page not found" ...), or None."""
    words = len(_WORD.findall(text))
    if words == 0 or words >= NOTICE_MAX_WORDS:
        return None
    if _NOT_FOUND.search(text):
        return 'a "page not found" notice'
    lines = [" ".join(line.split()).casefold() for line in text.split("\n") if line.strip()]
    if len(lines) >= 3 and len(set(lines)) * 2 <= len(lines):
        return "one line repeated (a page widget)"
    if ui_density(text) >= NOTICE_DENSITY:
        return "a notice about the page or its reader (archive, player, sign-up or cookie notice)"
    return None
