"""TimeML 1.2.1 documents (TimeBank, AQUAINT): the text, the creation date, the TIMEX3s in it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from defusedxml import ElementTree

__all__ = ["SUBSETS", "TimeMLDocument", "Timex", "load_timeml", "parse_timeml"]


@dataclass(frozen=True, slots=True)
class Timex:
    """One annotated temporal expression: its type, normalized value and place in the text."""

    type: str
    value: str
    text: str
    start: int
    end: int
    function: str = "NONE"


@dataclass(frozen=True, slots=True)
class TimeMLDocument:
    doc_id: str
    creation: date
    text: str
    timexes: tuple[Timex, ...]


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def _creation_date(value: str) -> date:
    match = _ISO_DAY.match(value)
    if match is None:
        raise ValueError(f"creation time {value!r} is not a calendar day")
    return date(int(match[1]), int(match[2]), int(match[3]))


def parse_timeml(xml: str, *, name: str = "document") -> TimeMLDocument:
    """A TimeML document from its XML; the text is ``<TEXT>`` with every tag removed."""
    root = ElementTree.fromstring(xml)
    doc_id = (root.findtext("DOCID") or name).strip()
    dct = root.find("DCT/TIMEX3")
    if dct is None:
        raise ValueError(f"{name}: no <DCT><TIMEX3> creation time")
    body = root.find("TEXT")
    if body is None:
        raise ValueError(f"{name}: no <TEXT>")
    parts: list[str] = []
    found: list[tuple[ElementTree.Element, int, int]] = []
    length = 0

    def walk(element: ElementTree.Element) -> None:
        nonlocal length
        start = length
        if element.text:
            parts.append(element.text)
            length += len(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                length += len(child.tail)
        if element.tag == "TIMEX3":
            found.append((element, start, length))

    walk(body)
    text = "".join(parts)
    timexes = [
        Timex(
            type=element.get("type", ""),
            value=element.get("value", ""),
            text=text[start:end],
            start=start,
            end=end,
            function=element.get("functionInDocument", "NONE"),
        )
        for element, start, end in found
    ]
    return TimeMLDocument(
        doc_id=doc_id,
        creation=_creation_date(dct.get("value", "")),
        text=text,
        timexes=tuple(sorted(timexes, key=lambda t: t.start)),
    )


# The corpus' own sub-folders; others (such as a tool's test copy) repeat their documents.
SUBSETS = ("TimeBank", "AQUAINT")


def load_timeml(folder: Path) -> list[TimeMLDocument]:
    """Every ``*.tml`` of the TimeBank and AQUAINT sub-folders of ``folder``, in path order."""
    paths = sorted(p for subset in SUBSETS for p in (folder / subset).glob("*.tml"))
    return [parse_timeml(p.read_text(encoding="utf-8"), name=p.name) for p in paths]
