"""NewsReader MEANTIME documents: tokens joined back into text, gold people and TIMEX3s.

Only the title, the dateline and the first four sentences (token ``sentence`` 0-5) are annotated;
``annotated_end`` is where that part ends in the joined text, so scores can be limited to it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree

from evaluation.corpora.timeml import Timex

__all__ = [
    "ANNOTATED_SENTENCES",
    "GoldPerson",
    "MeantimeDocument",
    "join_tokens",
    "load_meantime",
    "parse_meantime",
]

ANNOTATED_SENTENCES = 6
_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", "%", ")", "]", "}", "''", "'s", "’s", "n't", "'"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "£", "€", "#"}
_QUOTE_MARKS = {"``": "“", "''": "”"}


@dataclass(frozen=True, slots=True)
class GoldPerson:
    """A PER entity with at least one proper-name mention in the annotated sentences."""

    entity_id: str
    # The corpus-wide id (cross-document annotation only): one real person, many articles.
    instance_id: str | None
    names: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class MeantimeDocument:
    doc_id: str
    name: str
    topic: str
    title: str
    dateline: str
    # title, a blank line, the dateline, a blank line, the body sentences in one paragraph
    text: str
    body_start: int
    annotated_end: int
    creation: date | None
    people: tuple[GoldPerson, ...]
    timexes: tuple[Timex, ...]


def join_tokens(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Tokens as running text (spaces where typeset text has them) and each token's span."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    glue = True
    double_open = True
    for raw in tokens:
        token = raw
        if token == '"':
            token = "“" if double_open else "”"
            double_open = not double_open
        token = _QUOTE_MARKS.get(token, token)
        closing = token in ("”", "’") or raw in _NO_SPACE_BEFORE
        if out and not glue and not closing:
            out.append(" ")
            length += 1
        spans.append((length, length + len(token)))
        out.append(token)
        length += len(token)
        glue = raw in _NO_SPACE_AFTER or token == "“"
    return "".join(out), spans


def _attr_date(value: str) -> date | None:
    parts = value.split("-")
    if len(parts) >= 3 and all(p.isdigit() for p in parts[:3]):
        return date(int(parts[0]), int(parts[1]), int(parts[2][:2]))
    return None


def parse_meantime(xml: str, *, name: str, topic: str) -> MeantimeDocument:
    """One MEANTIME XML document as text with its gold people and temporal expressions."""
    root = ElementTree.fromstring(xml)
    by_sentence: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for token in root.iter("token"):
        by_sentence[int(token.get("sentence", "0"))].append(
            (token.get("t_id", ""), token.text or "")
        )
    sentences = [by_sentence[k] for k in sorted(by_sentence)]
    pieces: list[str] = []
    token_span: dict[str, tuple[int, int]] = {}
    sentence_of: dict[str, int] = {}
    offset = 0
    body_start = annotated_end = 0
    for number, tokens in enumerate(sentences):
        if number in (1, 2):
            pieces.append("\n\n")
            offset += 2
        elif number > 2:
            pieces.append(" ")
            offset += 1
        if number == 2:
            body_start = offset
        text, spans = join_tokens([t for _, t in tokens])
        for (t_id, _), (start, end) in zip(tokens, spans, strict=True):
            token_span[t_id] = (offset + start, offset + end)
            sentence_of[t_id] = number
        pieces.append(text)
        offset += len(text)
        if number < ANNOTATED_SENTENCES:
            annotated_end = offset
    text = "".join(pieces)
    title = text.split("\n\n", 1)[0]
    dateline = text.split("\n\n")[1] if text.count("\n\n") >= 1 else ""

    markables = root.find("Markables")
    mentions: dict[str, Element] = {}
    entities: dict[str, Element] = {}
    timex_elements: list[Element] = []
    if markables is not None:
        for element in markables:
            m_id = element.get("m_id", "")
            if element.tag == "ENTITY_MENTION":
                mentions[m_id] = element
            elif element.tag == "ENTITY":
                entities[m_id] = element
            elif element.tag == "TIMEX3":
                timex_elements.append(element)

    def span_of(element: Element) -> tuple[int, int] | None:
        ids = [a.get("t_id", "") for a in element.iter("token_anchor")]
        known = [token_span[i] for i in ids if i in token_span]
        if not known:
            return None
        return min(s for s, _ in known), max(e for _, e in known)

    refers: dict[str, list[str]] = defaultdict(list)
    relations = root.find("Relations")
    if relations is not None:
        for relation in relations.iter("REFERS_TO"):
            target = relation.find("target")
            if target is None:
                continue
            for source in relation.iter("source"):
                refers[target.get("m_id", "")].append(source.get("m_id", ""))

    people: list[GoldPerson] = []
    for m_id, entity in entities.items():
        if entity.get("ent_type") != "PER":
            continue
        names: list[str] = []
        name_spans: list[tuple[int, int]] = []
        for mention_id in refers.get(m_id, []):
            mention = mentions.get(mention_id)
            if mention is None or mention.get("syntactic_type") != "NAM":
                continue
            span = span_of(mention)
            if span is None or span[0] >= annotated_end:
                continue
            names.append(text[span[0] : span[1]])
            name_spans.append(span)
        if names:
            people.append(
                GoldPerson(m_id, entity.get("instance_id"), tuple(names), tuple(sorted(name_spans)))
            )

    timexes: list[Timex] = []
    creation: date | None = None
    for element in timex_elements:
        value = element.get("value", "")
        function = element.get("functionInDocument", "NONE")
        if function == "CREATION_TIME":
            creation = _attr_date(value)
        span = span_of(element)
        if span is None:
            continue
        timexes.append(
            Timex(element.get("type", ""), value, text[span[0] : span[1]], *span, function)
        )
    return MeantimeDocument(
        doc_id=root.get("doc_id", name),
        name=name,
        topic=topic,
        title=title,
        dateline=dateline,
        text=text,
        body_start=body_start,
        annotated_end=annotated_end,
        creation=creation,
        people=tuple(sorted(people, key=lambda p: p.spans[0])),
        timexes=tuple(sorted(timexes, key=lambda t: t.start)),
    )


def load_meantime(folder: Path) -> list[MeantimeDocument]:
    """Every document of every ``corpus_*`` topic folder below ``folder``, by topic and name."""
    documents = []
    for topic_dir in sorted(folder.glob("corpus_*")):
        topic = topic_dir.name.removeprefix("corpus_")
        for path in sorted(topic_dir.glob("*.xml")):
            xml = path.read_text(encoding="utf-8")
            documents.append(parse_meantime(xml, name=path.stem, topic=topic))
    return documents
