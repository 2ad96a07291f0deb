"""Page debris out, article sentences kept: captions, credits, share widgets, date stubs.

Rules describe the shape of debris (a short line carrying a photo credit, a line made only of
widget words and dates), never a particular outlet, so they carry over to new sources.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from digests.sources.errors import EmptyArticle

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
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_SENTENCE_END = re.compile(r"""[.!?…]["'”’»)\]]*$""")
_CREDIT = re.compile(
    r"""(?:^|[.(\[|/·•—–-]\s*)"""
    r"""(?:photos?|pictures?|images?|illustrations?|videos?|credits?|source|фото|collage|"""
    r"""screenshot|graphics?)\b\s*(?:by\b|via\b|courtesy(?:\s+of)?\b)?\s*[:/©]"""
    r"""|(?:photo|image|picture)\s+(?:by|courtesy|credit)\b"""
    r"""|©|\(c\)\s|\bgetty images\b|\bshutterstock\b|\bdepositphotos\b""",
    re.I,
)
_WIDGET_WORDS = {
    "share", "shares", "tweet", "facebook", "twitter", "x", "telegram", "whatsapp", "viber",
    "linkedin", "reddit", "pinterest", "email", "e-mail", "mail", "print", "copy", "link",
    "comments", "comment", "subscribe", "follow", "us", "on", "save", "bookmark", "date",
    "dated", "published", "posted", "updated", "by", "min", "read", "reading", "time", "views",
    "am", "pm", "utc", "gmt", "|", "·", "•", "-", "–", "—", "/",
}  # fmt: skip
_DATE_TOKEN = re.compile(
    r"^(?:\d{1,4}(?:[-./:]\d{1,4}){0,2}(?:st|nd|rd|th)?,?|jan(?:uary)?|feb(?:ruary)?|"
    r"mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?)\.?,?$",
    re.I,
)
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class CleanText:
    """Clean text, the headline found on its first line (if any), and the debris removed."""

    text: str
    title: str | None
    removed: tuple[str, ...]


def normalize_whitespace(text: str) -> str:
    """NBSP and other odd spaces to plain ones, invisible characters dropped, lines trimmed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def _is_caption(line: str) -> bool:
    # A caption is short, carries a credit, and is not a sentence that merely mentions photos.
    if len(_words(line)) > 25 or not _CREDIT.search(line):
        return False
    return not _SENTENCE_END.search(line) or line.endswith(")")


def _is_widget(line: str) -> bool:
    tokens = line.replace(":", " ").split()
    if not tokens or len(tokens) > 14 or (_SENTENCE_END.search(line) and len(tokens) > 4):
        return False
    debris = [t for t in tokens if t.lower().strip(",.") in _WIDGET_WORDS or _DATE_TOKEN.match(t)]
    # All widget words and dates, and at least one real widget word or date (not just "on").
    meaningful = [t for t in debris if t.lower() not in {"on", "us", "by", "x", "|", "-"}]
    return len(debris) == len(tokens) and bool(meaningful)


def _is_headline(line: str, rest: list[str]) -> bool:
    words = _words(line)
    if not 3 <= len(words) <= 30 or len(line) > 250:
        return False
    if line.endswith((".", ",", ";", ":")) and not line.endswith("..."):
        return False
    body = [r for r in rest if r]
    # A headline introduces something longer than itself.
    return bool(body) and sum(len(_words(r)) for r in body) > 2 * len(words)


def clean_text(raw: str, *, find_title: bool = True) -> CleanText:
    """Strip debris and blank-line runs; a headline on the first line becomes the title."""
    lines = normalize_whitespace(raw).split("\n")
    kept: list[str] = []
    removed: list[str] = []
    for line in lines:
        if line and (_is_caption(line) or _is_widget(line)):
            removed.append(line)
            continue
        kept.append(line)
    title = None
    first = next((i for i, line in enumerate(kept) if line), None)
    if find_title and first is not None and _is_headline(kept[first], kept[first + 1 :]):
        title = kept[first]
        kept = kept[first + 1 :]
    # Blank lines separate paragraphs when there are any (wrapped text); otherwise, as in
    # extracted page text, every line is a paragraph of its own.
    wrapped = _has_blank_gap(kept)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*kept, ""]:
        if line:
            current.append(line)
            if wrapped:
                continue
        if current:
            paragraphs.append(" ".join(current))
            current = []
    return CleanText(text="\n\n".join(paragraphs), title=title, removed=tuple(removed))


def _has_blank_gap(lines: list[str]) -> bool:
    inner = lines[next((i for i, x in enumerate(lines) if x), len(lines)) :]
    while inner and not inner[-1]:
        inner.pop()
    return any(not line for line in inner)


def require_article(text: str, *, where: str) -> str:
    """Raise EmptyArticle unless ``text`` is long enough to be an article; returns it."""
    count = len(_words(text))
    if count == 0:
        raise EmptyArticle(f"{where}: no article text")
    if count < MIN_ARTICLE_WORDS:
        raise EmptyArticle(
            f"{where}: only {count} words of text (an article needs {MIN_ARTICLE_WORDS})"
        )
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
