"""How articles are analysed, clustered and viewed: one value, filled from settings once.

The composition root (``bot.container``) maps settings to this; the jobs and the readers take it
as it is, so the mapping is written in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from digests.analysis.summarize import DEFAULT_METHOD

__all__ = ["PipelineConfig"]


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    """The analysis, clustering and story-view options of one deployment."""

    # Summarizer and summary length of each article.
    method: str = DEFAULT_METHOD
    sentences: int = 3
    # Similarity at which an article joins a story (digests.stories.clustering.DEFAULT_THRESHOLD,
    # which imports the word statistics: a test keeps the two equal), and days a story stays open.
    threshold: float = 0.22
    window_days: int = 7
    # Key quotes kept in each story's stored view (what a digest shows).
    max_quotes: int = 2
