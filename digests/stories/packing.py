"""Telegram messages from styled text: cut to Telegram's limits, then escaped, never broken.

The renderers (``digests.stories.render``) describe a message as blocks of paragraphs of spans
(plain, bold, italic, link, bold link); a block may fold some of its paragraphs away (``Fold``:
Telegram's expandable blockquote, Bot API 7.4, collapsed to a few lines until the reader taps it).
``pack`` fills messages of at most ``limit`` UTF-16 code units of visible text (what Telegram
counts after parsing entities) and at most ``TELEGRAM_MAX_ENTITIES`` entities (Telegram keeps the
first 100 of a message and silently drops the rest). Messages break at block boundaries when they
can, else between paragraphs, else between sentences or words; a break never falls inside a tag
or an entity because text is cut before it is escaped and every piece gets its own tags. A fold
cut by a message break is closed at the end of one message and opened again at the start of the
next, so each message is valid on its own. Only <b>, <i>, <a href> and <blockquote expandable> are
used, and all text goes through ``html.escape``. In plain text a fold is its paragraphs indented.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from digests.stories.exceptions import RenderError
from digests.stories.spans import (
    ENTITIES,
    Block,
    Fold,
    Paragraph,
    RenderFormat,
    Span,
    Style,
    entity_count,
    one_line,
    paragraph_length,
    render_paragraph,
    visible,
)
from digests.stories.text import utf16_len

__all__ = ["CAPTION_LIMIT", "TELEGRAM_LIMIT", "TELEGRAM_MAX_ENTITIES", "pack", "shorten"]

TELEGRAM_LIMIT = 4096
# A photo's or a document's caption.
CAPTION_LIMIT = 1024
# Entities (bold, italic, links, blockquotes) Telegram keeps in one message; it drops the rest.
TELEGRAM_MAX_ENTITIES = 100
# Below this no message could hold a word and its tags' worth of context: a caller bug.
_MIN_LIMIT = 16

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_WORD_END = re.compile(r"(?<=\s)(?=\S)")
# Characters that glue to the previous one: a cut before them would split a glyph.
_GLUE = {"\u200d", "\ufe0e", "\ufe0f"}
# How a folded paragraph starts in plain text, where nothing folds.
_FOLD_INDENT = "  "
_FOLD_OPEN, _FOLD_CLOSE = "<blockquote expandable>", "</blockquote>"


def _cut_points(text: str) -> Iterator[str]:
    """Pieces of ``text`` at sentence, then word, boundaries (each keeps its trailing space)."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        yield text[start : match.end()]
        start = match.end()
    if start < len(text):
        yield text[start:]


def _clusters(text: str) -> list[str]:
    """Code points grouped so that a joiner, a variation selector or a combining mark stays with
    the character it modifies (an approximation of grapheme clusters, enough to cut safely)."""
    clusters: list[str] = []
    for char in text:
        if clusters and (
            char in _GLUE or unicodedata.combining(char) or clusters[-1].endswith("\u200d")
        ):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut to at most ``limit`` UTF-16 units with "…" (never inside a
    character or an emoji sequence): how a stranger's title is listed."""
    text = one_line(text)
    if utf16_len(text) <= limit:
        return text
    kept, size = "", 1
    for cluster in _clusters(text):
        size += utf16_len(cluster)
        if size > limit:
            break
        kept += cluster
    return kept.rstrip() + "…"


def _hard_pieces(text: str, limit: int) -> list[str]:
    """Cut a piece with no usable boundary into runs of at most ``limit`` UTF-16 units."""
    pieces: list[str] = []
    current, size = "", 0
    for cluster in _clusters(text):
        # A single cluster longer than the limit (endless joiners) is cut by code point.
        for part in [cluster] if utf16_len(cluster) <= limit else list(cluster):
            width = utf16_len(part)
            if current and size + width > limit:
                pieces.append(current)
                current, size = "", 0
            current += part
            size += width
    if current:
        pieces.append(current)
    return pieces


def _atoms(span: Span, limit: int, fmt: RenderFormat) -> list[Span]:
    """A span split into pieces that each fit ``limit`` when rendered in ``fmt``."""
    if utf16_len(visible(span, fmt)) <= limit:
        return [span]
    if span.style is Style.LINK and fmt is RenderFormat.TEXT:
        # "text (url)" cannot be cut sensibly: give the URL its own span.
        return [
            *_atoms(Span(span.text + " ", Style.PLAIN), limit, fmt),
            *_atoms(Span(f"({span.url})", Style.PLAIN), limit, fmt),
        ]
    atoms: list[Span] = []
    for sentence in _cut_points(span.text):
        if utf16_len(sentence) <= limit:
            atoms.append(Span(sentence, span.style, span.url))
            continue
        for word in re.split(r"(?<=\s)(?=\S)", sentence):
            for piece in [word] if utf16_len(word) <= limit else _hard_pieces(word, limit):
                atoms.append(Span(piece, span.style, span.url))
    return atoms


def _split_paragraph(
    paragraph: Paragraph, limit: int, fmt: RenderFormat, max_entities: int
) -> list[Paragraph]:
    """A paragraph too long (or too rich in entities) for one message, as several that fit."""
    parts: list[Paragraph] = []
    current: list[Span] = []
    size = entities = 0
    for span in paragraph:
        for atom in _atoms(span, limit, fmt):
            width = utf16_len(visible(atom, fmt))
            joins = bool(current) and (current[-1].style, current[-1].url) == (atom.style, atom.url)
            weight = 0 if joins or fmt is RenderFormat.TEXT else ENTITIES[atom.style]
            if current and (size + width > limit or entities + weight > max_entities):
                parts.append(tuple(current))
                current, size, entities = [], 0, 0
                weight = 0 if fmt is RenderFormat.TEXT else ENTITIES[atom.style]
            if not current:
                stripped = Span(atom.text.lstrip(), atom.style, atom.url)
                if not stripped.text:
                    continue
                atom, width = stripped, utf16_len(visible(stripped, fmt))
            current.append(atom)
            size += width
            entities += weight
    if current:
        parts.append(tuple(current))
    return parts


@dataclass(frozen=True, slots=True)
class _Piece:
    """One rendered paragraph (or part of one) placed in a message."""

    text: str
    width: int
    entities: int
    # The fold it belongs to (a number unique within the packing), None when visible.
    fold: int | None
    # What separates it from the piece before it in the same message.
    sep: str


class _Packer:
    """Fills messages with blocks, breaking at block boundaries first."""

    def __init__(self, fmt: RenderFormat, limit: int, block_sep: str) -> None:
        self.fmt, self.limit, self.block_sep = fmt, limit, block_sep
        self.messages: list[str] = []
        self.pieces: list[_Piece] = []
        self.size = self.entities = 0
        self.folds = 0

    # -- messages ----------------------------------------------------------------------------

    def flush(self) -> None:
        out: list[str] = []
        fold: int | None = None
        for index, piece in enumerate(self.pieces):
            if fold is not None and piece.fold != fold:
                out.append(_FOLD_CLOSE)
                fold = None
            if index:
                out.append(piece.sep)
            if piece.fold is not None and piece.fold != fold:
                out.append(_FOLD_OPEN)
                fold = piece.fold
            out.append(piece.text)
        if fold is not None:
            out.append(_FOLD_CLOSE)
        text = "".join(out).strip()
        if text:
            self.messages.append(text)
        self.pieces, self.size, self.entities = [], 0, 0

    def _placed(self, pieces: Sequence[_Piece], *, starts_block: bool) -> list[_Piece]:
        """``pieces`` with the separator each gets when appended to the current message."""
        placed = []
        for index, piece in enumerate(pieces):
            sep = self.block_sep if index == 0 and starts_block else piece.sep
            placed.append(_Piece(piece.text, piece.width, piece.entities, piece.fold, sep))
        return placed

    def _cost(self, pieces: Sequence[_Piece], *, alone: bool = False) -> tuple[int, int]:
        """Visible units and entities that placed ``pieces`` add to the current message (to an
        empty one with ``alone``)."""
        width = entities = 0
        last = self.pieces[-1].fold if self.pieces and not alone else None
        for index, piece in enumerate(pieces):
            if (self.pieces and not alone) or index:
                width += len(piece.sep)
            width += piece.width
            opens = piece.fold is not None and piece.fold != last
            entities += piece.entities + (1 if opens and self.fmt is RenderFormat.HTML else 0)
            last = piece.fold
        return width, entities

    def _fits(self, pieces: Sequence[_Piece], *, alone: bool = False) -> bool:
        width, entities = self._cost(pieces, alone=alone)
        used, spent = (0, 0) if alone else (self.size, self.entities)
        return used + width <= self.limit and spent + entities <= TELEGRAM_MAX_ENTITIES

    def _append(self, pieces: Sequence[_Piece]) -> None:
        width, entities = self._cost(pieces)
        self.pieces.extend(pieces)
        self.size += width
        self.entities += entities

    # -- blocks ------------------------------------------------------------------------------

    def _lines(self, block: Block) -> list[tuple[Paragraph, int | None]]:
        """The block's paragraphs in order, each with its fold (plain text: indented instead)."""
        lines: list[tuple[Paragraph, int | None]] = []
        for part in block:
            if isinstance(part, Fold):
                self.folds += 1
                for paragraph in part.paragraphs:
                    if self.fmt is RenderFormat.TEXT and paragraph:
                        lines.append(((Span(_FOLD_INDENT), *paragraph), None))
                    elif paragraph:
                        lines.append((paragraph, self.folds))
            elif part:
                lines.append((part, None))
        return lines

    def _piece(self, paragraph: Paragraph, fold: int | None) -> _Piece:
        return _Piece(
            render_paragraph(paragraph, self.fmt),
            paragraph_length(paragraph, self.fmt),
            entity_count(paragraph, self.fmt),
            fold,
            "\n",
        )

    def add_block(self, block: Block) -> None:
        lines = [
            (p, fold) for p, fold in self._lines(block) if render_paragraph(p, self.fmt).strip()
        ]
        if not lines:
            return
        whole = self._placed([self._piece(p, fold) for p, fold in lines], starts_block=True)
        if self._fits(whole):
            self._append(whole)
            return
        if self._fits(whole, alone=True):
            self.flush()
            self._append(self._placed(whole, starts_block=False))
            return
        # One block bigger than a message: it starts where the last one ended (a header stays
        # with the story after it), cut between paragraphs, then inside them.
        for index, ((paragraph, fold), piece) in enumerate(zip(lines, whole, strict=True)):
            # A piece that opens a fold also spends that blockquote's entity.
            room = TELEGRAM_MAX_ENTITIES - (1 if fold is not None else 0)
            parts = (
                [piece]
                if piece.width <= self.limit and piece.entities <= room
                else [
                    self._piece(part, fold)
                    for part in _split_paragraph(paragraph, self.limit, self.fmt, room)
                ]
            )
            if index == 0:
                parts = self._placed(parts, starts_block=True)
            for part in parts:
                if not part.text.strip():
                    continue
                if self.pieces and not self._fits([part]):
                    self.flush()
                self._append([part])


def pack(blocks: Sequence[Block], fmt: RenderFormat, limit: int, block_sep: str) -> list[str]:
    """The blocks as messages of at most ``limit`` visible UTF-16 units and
    ``TELEGRAM_MAX_ENTITIES`` entities, ``block_sep`` between blocks that share a message."""
    if limit < _MIN_LIMIT:
        raise RenderError(f"message limit {limit} is below the minimum of {_MIN_LIMIT}")
    packer = _Packer(fmt, limit, block_sep)
    for block in blocks:
        packer.add_block(block)
    packer.flush()
    return packer.messages
