"""A strict validator of Telegram's HTML parse mode, modelled on TDLib's ``parse_html``.

Telegram accepts a small set of tags and four named entities; its own parser forgives a bare ``&``
or an unknown attribute, this one does not (strict mode), so a renderer bug shows up in tests
instead of as a mangled message. Error messages follow Telegram's wording ("Unsupported start tag
"foo" at byte offset 0"), byte offsets counted in UTF-8 like Telegram does.

Exceptions:
    TelegramHtmlError (ValueError) -- the text is not valid Telegram HTML; ``str()`` is the
        detail Telegram puts after "Bad Request: can't parse entities: ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "HtmlEntity",
    "ParsedHtml",
    "TelegramHtmlError",
    "parse_telegram_html",
    "utf16_length",
]

_FORMATTING = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
}
_SUPPORTED = {*_FORMATTING, "span", "a", "code", "pre", "blockquote", "tg-emoji"}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_URL_SCHEMES = ("http://", "https://", "tg://", "mailto:", "ftp://", "ton://")
_SPACES = " \t\n\r\f\v"
_NAME_TOKEN = re.compile(r"[A-Za-z0-9.\-]*")
_LANGUAGE = re.compile(r"[A-Za-z0-9_+#.\-]{1,64}")


class TelegramHtmlError(ValueError):
    """The text is not valid Telegram HTML; the message says where, as Telegram would."""


@dataclass(frozen=True)
class HtmlEntity:
    """One formatting entity, offsets and lengths in UTF-16 code units as in the Bot API."""

    type: str
    offset: int
    length: int
    url: str | None = None
    language: str | None = None
    custom_emoji_id: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The Bot API MessageEntity JSON object for this entity."""
        data: dict[str, object] = {"type": self.type, "offset": self.offset, "length": self.length}
        if self.url is not None:
            data["url"] = self.url
        if self.language is not None:
            data["language"] = self.language
        if self.custom_emoji_id is not None:
            data["custom_emoji_id"] = self.custom_emoji_id
        return data


@dataclass(frozen=True)
class ParsedHtml:
    """The plain text Telegram would show, its length as Telegram counts it, and its entities."""

    text: str
    utf16_length: int
    entities: tuple[HtmlEntity, ...] = field(default=())


@dataclass
class _Open:
    tag: str
    attributes: dict[str, str]
    byte_offset: int
    utf16_offset: int
    # Start tags opened before this one.
    rank: int = 0


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's limits and entity offsets."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def parse_telegram_html(text: str, *, strict: bool = True) -> ParsedHtml:
    """Parse ``text`` as Telegram would; TelegramHtmlError where Telegram (or strictness) fails."""
    return _Parser(text, strict=strict).parse()


class _Parser:
    def __init__(self, source: str, *, strict: bool) -> None:
        self.source = source
        self.strict = strict
        self.pos = 0
        self.out: list[str] = []
        self.utf16 = 0
        self.stack: list[_Open] = []
        # Each entity with the rank of its start tag: of two entities with the same span, the
        # one opened first encloses the other and comes first, as Telegram sorts them.
        self.entities: list[tuple[int, HtmlEntity]] = []
        self.opened = 0

    # -- helpers -----------------------------------------------------------------------------

    def byte_offset(self, index: int) -> int:
        return len(self.source[:index].encode("utf-8", "surrogatepass"))

    def error(self, message: str) -> TelegramHtmlError:
        return TelegramHtmlError(message)

    def peek(self, index: int) -> str:
        return self.source[index] if index < len(self.source) else ""

    def emit(self, chars: str) -> None:
        self.out.append(chars)
        self.utf16 += utf16_length(chars)

    # -- main loop ---------------------------------------------------------------------------

    def parse(self) -> ParsedHtml:
        try:
            self.source.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise self.error("Strings must be encoded in UTF-8") from exc
        source = self.source
        while self.pos < len(source):
            char = source[self.pos]
            if char == "&":
                decoded = self.decode_entity(self.pos)
                if decoded is not None:
                    value, self.pos = decoded
                    self.emit(value)
                    continue
                if self.strict:
                    raise self.error(
                        f'Character "&" must be escaped as "&amp;" at byte offset '
                        f"{self.byte_offset(self.pos)}"
                    )
            if char == ">" and self.strict:
                raise self.error(
                    f'Character ">" must be escaped as "&gt;" at byte offset '
                    f"{self.byte_offset(self.pos)}"
                )
            if char != "<":
                self.check_text_allowed()
                self.emit(char)
                self.pos += 1
                continue
            if self.peek(self.pos + 1) == "/":
                self.end_tag()
            else:
                self.start_tag()
        if self.stack:
            raise self.error(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"'
            )
        text = "".join(self.out)
        ranked = sorted(self.entities, key=lambda item: (item[1].offset, -item[1].length, item[0]))
        entities = [entity for _, entity in ranked]
        return ParsedHtml(text=text, utf16_length=self.utf16, entities=tuple(entities))

    def check_text_allowed(self) -> None:
        # A <pre> may hold text or exactly one <code>; text beside that <code> is a renderer bug.
        char = self.source[self.pos]
        if self.strict and self.stack and self.stack[-1].tag == "pre" and not char.isspace():
            pre = self.stack[-1]
            if pre.attributes.get("_has_code"):
                raise self.error(
                    f"Text outside <code> inside <pre> at byte offset {self.byte_offset(self.pos)}"
                )
            pre.attributes["_has_text"] = "1"

    def decode_entity(self, start: int) -> tuple[str, int] | None:
        """The character an entity at ``start`` stands for and the index after it, or None."""
        source = self.source
        index = start + 1
        if self.peek(index) == "#":
            index += 1
            hexadecimal = self.peek(index) in ("x", "X")
            if hexadecimal:
                index += 1
            digits_start = index
            allowed = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
            while index < len(source) and source[index] in allowed:
                index += 1
            digits = source[digits_start:index]
            if not digits or len(digits) > 8:
                return None
            code = int(digits, 16 if hexadecimal else 10)
            if code == 0 or code >= 0x10FFFF:
                return None
            if 0xD800 <= code <= 0xDFFF:
                if self.strict:
                    raise self.error(
                        f"Invalid character reference at byte offset {self.byte_offset(start)}"
                    )
                return None
            value = chr(code)
        else:
            while index < len(source) and source[index].isascii() and source[index].isalpha():
                index += 1
            name = source[start + 1 : index]
            if name not in _NAMED_ENTITIES:
                if self.strict and name and self.peek(index) == ";":
                    raise self.error(
                        f'Unsupported HTML entity "&{name};" at byte offset '
                        f"{self.byte_offset(start)}; only &lt; &gt; &amp; &quot; and "
                        "numeric entities are supported"
                    )
                return None
            value = _NAMED_ENTITIES[name]
        if self.peek(index) == ";":
            return value, index + 1
        if self.strict:
            raise self.error(f"Entity without ';' at byte offset {self.byte_offset(start)}")
        return value, index

    # -- tags --------------------------------------------------------------------------------

    def start_tag(self) -> None:
        source = self.source
        begin = self.pos
        index = begin + 1
        while index < len(source) and source[index] not in _SPACES and source[index] != ">":
            index += 1
        if index >= len(source):
            raise self.error(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        tag = source[begin + 1 : index].lower()
        if tag not in _SUPPORTED:
            raise self.error(
                f'Unsupported start tag "{tag}" at byte offset {self.byte_offset(begin)}'
            )
        attributes: dict[str, str] = {}
        while True:
            while index < len(source) and source[index] in _SPACES:
                index += 1
            if index >= len(source):
                raise self.error(
                    f'Unclosed start tag "{tag}" at byte offset {self.byte_offset(begin)}'
                )
            if source[index] == ">":
                index += 1
                break
            name_start = index
            while (
                index < len(source) and source[index] not in _SPACES and source[index] not in "=>"
            ):
                index += 1
            name = source[name_start:index].lower()
            if not name:
                raise self.error(
                    f'Empty attribute name in the tag "{tag}" at byte offset '
                    f"{self.byte_offset(begin)}"
                )
            while index < len(source) and source[index] in _SPACES:
                index += 1
            if self.peek(index) != "=":
                if tag == "blockquote" and name == "expandable":
                    attributes[name] = ""
                    continue
                raise self.error(
                    f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                    f"at byte offset {self.byte_offset(begin)}"
                )
            index += 1
            while index < len(source) and source[index] in _SPACES:
                index += 1
            if index >= len(source):
                raise self.error(
                    f'Unclosed start tag "{tag}" at byte offset {self.byte_offset(begin)}'
                )
            value, index = self.attribute_value(index, tag, begin)
            attributes[name] = value
        self.pos = index
        self.open(tag, attributes, begin)

    def attribute_value(self, index: int, tag: str, begin: int) -> tuple[str, int]:
        source = self.source
        quote = source[index]
        if quote not in "'\"":
            match = _NAME_TOKEN.match(source, index)
            end = match.end() if match else index
            if end >= len(source) or (source[end] not in _SPACES and source[end] != ">"):
                raise self.error(
                    f"Unexpected end of name token at byte offset {self.byte_offset(index)}"
                )
            return source[index:end].lower(), end
        index += 1
        chars: list[str] = []
        while index < len(source) and source[index] != quote:
            if source[index] == "&":
                decoded = self.decode_entity(index)
                if decoded is not None:
                    chars.append(decoded[0])
                    index = decoded[1]
                    continue
            if source[index] == "<" and self.strict:
                raise self.error(
                    f'Character "<" in an attribute of the tag "{tag}" at byte offset '
                    f"{self.byte_offset(index)}"
                )
            chars.append(source[index])
            index += 1
        if index >= len(source):
            raise self.error(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        return "".join(chars), index + 1

    def open(self, tag: str, attributes: dict[str, str], begin: int) -> None:
        offset = self.byte_offset(begin)
        allowed: dict[str, set[str]] = {
            "a": {"href"},
            "span": {"class"},
            "code": {"class"},
            "tg-emoji": {"emoji-id"},
            "blockquote": {"expandable"},
        }
        if tag == "span" and attributes.get("class") != "tg-spoiler":
            raise self.error(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
        if tag == "tg-emoji" and not attributes.get("emoji-id", "").isdigit():
            raise self.error(
                f'Tag "tg-emoji" must have a numeric attribute "emoji-id" at byte offset {offset}'
            )
        if self.strict:
            unknown = set(attributes) - allowed.get(tag, set())
            if unknown:
                raise self.error(
                    f'Unsupported attribute "{sorted(unknown)[0]}" in the tag "{tag}" at byte '
                    f"offset {offset}"
                )
            if tag == "a":
                href = attributes.get("href", "")
                if not href.lower().startswith(_URL_SCHEMES) or len(href) <= len("tg://"):
                    raise self.error(f'Invalid URL "{href}" in the tag "a" at byte offset {offset}')
            if tag == "code" and "class" in attributes:
                language = attributes["class"].removeprefix("language-")
                if not attributes["class"].startswith("language-") or not _LANGUAGE.fullmatch(
                    language
                ):
                    raise self.error(
                        f'Tag "code" class must be "language-NAME" at byte offset {offset}'
                    )
            self.check_nesting(tag, offset)
        if tag == "code" and self.stack and self.stack[-1].tag == "pre":
            self.stack[-1].attributes["_has_code"] = "1"
        self.stack.append(_Open(tag, attributes, offset, self.utf16, self.opened))
        self.opened += 1

    def check_nesting(self, tag: str, offset: int) -> None:
        open_tags = [entry.tag for entry in self.stack]
        if not open_tags:
            return
        parent = self.stack[-1]
        if parent.tag == "pre" and tag == "code":
            if parent.attributes.get("_has_text") or parent.attributes.get("_has_code"):
                raise self.error(
                    f'Tag "code" must be the only content of "pre" at byte offset {offset}'
                )
            return
        for name in ("code", "pre", "tg-emoji"):
            if name in open_tags:
                raise self.error(f'Tag "{tag}" can\'t be inside "{name}" at byte offset {offset}')
        if tag == "blockquote" and "blockquote" in open_tags:
            raise self.error(f'Tag "blockquote" can\'t be nested at byte offset {offset}')
        if tag == "a" and "a" in open_tags:
            raise self.error(f'Tag "a" can\'t be inside "a" at byte offset {offset}')
        if tag in ("pre", "blockquote") and any(t not in ("blockquote",) for t in open_tags):
            raise self.error(
                f'Tag "{tag}" can\'t be inside "{open_tags[-1]}" at byte offset {offset}'
            )

    def end_tag(self) -> None:
        source = self.source
        begin = self.pos
        if not self.stack:
            raise self.error(f"Unexpected end tag at byte offset {self.byte_offset(begin)}")
        index = begin + 2
        while index < len(source) and source[index] not in _SPACES and source[index] != ">":
            index += 1
        name = source[begin + 2 : index].lower()
        while index < len(source) and source[index] in _SPACES:
            index += 1
        if self.peek(index) != ">":
            raise self.error(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        current = self.stack[-1]
        if (name or self.strict) and name != current.tag:
            raise self.error(
                f"Unmatched end tag at byte offset {self.byte_offset(begin)}, expected "
                f'"</{current.tag}>", found "</{name}>"'
            )
        self.stack.pop()
        self.pos = index + 1
        self.close(current)

    def close(self, opened: _Open) -> None:
        length = self.utf16 - opened.utf16_offset
        if opened.tag == "tg-emoji" and length == 0 and self.strict:
            raise self.error(
                f'Tag "tg-emoji" must contain an emoji at byte offset {opened.byte_offset}'
            )
        if length == 0:
            return
        attrs = opened.attributes
        tag = opened.tag
        entity: HtmlEntity
        if tag in _FORMATTING:
            entity = HtmlEntity(_FORMATTING[tag], opened.utf16_offset, length)
        elif tag == "span":
            entity = HtmlEntity("spoiler", opened.utf16_offset, length)
        elif tag == "a":
            entity = HtmlEntity("text_link", opened.utf16_offset, length, url=attrs.get("href"))
        elif tag == "tg-emoji":
            entity = HtmlEntity(
                "custom_emoji", opened.utf16_offset, length, custom_emoji_id=attrs["emoji-id"]
            )
        elif tag == "blockquote":
            kind = "expandable_blockquote" if "expandable" in attrs else "blockquote"
            entity = HtmlEntity(kind, opened.utf16_offset, length)
        elif tag == "code":
            language = attrs.get("class", "").removeprefix("language-") or None
            if self.stack and self.stack[-1].tag == "pre":
                if language:
                    self.stack[-1].attributes["_language"] = language
                return
            entity = HtmlEntity("code", opened.utf16_offset, length)
        else:  # pre
            entity = HtmlEntity("pre", opened.utf16_offset, length, language=attrs.get("_language"))
        self.entities.append((opened.rank, entity))
