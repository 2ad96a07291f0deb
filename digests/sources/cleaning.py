"""Page debris out, article sentences kept: furniture, datelines, notices that are no articles.

Shared by pages, feeds and files. Rules describe the shape of debris (a short line carrying a
photo credit, a line made only of widget words and dates, a dateline before the first sentence)
in ``furniture`` (with the credit forms of ``page_forms``), ``datelines`` and ``notices``,
never a particular outlet, so they carry over to new sources.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from digests.analysis.datelines import strip_dateline
from digests.analysis.furniture import furniture_kind, is_name_line, strip_inline_furniture
from digests.analysis.invisible import strip_invisible
from digests.analysis.language import words
from digests.sources.errors import EmptyArticle, NotAnArticle
from digests.sources.notices import notice_kind

__all__ = [
    "MIN_ARTICLE_WORDS",
    "CleanText",
    "clean_text",
    "content_hash",
    "lead_title",
    "normalize_whitespace",
    "require_article",
]

MIN_ARTICLE_WORDS = 30

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_WORD = re.compile(r"\w+", re.UNICODE)
_PROSE_END = re.compile(r"""[a-z0-9][.,;:]["'”’)\]]+$""")
_TWO_SENTENCES = re.compile(r"""[a-z]{2}[.!?]["'”’]?\s+["“‘]?[A-Z]""")


@dataclass(frozen=True, slots=True)
class CleanText:
    """Clean text, the headline found on its first line (if any), and the debris removed."""

    text: str
    title: str | None
    removed: tuple[str, ...]


def normalize_whitespace(text: str) -> str:
    """NBSP and other odd spaces to plain ones, invisible characters and bidi controls dropped
    (``digests.analysis.invisible``), lines trimmed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = strip_invisible(text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def _is_headline(line: str, rest: list[str]) -> bool:
    words = _words(line)
    if not 3 <= len(words) <= 30 or len(line) > 250:
        return False
    if line.endswith((".", ",", ";", ":")) and not line.endswith("..."):
        return False
    # A headline is one sentence, not a paragraph of prose or a quoted exchange.
    if _PROSE_END.search(line) or _TWO_SENTENCES.search(line):
        return False
    body = [r for r in rest if r]
    # A headline introduces something longer than itself.
    return bool(body) and sum(len(_words(r)) for r in body) > 2 * len(words)


def clean_text(raw: str, *, find_title: bool = True) -> CleanText:
    """Strip page furniture and datelines; a headline on the first line becomes the title.

    Furniture (credits, captions, bylines, promos, share widgets, editing notes: see
    ``furniture``) goes line by line and again per paragraph; the dateline goes from the head
    of the first paragraph, so titles, summaries and clustering all start at the news.
    """
    lines = normalize_whitespace(raw).split("\n")
    kept: list[str] = []
    removed: list[str] = []
    for line in lines:
        if line and furniture_kind(line):
            removed.append(line)
            continue
        text = strip_inline_furniture(line) if line else line
        if line and (not text or furniture_kind(text)):
            removed.append(line)
            continue
        kept.append(text)
    _drop_leading_datelines(kept, removed)
    title = None
    first = next((i for i, line in enumerate(kept) if line), None)
    if find_title and first is not None and _is_headline(kept[first], kept[first + 1 :]):
        title = kept[first]
        kept = kept[first + 1 :]
    paragraphs: list[str] = []
    for paragraph in _paragraphs(kept):
        text = strip_inline_furniture(paragraph)
        if not text or furniture_kind(text) or is_name_line(text):
            removed.append(paragraph)
            continue
        if not paragraphs:
            full, text = text, strip_dateline(text)
            if text != full:
                removed.append(full[: len(full) - len(text)].strip())
            if not text:
                continue
        paragraphs.append(text)
    return CleanText(text="\n\n".join(paragraphs), title=title, removed=tuple(removed))


def _drop_leading_datelines(lines: list[str], removed: list[str]) -> None:
    # "CHRISTCHURCH, New Zealand |" alone on the first line: a dateline, not a headline.
    while True:
        first = next((i for i, line in enumerate(lines) if line), None)
        if first is None or strip_dateline(lines[first]):
            return
        removed.append(lines.pop(first))


def _paragraphs(lines: list[str]) -> list[str]:
    # Blank lines separate paragraphs when there are any (wrapped text); otherwise, as in
    # extracted page text, every line is a paragraph of its own.
    wrapped = _has_blank_gap(lines)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line:
            current.append(line)
            if wrapped:
                continue
        if current:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


def _has_blank_gap(lines: list[str]) -> bool:
    inner = lines[next((i for i, x in enumerate(lines) if x), len(lines)) :]
    while inner and not inner[-1]:
        inner.pop()
    return any(not line for line in inner)


def require_article(text: str, *, where: str) -> str:
    """Raise EmptyArticle or NotAnArticle unless ``text`` is an article; returns it."""
    # Words of any script: a Chinese article writes no spaces between its words.
    count = len(words(text))
    if count == 0:
        raise EmptyArticle(f"{where}: no article text")
    if count < MIN_ARTICLE_WORDS:
        raise EmptyArticle(
            f"{where}: only {count} words of text (an article needs {MIN_ARTICLE_WORDS})"
        )
    kind = notice_kind(text)
    if kind:
        raise NotAnArticle(f"{where}: not an article but {kind}")
    return text


def _first_sentence(text: str) -> str:
    for match in re.finditer(r"[.!?]\s+", text):
        word = text[: match.start()].rsplit(None, 1)[-1] if text[: match.start()].strip() else ""
        # "U.S.", "Mr." and "Dr." end abbreviations, not sentences.
        if "." in word or (len(word) <= 3 and word[:1].isupper()):
            continue
        return text[: match.start() + 1]
    return text


def lead_title(text: str, *, max_chars: int = 100) -> str:
    """A stand-in title for a headline-less article: its first sentence, cut at a word."""
    first = _first_sentence(text.strip().split("\n", 1)[0]).strip()
    if len(first) <= max_chars:
        return first.rstrip(".")
    cut = first[: max_chars - 1].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return f"{cut}…"


def content_hash(text: str) -> str:
    """SHA-256 of the text with case, punctuation and spacing ignored: the dedupe key."""
    normalized = " ".join(_words(unicodedata.normalize("NFKC", text).casefold()))
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()
