"""One story from its articles: title, multi-document summary, key quotes, people, timeline."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from digests.analysis.datelines import strip_dateline
from digests.analysis.furniture import furniture_kind
from digests.analysis.lexicon.page import READER_WORDS
from digests.analysis.models import SentenceTraits
from digests.analysis.quote_marks import find_quoted
from digests.stories.differences import mark_exclusive, story_differences
from digests.stories.merging import chronological, key_quotes, merge_people, merge_quotes
from digests.stories.models import StoryArticleInput, StorySentence, StorySource, StoryView
from digests.stories.reading import faulty, lean_met, same_fact
from digests.stories.text import content_words, cosine, near_duplicate
from digests.stories.timeline import story_timeline

__all__ = [
    "build_story",
    "merge_people",
    "merge_quotes",
    "story_summary",
    "story_title",
]


def _story_vector(articles: Sequence[StoryArticleInput]) -> dict[str, float]:
    counts: Counter[str] = Counter()
    for article in articles:
        for sentence in article.analysis.sentences:
            counts.update(set(content_words(sentence.text)))
    # Words that several sentences (across outlets) share are what the story is about.
    return {word: math.log1p(n) for word, n in counts.items() if n > 1}


# What a headline made from a lead gives way by: to any clean headline of the outlets' own.
_MADE_HEADLINE = 0.5


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
    if _asks_the_reader(headline):
        fault += 0.5
    return fault


def _asks_the_reader(headline: str) -> bool:
    """A question, or words to the reader outside quote marks ("You must enter the characters
    ...", "What are you doing?"): a page's prompt or a teaser, not what happened."""
    if headline.rstrip(" …").endswith("?"):
        return True
    outside = headline
    for quoted in reversed(find_quoted(headline)):
        outside = outside[: quoted.start] + " " + outside[quoted.end :]
    return any(word in READER_WORDS for word in re.findall(r"[\w'’]+", outside.lower()))


def story_title(articles: Sequence[StoryArticleInput]) -> str:
    """The story's headline: among its articles' headlines, a clean one most about the story.

    Representative (content words shared with the whole story) and clean (no dateline, caption
    or widget text, headline-sized, not a sentence of prose); earlier articles win ties. An
    article without a headline of its own offers the one the analysis made from its lead's
    parse (``digests.analysis.headline``), never its lead cut short. With no headline at all,
    the first summary sentence without its dateline, shortened.
    """
    ordered = chronological(articles)
    vector = _story_vector(ordered)
    best: tuple[float, int] | None = None
    title = ""
    for index, article in enumerate(ordered):
        made = article.analysis.headline
        headline = " ".join((made or article.title or article.analysis.title or "").split())
        if not headline:
            continue
        bag = {word: 1.0 for word in content_words(headline)}
        # An outlet's own headline comes first; one made from a lead stands in for none.
        fault = _headline_fault(headline) + (_MADE_HEADLINE if made else 0.0)
        score = (round(cosine(bag, vector) - fault, 3), -index)
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


# Maximal marginal relevance: how much a new sentence's closeness to those already chosen
# counts against its own relevance.
_MMR_REDUNDANCY = 0.6
# A sentence that leans on something said before it reads best after it: a lower relevance.
_LEANING_PENALTY = 0.25
# Rounds of choosing again without the sentences a reader could not follow where they fell.
_ROUNDS = 3
# Sentences of each article beyond its summary that may stand in for one left out.
_RESERVE = 2


@dataclass(frozen=True, slots=True)
class _Candidate:
    relevance: float
    article_rank: int
    sentence: StorySentence
    bag: dict[str, float]
    traits: SentenceTraits | None

    @property
    def key(self) -> tuple[int, int]:
        return (self.sentence.article_id, self.sentence.position)


def _candidates(ordered: Sequence[StoryArticleInput]) -> list[_Candidate]:
    vector = _story_vector(ordered)
    found = []
    for article_rank, article in enumerate(ordered):
        analysis = article.analysis
        by_position = {s.position: s for s in analysis.sentences}
        # Beside the article's summary, its next sentences that are news on their own, ranked
        # after it: what takes the place of a summary sentence a reader could not follow.
        reserve = [
            t.position
            for t in analysis.traits
            if not t.faults and t.position not in analysis.summary
        ][:_RESERVE]
        for rank, position in enumerate((*analysis.summary, *reserve)):
            sentence = by_position.get(position)
            if sentence is None or not sentence.text.strip() or faulty(analysis, position):
                continue
            text = strip_dateline(sentence.text.strip()) or sentence.text.strip()
            bag = {word: 1.0 for word in content_words(text)}
            traits = analysis.traits_at(position)
            relevance = cosine(bag, vector) + (0.1 if rank == 0 else 0.0) - 0.03 * rank
            if traits is not None and traits.leans_on:
                relevance -= _LEANING_PENALTY
            found.append(
                _Candidate(
                    relevance - 0.01 * article_rank,
                    article_rank,
                    StorySentence(text, article.article_id, position, article.outlet_label),
                    bag,
                    traits,
                )
            )
    return found


def _select(candidates: list[_Candidate], max_sentences: int) -> list[_Candidate]:
    """Maximal marginal relevance, a fact told once: near-repeats in words or in meaning (the
    same participants and links in the parse, ``reading.same_fact``) are refused."""
    pool = list(candidates)
    chosen: list[_Candidate] = []
    outlets: set[str] = set()
    while pool and len(chosen) < max_sentences:

        def gain(item: _Candidate) -> float:
            overlap = max((cosine(item.bag, kept.bag) for kept in chosen), default=0.0)
            fresh = 0.05 if chosen and item.sentence.outlet not in outlets else 0.0
            return item.relevance + fresh - _MMR_REDUNDANCY * overlap

        # Gains change only when a sentence is chosen: rank once per choice, and walk past the
        # repeats of what is chosen (a story of many copies of one article has many).
        ranked = sorted(
            pool,
            key=lambda c: (gain(c), -c.article_rank, -c.sentence.position),
            reverse=True,
        )
        taken = next(
            (
                index
                for index, item in enumerate(ranked)
                if not any(
                    near_duplicate(item.sentence.text, kept.sentence.text)
                    or same_fact(item.traits, kept.traits)
                    for kept in chosen
                )
            ),
            None,
        )
        if taken is None:
            break
        best = ranked[taken]
        chosen.append(best)
        outlets.add(best.sentence.outlet)
        pool = ranked[taken + 1 :]
    if not chosen:
        return []
    # The news first; the rest as each outlet told it, in article order.
    head, rest = chosen[0], sorted(chosen[1:], key=lambda c: (c.article_rank, c.sentence.position))
    return [head, *rest]


def _unfollowable(
    chosen: Sequence[_Candidate], *, headline: str, people: Sequence[str]
) -> set[tuple[int, int]]:
    """The chosen sentences whose subject leans on something the story has not said above them
    ("The spokeswoman said ..." with no spokeswoman introduced, "He ..." with nobody named)."""
    shown = [headline]
    previous: _Candidate | None = None
    lost: set[tuple[int, int]] = set()
    for item in chosen:
        leans_on = item.traits.leans_on if item.traits is not None else ()
        follows = (
            previous is not None
            and previous.sentence.article_id == item.sentence.article_id
            and previous.sentence.position == item.sentence.position - 1
        )
        if lean_met(leans_on, shown=shown, people=people, follows_its_own=follows):
            shown.append(item.sentence.text)
            previous = item
        else:
            lost.add(item.key)
    return lost


def story_summary(
    articles: Sequence[StoryArticleInput], *, max_sentences: int = 4, headline: str | None = None
) -> tuple[StorySentence, ...]:
    """What happened first, then what the other outlets add, each fact said once, each sentence
    one a reader can follow.

    Candidates are each article's summary sentences that are news on their own (no caption,
    promo, fragment ...: the analysis' traits); relevance is centrality in the whole story
    (content words its outlets share) with a lead bonus for an article's first summary sentence
    and a penalty for sentences that lean on something before them; selection is maximal
    marginal relevance with repeats refused, and an outlet not yet quoted gets a small bonus, so
    several outlets speak. The first sentence is the most relevant lead: the news. A sentence
    whose subject leans on something the story has not said above it is left out, and the
    choice made again without it.
    """
    ordered = chronological(articles)
    title = story_title(ordered) if headline is None else headline
    people = [name for a in ordered for p in a.analysis.people for name in (p.name, *p.aliases)]
    candidates = _candidates(ordered)
    chosen: list[_Candidate] = []
    for _ in range(_ROUNDS):
        chosen = _select(candidates, max_sentences)
        lost = _unfollowable(chosen, headline=title, people=people)
        if not lost:
            break
        candidates = [c for c in candidates if c.key not in lost]
        chosen = [c for c in chosen if c.key not in lost]
    return tuple(c.sentence for c in chosen)


def build_story(
    articles: Sequence[StoryArticleInput],
    *,
    story_id: int,
    revision: int = 1,
    max_sentences: int = 4,
    max_quotes: int = 3,
) -> StoryView:
    """Everything a digest shows of one story, from its analysed articles."""
    ordered = chronological(articles)
    people = merge_people(ordered)
    title = story_title(ordered)
    summary = story_summary(ordered, max_sentences=max_sentences, headline=title)
    shown = [s.text for s in summary]
    quotes = merge_quotes(ordered, people=people, max_quotes=10_000, avoid_texts=shown)
    seen = [a.seen_at for a in ordered if a.seen_at is not None]
    return StoryView(
        id=story_id,
        title=title,
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
        summary=mark_exclusive(summary, ordered),
        quotes=key_quotes(quotes, summary=shown, max_quotes=max_quotes),
        people=people,
        events=story_timeline(ordered),
        first_seen=min(seen) if seen else None,
        last_seen=max(seen) if seen else None,
        revision=revision,
        differences=story_differences(ordered),
    )
