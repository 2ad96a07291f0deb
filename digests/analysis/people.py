"""People in an article: one entry per real person, with aliases, a role and mention counts.

The small English model labels places ("Kyiv"), credits ("WILL OLIVER"), stores and products as
people. Whether a name is a person is decided on evidence from all its mentions: the entity
labels the model gave each occurrence (votes), honorifics and titles before it, descriptions of
it ("the retailer", "his wife"), the last word of the name ("... Store", "... Day"), and whether
it speaks. Names whose only mentions stand in credit or byline sentences are not people.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import IS_TITLE, IS_UPPER, LOWER
from spacy.tokens import Doc, Span, Token

from digests.analysis import docindex
from digests.analysis.coref import Gender, MentionIndex, gender_of_noun
from digests.analysis.lexicon.grammar import PLACE_LABELS
from digests.analysis.lexicon.people import NAME_PARTICLES, is_person_noun
from digests.analysis.lexicon.things import NONPERSON_NOUNS, THING_HEADS
from digests.analysis.models import PersonFound
from digests.analysis.name_mentions import (
    NAME_LABELS,
    NameMention,
    candidate_mentions,
    honorific_before,
    name_mention,
    trim_name,
)
from digests.analysis.names import first_names_compatible, names_match, normalize_name
from digests.analysis.roles import AGE_HEAD

__all__ = ["PeopleFound", "find_people"]

_LOCATIVE = frozenset({"in", "to", "from", "at", "into", "near", "across", "toward", "towards"})


@dataclass(slots=True)
class _Cluster:
    mentions: list[NameMention] = field(default_factory=list)

    @property
    def full_keys(self) -> list[str]:
        return [m.key for m in self.mentions if len(m.key.split()) > 1]

    @property
    def surname(self) -> str:
        keys = self.full_keys or [m.key for m in self.mentions]
        return Counter(k.split()[-1] for k in keys).most_common(1)[0][0]


@dataclass(frozen=True, slots=True)
class PeopleFound:
    """The people of one document and the index of their mentions, for quotes."""

    people: tuple[PersonFound, ...]
    index: MentionIndex

    @property
    def by_token(self) -> dict[int, str]:
        """Token index -> canonical name, for every token inside a mention."""
        return self.index.by_token


def _cluster(candidates: list[NameMention]) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    for mention in sorted(candidates, key=lambda m: (-len(m.key.split()), m.span.start)):
        target: _Cluster | None
        if len(mention.key.split()) > 1:
            target = next(
                (c for c in clusters if c.full_keys and names_match(c.full_keys[0], mention.key)),
                None,
            )
        else:
            target = _one_fitting(clusters, mention)
        if target is None:
            target = _Cluster()
            clusters.append(target)
        target.mentions.append(mention)
    return clusters


def _one_fitting(clusters: list[_Cluster], mention: NameMention) -> _Cluster | None:
    """The cluster a lone surname ("Mr. Erekat") belongs to, only when one candidate fits."""
    fitting = [c for c in clusters if _surname_match(c, mention.key)]
    if mention.titled:
        # "President Obama" before any full "Michelle Obama": the title names someone else
        fitting = [
            c
            for c in fitting
            if min((m.span.start for m in c.mentions if len(m.key.split()) > 1), default=0)
            < mention.span.start
        ]
    if len(fitting) > 1:
        wanted = _mention_gender(mention)
        if wanted:
            fitting = [c for c in fitting if _cluster_gender(c) in (None, wanted)] or fitting
    if len(fitting) > 1:
        # Several people share the surname ("Bill Clinton", "Hillary Clinton"): the surname
        # alone is the one the article names most in full, or else the one it names first;
        # the others it keeps naming in full to tell them apart.
        def rank(cluster: _Cluster) -> tuple[int, int]:
            return (len(cluster.full_keys), -min(m.span.start for m in cluster.mentions))

        return max(fitting, key=rank)
    return fitting[0] if fitting else None


def _mention_gender(mention: NameMention) -> Gender | None:
    word = honorific_before(mention.span)
    return (gender_of_noun(word) if word else None) or (
        gender_of_noun(mention.head) if mention.head else None
    )


def _cluster_gender(cluster: _Cluster) -> Gender | None:
    votes = Counter(g for m in cluster.mentions if (g := _mention_gender(m)))
    return votes.most_common(1)[0][0] if votes else None


def _surname_match(cluster: _Cluster, key: str) -> bool:
    if not cluster.full_keys:
        return cluster.mentions[0].key == key
    surnames = {k.split()[-1] for k in cluster.full_keys}
    multi = {" ".join(k.split()[-2:]) for k in cluster.full_keys}
    return key in surnames or key in multi


def _add_surname_mentions(
    doc: Doc, clusters: list[_Cluster], covered: set[int], body_sentences: set[int]
) -> None:
    """Surnames the model labelled otherwise (or not at all) still count as mentions."""
    owners = Counter(c.surname for c in clusters if c.full_keys)
    if not owners:
        return
    # Title-case words from one array of flags: a Token object only for the surnames found.
    by_text: dict[int, list[int]] = {}
    flags = doc.to_array([IS_TITLE, IS_UPPER, LOWER])
    for i in np.flatnonzero((flags[:, 0] == 1) & (flags[:, 1] == 0)).tolist():
        if i not in covered:
            by_text.setdefault(int(flags[i, 2]), []).append(i)
    strings = doc.vocab.strings
    by_key: dict[str, list[Token]] = {}
    for lower, indices in by_text.items():
        key = normalize_name(strings[lower])
        if key in owners:
            by_key.setdefault(key, []).extend(doc[i] for i in indices)
    for cluster in clusters:
        if not cluster.full_keys or owners[cluster.surname] > 1:
            continue  # a surname two people share is not given to either
        name = cluster.full_keys[0].split()
        particle = len(name) > 2 and name[-2] in NAME_PARTICLES
        for token in sorted(by_key.get(cluster.surname, []), key=lambda t: t.i):
            if token.i in covered:
                continue
            start = token.i
            if particle and start > 0 and doc[start - 1].lower_ == name[-2]:
                start -= 1
            elif (
                start > 0
                and doc[start - 1].is_title
                and doc[start - 1].pos_ == "PROPN"
                and doc[start - 1].i not in covered
                and first_names_compatible([normalize_name(doc[start - 1].text)], name[:1])
            ):
                start -= 1  # a first name the model did not see, such as a misspelt one
            covered.update(range(start, token.i + 1))
            cluster.mentions.append(name_mention(doc[start : token.i + 1], body_sentences))


def _merge_first_names(clusters: list[_Cluster]) -> list[_Cluster]:
    """A given name alone ("Richard", "Serena") joins the one full name it begins, if one."""
    full = [c for c in clusters if c.full_keys]
    kept: list[_Cluster] = []
    for cluster in clusters:
        if cluster.full_keys:
            kept.append(cluster)
            continue
        key = cluster.mentions[0].key
        owners = [c for c in full if any(k.split()[0] == key for k in c.full_keys)]
        if len(owners) == 1 and not any(_surname_match(c, key) for c in full):
            owners[0].mentions.extend(cluster.mentions)
        else:
            kept.append(cluster)
    return kept


def _label_votes(cluster: _Cluster, labels: dict[str, Counter[str]]) -> int:
    """Entity labels the model gave the cluster's names: + person, - anything else.

    A full name's label is the model's firm view (3 a name, by majority); a surname alone is
    labelled erratically ("Clijsters" as a nationality), so all its occurrences give one vote.
    """
    score = 0
    for key in {m.key for m in cluster.mentions}:
        counts = labels.get(key, Counter())
        balance = counts["PERSON"] - sum(v for k, v in counts.items() if k != "PERSON")
        sign = (balance > 0) - (balance < 0)
        score += sign * (3 if len(key.split()) > 1 else 1)
    return score


def _evidence(cluster: _Cluster, labels: dict[str, Counter[str]]) -> int:
    score = _label_votes(cluster, labels)
    if any(m.titled for m in cluster.mentions):
        score += 4  # "Sheriff Newell Normand", "Mr. Erekat": the text says it is a person
    heads = {m.head for m in cluster.mentions if m.head}
    personal = {h for h in heads if h == AGE_HEAD or is_person_noun(h)}
    if heads & NONPERSON_NOUNS and not personal:
        score -= 5  # the text says what it is: "retailer Best Buy", "the airline"
    elif personal:
        score += 1
    last_words = {m.key.split()[-1] for m in cluster.mentions if len(m.key.split()) > 1}
    if last_words & THING_HEADS:
        score -= 3
    if any(m.speaks for m in cluster.mentions):
        score += 1
    if any(_after_article(m.span) for m in cluster.mentions):
        score -= 3  # "the Houthis", "the Clintons": a group or a family, not one person
    if any(_based(m.span) for m in cluster.mentions):
        score -= 5  # "Liberty-based Ferrellgas": a firm is based somewhere; a person's title is
    return score


def _based(span: Span) -> bool:
    """ "Seattle-based Amazon": the name itself, not a noun before it, is based somewhere."""
    doc = span.doc
    return (
        span.start >= 2
        and doc[span.start - 1].lower_ == "based"
        and doc[span.start - 2].text == "-"
    )


def _after_article(span: Span) -> bool:
    """ "the Houthis" as a noun phrase of its own, not "the Biden administration"."""
    doc = span.doc
    if span.start == 0 or doc[span.start - 1].lower_ != "the":
        return False
    return span.root.dep_ != "compound" and not (
        span.end < len(doc) and doc[span.end].pos_ in ("NOUN", "PROPN")
    )


def _is_person(
    cluster: _Cluster,
    place_keys: Counter[str],
    labels: dict[str, Counter[str]],
    inside_names: Counter[str],
) -> bool:
    score = _evidence(cluster, labels)
    if cluster.full_keys:
        return score > 0
    # A lone word never given a first name: a person only on evidence of its own, never a place.
    key = cluster.mentions[0].key
    if place_keys[key] or inside_names[key]:
        return False  # a place, or the short form of a longer name ("Cerberus Capital")
    if any(
        m.span.start > 0 and m.span.doc[m.span.start - 1].lower_ in _LOCATIVE
        for m in cluster.mentions
    ):
        return False
    introduced = any(
        m.titled or (m.head is not None and (m.head == AGE_HEAD or is_person_noun(m.head)))
        for m in cluster.mentions
    )
    return score > 0 and (introduced or any(m.speaks for m in cluster.mentions))


def find_people(
    doc: Doc,
    *,
    positions: dict[int, int],
    body_sentences: set[int],
    credits: frozenset[int] = frozenset(),
) -> PeopleFound:
    """People named in ``doc``; ``positions``: sentence start token -> sentence position;
    ``credits``: start tokens of credit and byline sentences, whose names are nobody in the news.
    """
    place_keys: Counter[str] = Counter()
    inside_names: Counter[str] = Counter()
    labels: dict[str, Counter[str]] = {}
    for ent in docindex.entities(doc):
        if ent.label_ not in ("PERSON", "DATE", "TIME", "CARDINAL") and len(ent) > 1:
            # the words a short form is made of: "Cerberus" of "Cerberus Capital"; not the last,
            # which is a surname where the model mislabelled a full name ("Jane Doe" as ORG)
            inside_names.update(normalize_name(t.text) for t in ent[:-1] if t.is_alpha)
        key = normalize_name(trim_name(ent).text) if ent.label_ in NAME_LABELS else ""
        if key:
            labels.setdefault(key, Counter())[ent.label_] += 1
        if ent.label_ in PLACE_LABELS:
            place_keys[normalize_name(ent.text)] += 1
    clusters = _cluster(candidate_mentions(doc, body_sentences, credits, place_keys))
    covered = {t.i for c in clusters for m in c.mentions for t in m.span}
    _add_surname_mentions(doc, clusters, covered, body_sentences)
    clusters = _merge_first_names(clusters)

    people: list[tuple[PersonFound, _Cluster]] = []
    for cluster in clusters:
        if _is_person(cluster, place_keys, labels, inside_names):
            people.append((_person(cluster, positions), cluster))
    people.sort(key=lambda pc: (pc[0].first_position, -pc[0].mentions))
    return PeopleFound(people=tuple(p for p, _ in people), index=_index(doc, people))


def _index(doc: Doc, people: list[tuple[PersonFound, _Cluster]]) -> MentionIndex:
    spans = []
    genders: dict[str, Counter[Gender]] = {}
    described: dict[str, list[tuple[int, str]]] = {}
    for person, cluster in people:
        for m in cluster.mentions:
            spans.append((m.span.start, m.span.end, person.name))
            if m.head:
                described.setdefault(m.head, []).append((m.span.start, person.name))
            gender = _mention_gender(m)
            if gender:
                genders.setdefault(person.name, Counter())[gender] += 2
    for holders in described.values():
        holders.sort()
    return MentionIndex.build(doc, spans, gender_evidence=genders, described=described)


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
