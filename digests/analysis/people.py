"""People in an article: one entry per real person, with aliases, a role and mention counts.

The small English model labels places ("Kyiv"), credits ("WILL OLIVER") and companies as people;
such names are dropped on evidence from the text (all capitals, an organisation noun before them, a
lone word never given a first name nor saying anything), not from lists of particular names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from digests.analysis.lexicon import ORG_NOUNS, SPEECH_VERBS
from digests.analysis.models import PersonFound
from digests.analysis.names import name_tokens, normalize_name

__all__ = [
    "PeopleFound",
    "find_people",
    "merge_people",
    "person_keys",
    "same_name",
    "same_person",
]

_SURNAME_RATIO = 85.0
_FIRST_NAME_RATIO = 70.0
_CONNECTORS = frozenset({"of", "to", "for", "the", "and", "on"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_LOCATIVE = frozenset({"in", "to", "from", "at", "into", "near", "across", "toward", "towards"})


@dataclass(slots=True)
class _Mention:
    span: Span
    text: str
    key: str
    in_body: bool
    role: str | None
    speaks: bool


@dataclass(slots=True)
class _Cluster:
    mentions: list[_Mention] = field(default_factory=list)

    @property
    def full_keys(self) -> list[str]:
        return [m.key for m in self.mentions if len(m.key.split()) > 1]

    @property
    def surname(self) -> str:
        keys = self.full_keys or [m.key for m in self.mentions]
        return Counter(k.split()[-1] for k in keys).most_common(1)[0][0]


@dataclass(frozen=True, slots=True)
class PeopleFound:
    """The people of one document and, for quotes, which tokens name which person."""

    people: tuple[PersonFound, ...]
    # Token index -> canonical name, for every token inside a mention.
    by_token: dict[int, str]

    def latest_before(self, index: int) -> str | None:
        """The person named last before token ``index`` (what "he" or "she" most likely means)."""
        best = -1
        name: str | None = None
        for i, person in self.by_token.items():
            if best < i < index:
                best, name = i, person
        return name


def _first_names_compatible(a: Sequence[str], b: Sequence[str]) -> bool:
    if not a or not b:
        return True
    first_a, first_b = a[0], b[0]
    if len(first_a) == 1 or len(first_b) == 1:
        return first_a[0] == first_b[0]
    return fuzz.ratio(first_a, first_b) >= _FIRST_NAME_RATIO


def _names_match(a: str, b: str) -> bool:
    """Whether two normalized names can be the same person (surname, then first names)."""
    ta, tb = a.split(), b.split()
    if not ta or not tb:
        return False
    if ta[-1] != tb[-1] and fuzz.ratio(ta[-1], tb[-1]) < _SURNAME_RATIO:
        return False
    if len(ta[-1]) < 4 and ta[-1] != tb[-1]:
        return False
    return _first_names_compatible(ta[:-1], tb[:-1])


def same_name(a: str, b: str) -> bool:
    """Whether two names can be one person: "Antony Blinken", "Blinken", "Anthony Blinken"."""
    return _names_match(normalize_name(a), normalize_name(b))


def person_keys(person: PersonFound) -> frozenset[str]:
    """Normalized keys of a person's name and aliases, as stored for lookups."""
    return frozenset(k for k in (normalize_name(n) for n in (person.name, *person.aliases)) if k)


def same_person(a: PersonFound, b: PersonFound) -> bool:
    """Whether two people found in different articles are one real person."""
    keys_a, keys_b = person_keys(a), person_keys(b)
    if keys_a & keys_b and (len(a.name.split()) > 1 and len(b.name.split()) > 1):
        return _names_match(normalize_name(a.name), normalize_name(b.name))
    full_a = [k for k in keys_a if len(k.split()) > 1] or list(keys_a)
    full_b = [k for k in keys_b if len(k.split()) > 1] or list(keys_b)
    return any(_names_match(x, y) for x in full_a for y in full_b)


def merge_people(groups: Iterable[Iterable[PersonFound]]) -> tuple[PersonFound, ...]:
    """People from several articles merged into one entry per real person (aliases united)."""
    merged: list[PersonFound] = []
    for group in groups:
        for person in group:
            for i, known in enumerate(merged):
                if same_person(known, person):
                    merged[i] = _combine(known, person)
                    break
            else:
                merged.append(person)
    return tuple(merged)


def _combine(a: PersonFound, b: PersonFound) -> PersonFound:
    names = [a.name, *a.aliases, b.name, *b.aliases]
    main = a.name if len(a.name) >= len(b.name) or b.mentions <= a.mentions else b.name
    seen = {normalize_name(main)}
    aliases: list[str] = []
    for name in names:
        key = normalize_name(name)
        if key and key not in seen:
            seen.add(key)
            aliases.append(name)
    roles = [r for r in (a.role, b.role) if r]
    return PersonFound(
        name=main,
        aliases=tuple(aliases),
        role=max(roles, key=len) if roles else None,
        mentions=a.mentions + b.mentions,
        first_position=min(a.first_position, b.first_position),
    )


def _is_title_word(token: Token) -> bool:
    return token.pos_ in ("PROPN", "NOUN", "ADJ") and (token.is_title or token.is_upper)


def _left_role(span: Span) -> str | None:
    doc, sent = span.doc, span.sent
    i = span.start - 1
    first: int | None = None
    while i >= sent.start:
        token = doc[i]
        if token.text in ("'s", "’s") and i - 1 >= sent.start and _is_title_word(doc[i - 1]):
            first, i = i, i - 1
            continue
        if (
            token.pos_ in ("PROPN", "NOUN", "ADJ")
            and token.is_alpha
            and token.ent_type_ != "PERSON"
            and (token.is_title or token.is_upper or token.is_lower)
        ):
            first, i = i, i - 1
            continue
        if token.lower_ in _CONNECTORS and first is not None:
            j = i - 1
            while j >= sent.start and doc[j].lower_ in _CONNECTORS:
                j -= 1
            if j >= sent.start and _is_title_word(doc[j]):
                i = j
                first = j + 1
                continue
        break
    if first is None:
        return None
    tokens = list(doc[first : span.start])
    while tokens and (tokens[0].lower_ in _CONNECTORS or tokens[0].pos_ == "DET"):
        tokens.pop(0)
    if not any(t.pos_ in ("NOUN", "PROPN") and not t.ent_type_ for t in tokens):
        return None
    if tokens and tokens[-1].lemma_.lower() in ORG_NOUNS:
        return None
    return doc[tokens[0].i : tokens[-1].i + 1].text if tokens else None


def _appositive_role(span: Span) -> str | None:
    root, doc = span.root, span.doc
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.i < span.start:
        head = root.head
        tokens = [t for t in doc[head.left_edge.i : head.i + 1] if not t.is_punct]
    else:
        children = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        if not children:
            return None
        child = children[0]
        tokens = [t for t in doc[child.left_edge.i : child.right_edge.i + 1]]
    while tokens and (tokens[0].pos_ == "DET" or tokens[0].is_punct):
        tokens.pop(0)
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    if not tokens or len(tokens) > 12:
        return None
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _speaks(span: Span) -> bool:
    return any(
        (t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_.lower() in SPEECH_VERBS)
        or (t.dep_ == "pobj" and t.head.lower_ == "to" and t.head.head.lower_ == "according")
        for t in span
    )


def _org_noun_before(span: Span) -> bool:
    doc = span.doc
    i = span.start - 1
    return i >= 0 and doc[i].is_lower and doc[i].lemma_.lower() in ORG_NOUNS


def _trim(span: Span) -> Span:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].pos_ not in ("PROPN",) or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].text in ("'s", "’s")):
        end -= 1
    return doc[start:end]


def _mention(span: Span, body_sentences: set[int]) -> _Mention:
    return _Mention(
        span=span,
        text=span.text,
        key=normalize_name(span.text),
        in_body=span.sent.start in body_sentences,
        role=_left_role(span) or _appositive_role(span),
        speaks=_speaks(span),
    )


def find_people(doc: Doc, *, positions: dict[int, int], body_sentences: set[int]) -> PeopleFound:
    """People named in ``doc``; ``positions`` maps sentence start token -> sentence position."""
    place_keys = Counter(normalize_name(e.text) for e in doc.ents if e.label_ in _PLACE_LABELS)
    candidates: list[_Mention] = []
    for ent in doc.ents:
        if ent.label_ not in _NAME_LABELS:
            continue
        span = _trim(ent)
        if not span or not span.text.strip():
            continue
        if ent.label_ != "PERSON" and not _person_by_role(span):
            continue
        if span.text.isupper() and len(span.text) > 3:
            continue  # credits and bylines are set in capitals; running text is not
        if _org_noun_before(span):
            continue
        if not all(
            t.is_title or t.is_upper or t.lower_ in ("de", "van", "von", "da", "al", "bin")
            for t in span
            if t.is_alpha
        ):
            continue
        candidates.append(_mention(span, body_sentences))

    clusters: list[_Cluster] = []
    for mention in sorted(candidates, key=lambda m: (-len(m.key.split()), m.span.start)):
        if len(mention.key.split()) > 1:
            target = next(
                (c for c in clusters if c.full_keys and _names_match(c.full_keys[0], mention.key)),
                None,
            )
        else:
            target = next((c for c in clusters if _surname_match(c, mention.key)), None)
        if target is None:
            target = _Cluster()
            clusters.append(target)
        target.mentions.append(mention)

    covered = {t.i for c in clusters for m in c.mentions for t in m.span}
    _add_surname_mentions(doc, clusters, covered, body_sentences)

    people: list[tuple[PersonFound, _Cluster]] = []
    for cluster in clusters:
        if not _is_person(cluster, place_keys):
            continue
        people.append((_person(cluster, positions), cluster))
    people.sort(key=lambda pc: (pc[0].first_position, -pc[0].mentions))
    by_token = {t.i: p.name for p, c in people for m in c.mentions for t in m.span}
    return PeopleFound(people=tuple(p for p, _ in people), by_token=by_token)


def _person_by_role(span: Span) -> bool:
    """A name the model gave another label counts when a person's title stands right before it."""
    if len(span) < 2 or len(span) > 4:
        return False
    i = span.start - 1
    doc = span.doc
    return (
        i >= 0
        and doc[i].pos_ == "NOUN"
        and doc[i].is_lower
        and doc[i].lemma_.lower() not in ORG_NOUNS
        and all(t.pos_ == "PROPN" for t in span)
    )


def _surname_match(cluster: _Cluster, key: str) -> bool:
    if not cluster.full_keys:
        return cluster.mentions[0].key == key
    surnames = {k.split()[-1] for k in cluster.full_keys}
    multi = {" ".join(k.split()[-2:]) for k in cluster.full_keys}
    return (
        key in surnames
        or key in multi
        or any(len(key) >= 5 and fuzz.ratio(key, s) >= 90 for s in surnames)
    )


def _add_surname_mentions(
    doc: Doc, clusters: list[_Cluster], covered: set[int], body_sentences: set[int]
) -> None:
    """Surnames the model labelled otherwise (or not at all) still count as mentions."""
    for cluster in clusters:
        if not cluster.full_keys:
            continue
        surname_tokens = name_tokens(cluster.full_keys[0])
        particle = len(surname_tokens) > 2 and surname_tokens[-2] in ("de", "van", "von", "da")
        for token in doc:
            if token.i in covered or not (token.is_title or token.is_upper) or token.is_upper:
                continue
            if normalize_name(token.text) != cluster.surname:
                continue
            start = token.i
            if particle and start > 0 and doc[start - 1].lower_ == surname_tokens[-2]:
                start -= 1
            elif (
                start > 0
                and doc[start - 1].is_title
                and doc[start - 1].pos_ == "PROPN"
                and doc[start - 1].i not in covered
                and _first_names_compatible(
                    [normalize_name(doc[start - 1].text)], surname_tokens[:1]
                )
            ):
                start -= 1  # a first name the model did not see, such as a misspelt one
            span = doc[start : token.i + 1]
            covered.update(range(start, token.i + 1))
            cluster.mentions.append(_mention(span, body_sentences))


def _is_person(cluster: _Cluster, place_keys: Counter[str]) -> bool:
    if cluster.full_keys:
        return True
    # A lone word never given a first name: a person only if it speaks and is never a place.
    key = cluster.mentions[0].key
    if place_keys[key]:
        return False
    if any(
        m.span.start > 0 and m.span.doc[m.span.start - 1].lower_ in _LOCATIVE
        for m in cluster.mentions
    ):
        return False
    return any(m.speaks for m in cluster.mentions)


def _person(cluster: _Cluster, positions: dict[int, int]) -> PersonFound:
    weight: dict[str, float] = {}
    surface: dict[str, str] = {}
    for m in cluster.mentions:
        weight[m.key] = (
            weight.get(m.key, 0.0) + (1.0 if m.in_body else 0.4) + 0.01 * len(m.key.split())
        )
        surface.setdefault(m.key, m.text)
    full = [k for k in weight if len(k.split()) > 1] or list(weight)
    main_key = max(full, key=lambda k: (weight[k], -_first_index(cluster, k)))
    aliases = tuple(surface[k] for k in surface if k != main_key)
    roles = [m.role for m in cluster.mentions if m.role and m.in_body] or [
        m.role for m in cluster.mentions if m.role
    ]
    first = min(positions.get(m.span.sent.start, 0) for m in cluster.mentions)
    return PersonFound(
        name=surface[main_key],
        aliases=aliases,
        role=max(roles, key=len) if roles else None,
        mentions=len(cluster.mentions),
        first_position=first,
    )


def _first_index(cluster: _Cluster, key: str) -> int:
    return min(m.span.start for m in cluster.mentions if m.key == key)
