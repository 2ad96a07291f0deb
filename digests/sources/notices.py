"""Pages that are not articles, told by their form: archive and player notices, cookie walls,
"page not found", paywall stubs, a widget line repeated, a quote with nothing of its own around
it, a fragment cut out of a post.

A notice is short and speaks about the page or to its reader instead of reporting something:
measured on the real-news corpora, such notices have one word in seven or more from the page's
own vocabulary (archive, crawl, browser, subscribe, you, your ...), while no real article under
150 words had more than one in eleven (CNN articles: at most one in sixteen). The threshold sits
between the two.

An article says something in sentences of its own: a text whose every sentence sits inside quote
marks (a captured quote with its credit) or that opens mid-sentence after an ellipsis ("...to
the airport, and insisted") is a piece of something else. On the real-news corpora every
article, the shortest briefs included, has a sentence of five words or more outside quote marks,
and none under 150 words opens mid-sentence.
"""

from __future__ import annotations

import re

from digests.analysis.furniture import ui_density
from digests.analysis.language import words

__all__ = ["NOTICE_DENSITY", "NOTICE_MAX_WORDS", "notice_kind"]

# Longer texts are articles with some furniture left in them, never notices.
NOTICE_MAX_WORDS = 150
NOTICE_DENSITY = 0.125

# A passage inside quote marks (straight or curly), taken out before looking for the text's own.
_QUOTED = re.compile(r"[\"“”][^\"“”\n]{3,}[\"“”]")
# Sentences end in "." "!" "?" or their full-width forms ("。" "！" "？").
_SENTENCE = re.compile(r"[^.!?。！？\n]+[.!?。！？]+[\"”’')\]」』]*")
_OWN_SENTENCE_WORDS = 5
# An ellipsis, then a lower-case word: the text starts inside a sentence cut elsewhere.
_MID_SENTENCE = re.compile(r"^\W*(?:\.{2,}|…)\s*[a-z]")
_NOT_FOUND = re.compile(
    r"\b(?:page|article|story|content|url|file)\b[^.!?\n]{0,60}\b(?:(?:was|could)\s+not\s+"
    r"(?:be\s+)?found|no longer (?:be\s+)?available|does\s*n[o’']t exist|cannot be found)"
    r"|^\W*(?:error\s+)?404\b",
    re.I,
)


def notice_kind(text: str) -> str | None:
    """Why ``text`` is not an article ("page notice", "page not found" ...), or None."""
    count = len(words(text))
    if count == 0 or count >= NOTICE_MAX_WORDS:
        return None
    if _NOT_FOUND.search(text):
        return 'a "page not found" notice'
    lines = [" ".join(line.split()).casefold() for line in text.split("\n") if line.strip()]
    if len(lines) >= 3 and len(set(lines)) * 2 <= len(lines):
        return "one line repeated (a page widget)"
    if ui_density(text) >= NOTICE_DENSITY:
        return "a notice about the page or its reader (archive, player, sign-up or cookie notice)"
    if _MID_SENTENCE.match(text):
        return "a fragment of a post or page (it starts mid-sentence)"
    if not _has_own_sentence(text):
        return "a quote or caption with no sentence of its own"
    return None


def _has_own_sentence(text: str) -> bool:
    """Whether a sentence of a few words stands outside quote marks."""
    own = _QUOTED.sub(" ", text)
    return any(len(words(sentence)) >= _OWN_SENTENCE_WORDS for sentence in _SENTENCE.findall(own))
