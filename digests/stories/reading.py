"""What a story shows a reader, judged by the traits the analysis read from each sentence's parse.

Story building runs without spaCy: the analysis stored, per candidate sentence, its faults (no
news on its own), what its subject leans on, and the keys of the fact it tells
(``digests.analysis.readable``). Here those are weighed against what the story shows before a
sentence: its headline and the sentences above it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from digests.analysis.models import ArticleAnalysis, SentenceTraits
from digests.stories.text import content_words, fold

__all__ = [
    "SAME_FACT_LINKS",
    "faulty",
    "lean_met",
    "same_fact",
    "shared_links",
    "statement_quote",
]

# Two sentences tell one fact when they share a participant and this many links between content
# words of their parse ("administration>biden", "border>russia", "locate>border"): measured on the
# seeds, the outlets' two tellings of one fact share 3-4 with a name, different facts of the
# story at most 2 ("use>weapon", "weapon>american": the story's theme, not a fact).
SAME_FACT_LINKS = 3
# Without a shared name, only many shared links make one fact.
_SAME_FACT_LINKS_UNNAMED = 5
_MIN_QUOTE_WORDS = 5


def faulty(analysis: ArticleAnalysis, position: int) -> bool:
    """Whether the analysis found the sentence no news on its own (caption, promo, fragment ...)."""
    traits = analysis.traits_at(position)
    return traits is not None and bool(traits.faults)


def shared_links(left: SentenceTraits, right: SentenceTraits) -> tuple[set[str], set[str]]:
    """(shared names, shared links) of two sentences' fact keys."""
    names = {f for f in left.facts if f.startswith("e:")} & set(right.facts)
    links = {f for f in left.facts if f.startswith("a:")} & set(right.facts)
    return names, links


def same_fact(left: SentenceTraits | None, right: SentenceTraits | None) -> bool:
    """Whether two sentences tell one fact, by meaning: the same participants and the same
    links between the words of their parses, however worded."""
    if left is None or right is None:
        return False
    names, links = shared_links(left, right)
    return (bool(names) and len(links) >= SAME_FACT_LINKS) or len(links) >= _SAME_FACT_LINKS_UNNAMED


def _named(texts: Sequence[str], people: Iterable[str]) -> bool:
    shown = " ".join(fold(t) for t in texts)
    return any(fold(name) in shown for name in people if name.strip())


def lean_met(
    leans_on: Sequence[str], *, shown: Sequence[str], people: Iterable[str], follows_its_own: bool
) -> bool:
    """Whether everything a sentence leans on was said before it in the story.

    ``shown``: the headline and the sentences above; ``people``: every name the story's people
    go by; ``follows_its_own``: the sentence right above comes from the same article, just
    before it there (so whatever it leans on is said as the article said it).
    """
    if follows_its_own:
        return True
    return all(_met(need, shown, people) for need in leans_on)


def _met(need: str, shown: Sequence[str], people: Iterable[str]) -> bool:
    if need == "person":
        return _named(shown, people)
    if need in ("thing", "previous"):
        return False
    stems = set(content_words(need.removeprefix("noun:")))
    return bool(stems) and any(stems <= set(content_words(text)) for text in shown)


def statement_quote(text: str, *, direct: bool, speaker: str | None) -> bool:
    """A key quote is a statement someone named made in their own words: a direct quote that
    opens as a sentence does (a capital letter), long enough to say something, with no quote
    mark of its own left open. Reported speech ("declined to comment", "said the plan ...") is
    a paraphrase, refusals and descriptions of speech among it, so it is never one."""
    words = text.split()
    if not direct or not speaker or len(words) < _MIN_QUOTE_WORDS:
        return False
    first = next((ch for ch in text if ch.isalpha()), "")
    if not first.isupper():
        return False
    inner = text.count("“") + text.count("”") + text.count('"')
    return inner % 2 == 0
