"""OPML, the feed readers' exchange format: read subscription lists in, write ours out.

Pure: bytes in, dataclasses out, and back. Parsing goes through defusedxml, so entity expansion
("billion laughs"), external entities and DTD tricks are refused rather than obeyed. A file whose
encoding is declared wrongly or not at all is decoded by detection before it is given up on.

Real subscription lists are often not well-formed: most often an ``&`` left unescaped in a title
or a URL, or an HTML entity (``&nbsp;``). Such a file is repaired (a stray ``&`` becomes
``&amp;``, an HTML entity its character) and parsed strictly again; what still fails is read by
lxml's recovering parser, which never loads a DTD or expands an entity. An outline that cannot be
a feed (a broken URL, a port out of range, nesting deeper than MAX_DEPTH) is skipped with its
reason; the rest of the file is imported.
"""

from __future__ import annotations

import html.entities
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import defusedxml.ElementTree as SafeET
import lxml.etree
from charset_normalizer import from_bytes
from defusedxml import DefusedXmlException

from digests.sources.urls import MAX_SOURCE_URL_CHARS, shown, url_problem

__all__ = [
    "OpmlDocument",
    "OpmlError",
    "OpmlFeed",
    "OpmlSkip",
    "SkipReason",
    "export_opml",
    "feed_key",
    "parse_opml",
]

# A subscription list is small; anything far bigger is not one.
MAX_OPML_BYTES = 5_000_000
# Folders within folders this deep are not a reader's subscription list.
MAX_DEPTH = 32

_REFUSED = "refused: the file declares XML entities or a DTD, which OPML never needs"
_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_AMPERSAND = re.compile(r"&(#[0-9]+;|#x[0-9A-Fa-f]+;|[A-Za-z][A-Za-z0-9]*;)?")
_XML_ENTITIES = frozenset({"amp;", "lt;", "gt;", "quot;", "apos;"})
_DECLARATIONS = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# lxml and ElementTree elements alike: .tag, .attrib, .text, iteration, len().
_Element = Any


class OpmlError(ValueError):
    """The file is not OPML we can read: malformed XML, not OPML, too big, undecodable."""


class SkipReason(StrEnum):
    NO_XML_URL = "no xmlUrl"
    NOT_HTTP = "xmlUrl is not an http(s) URL"
    INVALID_URL = "invalid URL"
    TOO_DEEP = "nested too deeply"
    DUPLICATE = "duplicate of an earlier outline"
    ALREADY_PRESENT = "already a source"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One feed subscription: its feed URL, and what the file says of it."""

    xml_url: str
    title: str | None = None
    html_url: str | None = None
    # Titles of the enclosing folder outlines, outermost first: ("News", "Ukraine").
    folders: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class OpmlSkip:
    """An outline that was not taken, and why, in words fit for a report line."""

    what: str
    reason: SkipReason
    detail: str | None = None

    def __str__(self) -> str:
        why = f"{self.reason}: {self.detail}" if self.detail else str(self.reason)
        return f"{self.what} ({why})"


@dataclass(frozen=True, slots=True)
class OpmlDocument:
    """What a file held: its feeds in document order and the outlines passed over."""

    title: str | None
    feeds: tuple[OpmlFeed, ...]
    skipped: tuple[OpmlSkip, ...]
    # The encoding the bytes were read with, and whether it was detected rather than declared.
    encoding: str
    encoding_detected: bool = False
    # Set when the XML's structure was broken and recovered: what the strict parser said.
    recovered_from: str | None = None


def feed_key(url: str) -> str:
    """The form two feed URLs are compared in: scheme and host lower-cased, no fragment."""
    parts = urlsplit(url.strip())
    netloc = parts.netloc.lower()
    scheme = parts.scheme.lower()
    if (scheme, netloc.rpartition(":")[2]) in {("http", "80"), ("https", "443")}:
        netloc = netloc.rpartition(":")[0]
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = " ".join(value.split())
    return cleaned or None


def _attr(element: _Element, name: str) -> str | None:
    # OPML in the wild spells attributes in any case: xmlUrl, xmlurl, XMLURL.
    for key, value in element.attrib.items():
        if key.lower() == name.lower():
            return _text(value)
    return None


def _local(tag: object) -> str:
    return str(tag).rpartition("}")[2].lower()


def _decode_undeclared(data: bytes) -> tuple[str, str]:
    """Bytes that are not what they claim: UTF-8 if they are, else the detector's best guess."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise OpmlError("cannot tell the file's text encoding (is it a binary file?)")
    return str(best), best.encoding


def _repair(text: str) -> str:
    """Stray ``&`` escaped, HTML entities as their characters; XML's own references kept."""

    def fix(match: re.Match[str]) -> str:
        reference = match.group(1)
        if reference is None:
            return "&amp;"
        if reference.startswith("#") or reference in _XML_ENTITIES:
            return match.group(0)
        char = html.entities.html5.get(reference)
        if char is None:
            return "&amp;" + reference
        return char.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")

    return _AMPERSAND.sub(fix, text)


def _strict(data: bytes) -> _Element:
    try:
        return SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise OpmlError(_REFUSED) from exc


def _lenient(text: str, first_error: Exception) -> tuple[_Element, bool]:
    """The repaired text strictly, else through lxml's recovering parser (no DTD, no entities).

    The flag says the recovering parser was needed: the structure itself was broken.
    """
    repaired = _repair(text).encode("utf-8")
    try:
        return _strict(repaired), False
    except (ET.ParseError, ValueError):
        pass
    if _DECLARATIONS.search(text):
        raise OpmlError(_REFUSED)
    parser = lxml.etree.XMLParser(
        recover=True,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = lxml.etree.fromstring(repaired, parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise OpmlError(f"not well-formed XML: {first_error}") from exc
    if root is None:
        raise OpmlError(f"not well-formed XML: {first_error}")
    return root, True


def _parse_root(data: bytes) -> tuple[_Element, str, bool, str | None]:
    declared_match = _DECLARED_ENCODING.match(data)
    declared = declared_match.group(1).decode("ascii").lower() if declared_match else None
    try:
        return _strict(data), declared or "utf-8", False, None
    except (ET.ParseError, LookupError, ValueError) as first:
        first_error = first
    # Expat gave up. Perhaps the declared (or the default UTF-8) encoding is wrong: decode as
    # declared if that works, else by detection; then repair what careless writers leave.
    text: str | None = None
    encoding = declared or "utf-8"
    try:
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        try:
            text, encoding = _decode_undeclared(data)
        except OpmlError:
            raise OpmlError(f"not well-formed XML: {first_error}") from first_error
    body = _XML_DECLARATION.sub(b"", text.encode("utf-8"), count=1).decode("utf-8")
    root, recovered = _lenient(body, first_error)
    detected = encoding.lower() != (declared or "utf-8")
    return root, encoding.lower(), detected, str(first_error) if recovered else None


def _walk(body: _Element, skipped: list[OpmlSkip]) -> Iterator[tuple[_Element, tuple[str, ...]]]:
    """Outlines in document order with their folder path; too-deep subtrees skipped once each."""
    stack: list[tuple[Iterator[_Element], tuple[str, ...]]] = [(iter(body), ())]
    while stack:
        children, folders = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            continue
        if _local(child.tag) != "outline":
            continue
        if len(stack) > MAX_DEPTH:
            what = _attr(child, "title") or _attr(child, "text") or "an untitled outline"
            detail = f"more than {MAX_DEPTH} levels down; it and what it holds are left out"
            skipped.append(OpmlSkip(what, SkipReason.TOO_DEEP, detail))
            continue
        yield child, folders
        name = _attr(child, "title") or _attr(child, "text")
        inner = (*folders, name) if name and _attr(child, "xmlUrl") is None else folders
        stack.append((iter(child), inner))


def _url_problem(url: str) -> tuple[SkipReason, str | None] | None:
    """Why an xmlUrl cannot be a feed's address (a source's, so of at most 2,048 characters)."""
    problem = url_problem(url, max_chars=MAX_SOURCE_URL_CHARS)
    if problem is None:
        return None
    if problem == "not an http(s) URL":
        return SkipReason.NOT_HTTP, None
    return SkipReason.INVALID_URL, problem


def parse_opml(data: bytes) -> OpmlDocument:
    """Read an OPML 1.0/2.0 subscription list; bad outlines are skipped with a reason."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"file too large for a subscription list ({len(data)} bytes)")
    if not data.strip():
        raise OpmlError("the file is empty")
    root, encoding, detected, broken = _parse_root(data)
    if _local(root.tag) != "opml":
        raise OpmlError(f"not an OPML file: the root element is <{_local(root.tag)}>, not <opml>")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise OpmlError("not an OPML file: no <body> element")
    head = next((child for child in root if _local(child.tag) == "head"), None)
    title_element = None
    if head is not None:
        title_element = next((c for c in head if _local(c.tag) == "title"), None)
    title = _text(title_element.text) if title_element is not None else None

    feeds: list[OpmlFeed] = []
    skipped: list[OpmlSkip] = []
    seen: dict[str, str] = {}
    for outline, folders in _walk(body, skipped):
        name = _attr(outline, "title") or _attr(outline, "text")
        xml_url = _attr(outline, "xmlUrl")
        if xml_url is None:
            # A folder (it has children) is structure, not a broken feed.
            if len(outline) == 0:
                html_url = _attr(outline, "htmlUrl")
                what = name or html_url or "an untitled outline"
                skipped.append(OpmlSkip(what, SkipReason.NO_XML_URL))
            continue
        what = f"{shown(name)} <{shown(xml_url)}>" if name else shown(xml_url)
        problem = _url_problem(xml_url)
        if problem is not None:
            skipped.append(OpmlSkip(what, *problem))
            continue
        key = feed_key(xml_url)
        if key in seen:
            skipped.append(OpmlSkip(what, SkipReason.DUPLICATE, seen[key]))
            continue
        seen[key] = name or xml_url
        feeds.append(
            OpmlFeed(
                xml_url=xml_url,
                # Writers put the URL in the required text attribute when they know no title.
                title=name if name != xml_url else None,
                html_url=_attr(outline, "htmlUrl"),
                folders=folders,
            )
        )
    if broken and not feeds:
        # Recovered, but nothing usable: the file's own error is the answer.
        raise OpmlError(f"not well-formed XML: {broken}")
    return OpmlDocument(
        title=title,
        feeds=tuple(feeds),
        skipped=tuple(skipped),
        encoding=encoding,
        encoding_detected=detected,
        recovered_from=broken,
    )


def _feed_outline(parent: ET.Element, feed: OpmlFeed) -> None:
    attrib = {"type": "rss", "text": feed.title or feed.xml_url}
    if feed.title:
        attrib["title"] = feed.title
    attrib["xmlUrl"] = feed.xml_url
    if feed.html_url:
        attrib["htmlUrl"] = feed.html_url
    ET.SubElement(parent, "outline", attrib)


def export_opml(
    feeds: Iterable[OpmlFeed],
    *,
    title: str = "NewsDigest sources",
    created: datetime | None = None,
) -> bytes:
    """An OPML 2.0 document (UTF-8) listing ``feeds``, grouped in folder outlines as given."""
    root = ET.Element("opml", {"version": "2.0"})
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(
        (created or datetime.now(UTC)).astimezone(UTC), usegmt=True
    )
    body = ET.SubElement(root, "body")
    folders: dict[tuple[str, ...], ET.Element] = {(): body}
    for feed in feeds:
        for depth in range(1, len(feed.folders) + 1):
            path = feed.folders[:depth]
            if path not in folders:
                folders[path] = ET.SubElement(
                    folders[path[:-1]], "outline", {"text": path[-1], "title": path[-1]}
                )
        _feed_outline(folders[feed.folders], feed)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
