"""One story from its articles: title, multi-document summary, key quotes, people, timeline."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from digests.analysis.datelines import strip_dateline
from digests.analysis.furniture import furniture_kind
from digests.analysis.models import QuoteFound, QuoteKind
from digests.analysis.names import same_name as same_person
from digests.stories.models import (
    StoryArticleInput,
    StoryPerson,
    StoryQuote,
    StorySentence,
    StorySource,
    StoryView,
)
from digests.stories.text import content_words, cosine, fold, near_duplicate
from digests.stories.timeline import story_timeline

__all__ = [
    "build_story",
    "merge_people",
    "merge_quotes",
    "story_summary",
    "story_title",
]

_ATTRIBUTION_TAIL = re.compile(r"\s+[-–—|]\s+[^-–—|]{1,40}$")


def _chronological(articles: Sequence[StoryArticleInput]) -> list[StoryArticleInput]:
    dated = sorted((a for a in articles if a.seen_at), key=lambda a: (a.seen_at, a.article_id))
    undated = sorted((a for a in articles if not a.seen_at), key=lambda a: a.article_id)
    return dated + undated


def _story_vector(articles: Sequence[StoryArticleInput]) -> dict[str, float]:
    counts: Counter[str] = Counter()
    for article in articles:
        for sentence in article.analysis.sentences:
            counts.update(set(content_words(sentence.text)))
    # Words that several sentences (across outlets) share are what the story is about.
    return {word: math.log1p(n) for word, n in counts.items() if n > 1}


def _headline_fault(headline: str) -> float:
    """How far a headline is from one (0 for a clean headline): furniture, prose, length."""
    fault = 0.0
    if furniture_kind(headline) or strip_dateline(headline) != headline:
        fault += 1.0
    words = len(headline.split())
    if words > 16:
        # A lead sentence or a standfirst standing in for a headline.
        fault += 0.3 + 0.02 * (words - 16)
    if headline.rstrip().endswith((".", "…")):
        fault += 0.2
    if words < 3:
        fault += 0.3
    return fault


def story_title(articles: Sequence[StoryArticleInput]) -> str:
    """The story's headline: among its articles' headlines, a clean one most about the story.

    Representative (content words shared with the whole story) and clean (no dateline, caption
    or widget text, headline-sized, not a sentence of prose); earlier articles win ties. With
    no headline at all, the first summary sentence without its dateline, shortened.
    """
    ordered = _chronological(articles)
    vector = _story_vector(ordered)
    best: tuple[float, int] | None = None
    title = ""
    for index, article in enumerate(ordered):
        headline = " ".join((article.title or article.analysis.title or "").split())
        if not headline:
            continue
        bag = {word: 1.0 for word in content_words(headline)}
        score = (round(cosine(bag, vector) - _headline_fault(headline), 3), -index)
        if best is None or score > best:
            best, title = score, headline
    if title:
        return strip_dateline(title) or title
    for article in ordered:
        sentences = article.analysis.summary_sentences or tuple(
            s.text for s in article.analysis.sentences
        )
        if sentences:
            return _shorten(strip_dateline(sentences[0]) or sentences[0], 120)
    return "Untitled story"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


# A sentence that leans on one before it: a pronoun or demonstrative subject, a connective, or
# a definite description of someone not introduced ("The spokeswoman said ...").
_LEANING_START = re.compile(
    r"^(?:he|she|they|it|his|her|their|its|this|that|these|those|there|but|and|so|also|"
    r"however|still|yet|meanwhile|instead|then|later|now|such|both|another|other|others)\b"
    r"|^the\s+(?:\w+\s+)?(?:spokes(?:wo)?man|spokesperson|official|officials|man|woman|"
    r"boy|girl|company|agency|group|suspect|victim|couple|pair|statement|report|move|"
    r"decision|incident|attack|case|same|latter|former|two|three)\b",
    re.IGNORECASE,
)
# Maximal marginal relevance: how much a new sentence's closeness to those already chosen
# counts against its own relevance.
_MMR_REDUNDANCY = 0.6


def _stands_alone(text: str) -> bool:
    """Whether a sentence reads on its own: it does not open by leaning on an earlier one."""
    opening = text.lstrip("\"“‘'( ")
    return not _LEANING_START.match(opening)


def story_summary(
    articles: Sequence[StoryArticleInput], *, max_sentences: int = 4
) -> tuple[StorySentence, ...]:
    """What happened first, then what the other outlets add, each fact said once.

    Candidates are each article's summary sentences; relevance is centrality in the whole
    story (content words its outlets share) with a lead bonus for an article's first summary
    sentence and a penalty for sentences that lean on one before them; selection is maximal
    marginal relevance with near-repeats refused, and an outlet not yet quoted gets a small
    bonus, so several outlets speak. The first sentence is the most relevant lead: the news.
    """
    ordered = _chronological(articles)
    vector = _story_vector(ordered)
    candidates: list[tuple[float, int, StorySentence, dict[str, float]]] = []
    for article_rank, article in enumerate(ordered):
        by_position = {s.position: s for s in article.analysis.sentences}
        for rank, position in enumerate(article.analysis.summary):
            sentence = by_position.get(position)
            if sentence is None or not sentence.text.strip():
                continue
            text = strip_dateline(sentence.text.strip()) or sentence.text.strip()
            bag = {word: 1.0 for word in content_words(text)}
            relevance = cosine(bag, vector) + (0.1 if rank == 0 else 0.0) - 0.03 * rank
            if not _stands_alone(text):
                relevance -= 0.25
            candidates.append(
                (
                    relevance - 0.01 * article_rank,
                    article_rank,
                    StorySentence(text, article.article_id, position, article.outlet_label),
                    bag,
                )
            )
    chosen: list[tuple[float, int, StorySentence, dict[str, float]]] = []
    outlets: set[str] = set()
    while candidates and len(chosen) < max_sentences:

        def gain(item: tuple[float, int, StorySentence, dict[str, float]]) -> float:
            overlap = max((cosine(item[3], kept[3]) for kept in chosen), default=0.0)
            fresh = 0.05 if chosen and item[2].outlet not in outlets else 0.0
            return item[0] + fresh - _MMR_REDUNDANCY * overlap

        # Gains change only when a sentence is chosen: rank once per choice, and walk past the
        # near-repeats of what is chosen (a story of many copies of one article has many).
        ranked = sorted(
            candidates, key=lambda item: (gain(item), -item[1], -item[2].position), reverse=True
        )
        taken = next(
            (
                index
                for index, item in enumerate(ranked)
                if not any(near_duplicate(item[2].text, kept[2].text) for kept in chosen)
            ),
            None,
        )
        if taken is None:
            break
        best = ranked[taken]
        chosen.append(best)
        outlets.add(best[2].outlet)
        candidates = ranked[taken + 1 :]
    # The news first; the rest as each outlet told it, in article order.
    if not chosen:
        return ()
    head, rest = chosen[0], sorted(chosen[1:], key=lambda item: (item[1], item[2].position))
    return tuple(item[2] for item in (head, *rest))


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
        return any(same_person(name, known) for known in known_full)
    return any(same_person(n, known) for n in names for known in group.names)


def merge_people(articles: Sequence[StoryArticleInput]) -> tuple[StoryPerson, ...]:
    """One entry per real person across the story's articles, most mentioned first."""
    groups: list[_PersonGroup] = []
    for article_rank, article in enumerate(_chronological(articles)):
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
        and (fold(left.speaker) == fold(right.speaker) or same_person(left.speaker, right.speaker))
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
    for article in _chronological(articles):
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
        if any(same_person(quote.speaker, name) for name in (person.name, *person.aliases)):
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


def build_story(
    articles: Sequence[StoryArticleInput],
    *,
    story_id: int,
    revision: int = 1,
    max_sentences: int = 4,
    max_quotes: int = 3,
) -> StoryView:
    """Everything a digest shows of one story, from its analysed articles."""
    ordered = _chronological(articles)
    people = merge_people(ordered)
    summary = story_summary(ordered, max_sentences=max_sentences)
    seen = [a.seen_at for a in ordered if a.seen_at is not None]
    return StoryView(
        id=story_id,
        title=story_title(ordered),
        articles=tuple(
            StorySource(
                a.article_id,
                a.title or a.analysis.title,
                a.outlet,
                a.url,
                a.source,
                a.seen_at,
            )
            for a in ordered
        ),
        summary=summary,
        quotes=merge_quotes(
            ordered, people=people, max_quotes=max_quotes, avoid_texts=[s.text for s in summary]
        ),
        people=people,
        events=story_timeline(ordered),
        first_seen=min(seen) if seen else None,
        last_seen=max(seen) if seen else None,
        revision=revision,
    )
