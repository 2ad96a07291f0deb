"""One entry per real person and per statement across a story's articles; the key quotes."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from digests.analysis.models import QuoteFound, QuoteKind
from digests.analysis.names import same_name
from digests.stories.models import StoryArticleInput, StoryPerson, StoryQuote
from digests.stories.reading import statement_quote
from digests.stories.text import fold, near_duplicate

__all__ = ["chronological", "key_quotes", "merge_people", "merge_quotes"]


def chronological(articles: Sequence[StoryArticleInput]) -> list[StoryArticleInput]:
    """Articles by the time they were seen (undated ones last, by id)."""
    dated = sorted((a for a in articles if a.seen_at), key=lambda a: (a.seen_at, a.article_id))
    undated = sorted((a for a in articles if not a.seen_at), key=lambda a: a.article_id)
    return dated + undated


@dataclass
class _PersonGroup:
    names: Counter[str]
    aliases: set[str]
    roles: Counter[str]
    mentions: int
    article_ids: list[int]
    first: tuple[int, int]


def _same_group(name: str, names: Sequence[str], group: _PersonGroup) -> bool:
    """Full names decide when both sides have one: "Jill Biden" and "Joe Biden" share only the
    surname alias; a surname alone joins a full name it fits."""
    known_full = [k for k in group.names if len(k.split()) > 1]
    if len(name.split()) > 1 and known_full:
        return any(same_name(name, known) for known in known_full)
    return any(same_name(n, known) for n in names for known in group.names)


def merge_people(articles: Sequence[StoryArticleInput]) -> tuple[StoryPerson, ...]:
    """One entry per real person across the story's articles, most mentioned first."""
    groups: list[_PersonGroup] = []
    for article_rank, article in enumerate(chronological(articles)):
        for person in article.analysis.people:
            names = (person.name, *person.aliases)
            group = next((g for g in groups if _same_group(person.name, names, g)), None)
            if group is None:
                group = _PersonGroup(
                    Counter(), set(), Counter(), 0, [], (article_rank, person.first_position)
                )
                groups.append(group)
            group.names[person.name] += person.mentions
            group.aliases.update(names)
            if person.role:
                group.roles[person.role] += 1
            group.mentions += person.mentions
            if article.article_id not in group.article_ids:
                group.article_ids.append(article.article_id)
    people = []
    for group in sorted(groups, key=lambda g: (-len(g.article_ids), -g.mentions, g.first)):
        # The fullest of the most used names: "Antony Blinken" over "Blinken".
        name = max(group.names, key=lambda n: (len(n.split()) > 1, group.names[n], len(n)))
        role = max(group.roles, key=lambda r: (group.roles[r], len(r))) if group.roles else None
        aliases = tuple(sorted(a for a in group.aliases if fold(a) != fold(name)))
        people.append(StoryPerson(name, aliases, role, group.mentions, tuple(group.article_ids)))
    return tuple(people)


def _same_quote(left: StoryQuote, right: QuoteFound) -> bool:
    speakers_match = (
        left.speaker is not None
        and right.speaker is not None
        and (fold(left.speaker) == fold(right.speaker) or same_name(left.speaker, right.speaker))
    )
    if speakers_match or left.speaker is None or right.speaker is None:
        return near_duplicate(left.text, right.text, threshold=0.45 if speakers_match else 0.6)
    return False


def merge_quotes(
    articles: Sequence[StoryArticleInput],
    *,
    people: Sequence[StoryPerson] = (),
    max_quotes: int = 3,
    avoid_texts: Iterable[str] = (),
) -> tuple[StoryQuote, ...]:
    """Key quotes of the story: one per statement with every outlet that reported it, best first."""
    merged: list[StoryQuote] = []
    for article in chronological(articles):
        for found in sorted(article.analysis.quotes, key=lambda q: -q.score):
            if not found.text.strip():
                continue
            index = next((i for i, q in enumerate(merged) if _same_quote(q, found)), None)
            if index is None:
                merged.append(
                    StoryQuote(
                        speaker=found.speaker,
                        role=None,
                        text=found.text.strip(),
                        kind=found.kind,
                        outlets=(article.outlet_label,),
                        article_ids=(article.article_id,),
                        score=found.score,
                        speaker_is_person=found.speaker_is_person,
                    )
                )
                continue
            known = merged[index]
            direct = known.kind is QuoteKind.DIRECT or found.kind is QuoteKind.DIRECT
            merged[index] = StoryQuote(
                speaker=known.speaker or found.speaker,
                role=None,
                # The direct wording beats a paraphrase of the same statement.
                text=found.text.strip()
                if found.kind is QuoteKind.DIRECT and known.kind is not QuoteKind.DIRECT
                else known.text,
                kind=QuoteKind.DIRECT if direct else QuoteKind.REPORTED,
                outlets=tuple(dict.fromkeys((*known.outlets, article.outlet_label))),
                article_ids=tuple(dict.fromkeys((*known.article_ids, article.article_id))),
                score=max(known.score, found.score),
                speaker_is_person=known.speaker_is_person and found.speaker_is_person,
            )
    with_roles = [_with_person(quote, people) for quote in merged]
    mentions = {person.name: person.mentions for person in people}
    avoid = tuple(avoid_texts)

    def rank(quote: StoryQuote) -> float:
        # Reported by more outlets, said by a prominent person, not a line the summary already
        # shows: a digest's one or two quotes should add a voice, not repeat the lead.
        value = quote.score + 0.5 * (len(quote.outlets) - 1)
        if quote.speaker is None:
            value -= 0.5
        elif not quote.speaker_is_person:
            value -= 0.3
        else:
            value += 0.3 + 0.15 * math.log1p(mentions.get(quote.speaker, 0))
        if any(near_duplicate(quote.text, text) for text in avoid):
            value -= 0.5
        return value

    ranked = sorted(with_roles, key=lambda q: (-rank(q), q.article_ids[0]))
    return tuple(ranked[: max(0, max_quotes)])


def _with_person(quote: StoryQuote, people: Sequence[StoryPerson]) -> StoryQuote:
    if quote.speaker is None or not quote.speaker_is_person:
        return quote
    for person in people:
        if any(same_name(quote.speaker, name) for name in (person.name, *person.aliases)):
            return StoryQuote(
                speaker=person.name,
                role=person.role,
                text=quote.text,
                kind=quote.kind,
                outlets=quote.outlets,
                article_ids=quote.article_ids,
                score=quote.score,
                speaker_is_person=True,
            )
    return quote


def key_quotes(
    quotes: Sequence[StoryQuote],
    *,
    summary: Iterable[str] = (),
    max_quotes: int,
) -> tuple[StoryQuote, ...]:
    """The quotes a digest shows: statements someone named made in their own words
    (``reading.statement_quote``), none a sentence the summary already shows, best first."""
    shown = tuple(summary)
    kept = [
        q
        for q in quotes
        if statement_quote(q.text, direct=q.kind is QuoteKind.DIRECT, speaker=q.speaker)
        and not any(near_duplicate(q.text, text) or _inside(q.text, text) for text in shown)
    ]
    return tuple(kept[: max(0, max_quotes)])


def _inside(quote: str, sentence: str) -> bool:
    # The summary sentence that carries the quote itself.
    return fold(" ".join(quote.split()))[:60] in fold(" ".join(sentence.split()))
