"""Telegram HTML written by the bot, read back into spans and packed like every other message.

Short replies are written as HTML templates ("Not added: {error}", "I don't know anyone called
<b>{name}</b>") with a stranger's words escaped into them. ``pack_markup`` reads such a text
back (<b>, <i>, <code>, <a href>; other tags keep their text and lose their markup) and hands
it to the one splitter (``digests.stories.packing``), so it too is cut in UTF-16 units and
cleaned of controls and invisible characters, however long the words put into it. A blank
line separates blocks; a message holding several blocks breaks between them first.
"""

from __future__ import annotations

from html.parser import HTMLParser

from digests.stories.packing import TELEGRAM_LIMIT, pack
from digests.stories.spans import Block, Paragraph, RenderFormat, Span, Style, span

__all__ = ["pack_markup", "read_markup"]

_STYLES = {
    "b": Style.BOLD,
    "strong": Style.BOLD,
    "i": Style.ITALIC,
    "em": Style.ITALIC,
    "code": Style.CODE,
    "a": Style.LINK,
}


class _Reader(HTMLParser):
    """Spans from markup: each run of text in the style of the tags open around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.spans: list[Span] = []
        self._open: list[tuple[str, Style, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        style = _STYLES.get(tag)
        if style is not None:
            url = dict(attrs).get("href") if style is Style.LINK else None
            self._open.append((tag, style, url))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index]
                return

    def handle_data(self, data: str) -> None:
        # One style per span: a link keeps its URL, else the innermost tag wins.
        link = next((item for item in reversed(self._open) if item[1] is Style.LINK), None)
        _, style, url = link or (self._open[-1] if self._open else ("", Style.PLAIN, None))
        self.spans.append(span(data, style, url))


def read_markup(text: str) -> list[Block]:
    """Blocks of paragraphs of spans from Telegram HTML: a line is a paragraph, a blank line
    ends a block."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    blocks: list[Block] = []
    paragraphs: list[Paragraph] = []
    line: list[Span] = []

    def end_line() -> None:
        nonlocal line, paragraphs
        if any(piece.text.strip() for piece in line):
            paragraphs.append(tuple(line))
        elif paragraphs:
            blocks.append(tuple(paragraphs))
            paragraphs = []
        line = []

    for piece in reader.spans:
        first, *rest = piece.text.split("\n")
        if first:
            line.append(Span(first, piece.style, piece.url))
        for part in rest:
            end_line()
            if part:
                line.append(Span(part, piece.style, piece.url))
    end_line()
    if paragraphs:
        blocks.append(tuple(paragraphs))
    return blocks


def pack_markup(
    text: str, *, fmt: RenderFormat = RenderFormat.HTML, limit: int = TELEGRAM_LIMIT
) -> list[str]:
    """``text`` (Telegram HTML) as messages of at most ``limit`` UTF-16 units, in ``fmt``."""
    return pack(read_markup(text), fmt, limit, "\n\n")
