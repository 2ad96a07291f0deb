"""Bytes to text when the declared charset is missing, wrong or odd (windows-1251, UTF-16...)."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

__all__ = [
    "declared_charset",
    "decode_bytes",
    "drop_unstorable_references",
    "is_binary",
]

# A character reference to a code point XML 1.0 forbids or Unicode lacks (NUL, a surrogate,
# beyond U+10FFFF): "&#0;", "&#xD800;". Lenient parsers turn these into characters no database
# stores (a lone surrogate fails the hashing of the text first), or fail on them. What is left
# of NUL and surrogates in text is the storage's to drop (``storage.base.storable``).
_BAD_REFERENCE = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,8})|0*(\d{1,10}));")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# The first characters of an XML document ("<?" or "<" after whitespace) in UTF-16/32
# without a byte-order mark, as XML 1.0 Appendix F tells them apart.
_NO_BOM = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)
_WIDE_SPACE = re.compile(rb"^(?:(?:\x00\x00\x00|\x00)?[ \t\r\n](?:\x00\x00\x00|\x00)?)*")
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)
_HEAD = 4096
_PREFERRED = [
    codecs.lookup(name).name
    for name in ("utf-8", "cp1252", "latin-1", "cp1251", "koi8-r", "iso8859-15", "cp1250")
]


def _usable(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def declared_charset(content: bytes) -> str | None:
    """The charset named inside the document (XML declaration or HTML meta), if any."""
    head = content[:_HEAD]
    match = _XML_DECL.match(head) or _META_CHARSET.search(head)
    return _usable(match.group(1).decode("ascii", "replace")) if match else None


def _wide_without_bom(content: bytes) -> str | None:
    """UTF-16 or UTF-32 markup without a byte-order mark, told by where its NUL bytes fall."""
    head = content[:512]
    start = head[_WIDE_SPACE.match(head).end() :]  # type: ignore[union-attr]
    for pattern, name in _NO_BOM:
        if start.startswith(pattern):
            try:
                content[:4096].decode(name, errors="strict")
            except UnicodeDecodeError as exc:
                # A cut at the sample's end is fine; a bad unit inside it is not this encoding.
                if exc.start < len(content[:4096]) - 4:
                    continue
            return name
    return None


def is_binary(content: bytes) -> bool:
    """True for bytes that are not text in any encoding we read (NUL bytes without a UTF BOM)."""
    head = content[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS) or _wide_without_bom(head):
        return False
    return b"\x00" in head


def _utf8_beyond_ascii(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not content.isascii()


def _reference_kept(match: re.Match[str]) -> str:
    hexa, decimal = match.groups()
    point = int(hexa, 16) if hexa is not None else int(decimal)
    if point == 0 or 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
        return ""
    return match.group(0)


def drop_unstorable_references(markup: str) -> str:
    """``markup`` without character references to NUL, surrogates or beyond Unicode."""
    return _BAD_REFERENCE.sub(_reference_kept, markup) if "&#" in markup else markup


def decode_bytes(content: bytes, *, charset: str | None = None) -> tuple[str, str]:
    """Decode ``content``; returns the text and the encoding used.

    Order: a byte-order mark (or UTF-16/32 markup without one), the charset the server
    declared, the one the document declares, UTF-8, then statistical detection. A declaration
    that does not decode is not trusted, and neither is one that is not UTF-8 for bytes that
    are valid UTF-8 beyond ASCII: text in another encoding almost never is, while a wrong
    "iso-8859-1" header on UTF-8 bytes is common (and any bytes decode as Latin-1).
    """
    for bom, name in _BOMS:
        if content.startswith(bom):
            return content.decode(name, errors="replace"), name
    wide = _wide_without_bom(content)
    if wide is not None:
        return content.decode(wide, errors="replace"), wide
    if _utf8_beyond_ascii(content):
        return content.decode("utf-8"), "utf-8"
    candidates = [_usable(charset), declared_charset(content), "utf-8"]
    for candidate in candidates:
        if candidate is None:
            continue
        try:
            return content.decode(candidate), candidate
        except (UnicodeDecodeError, LookupError):
            continue
    best = _detect(content)
    if best is not None:
        return content.decode(best, errors="replace"), best
    return content.decode("windows-1252", errors="replace"), "windows-1252"


def _detect(content: bytes) -> str | None:
    matches = [m for m in from_bytes(content) if _usable(m.encoding)]
    if not matches:
        return None

    # Several single-byte code pages often fit about equally well (small chaos differences
    # are noise on short texts); prefer the ones the web uses.
    def rank(match: object) -> tuple[float, float, int]:
        name = _usable(getattr(match, "encoding", None)) or ""
        preferred = _PREFERRED.index(name) if name in _PREFERRED else len(_PREFERRED)
        return (
            round(getattr(match, "chaos", 1.0), 1),
            -round(getattr(match, "coherence", 0.0), 1),
            preferred,
        )

    return _usable(min(matches, key=rank).encoding)
