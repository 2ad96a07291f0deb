"""Articles stored as analysed by keywords alone: what clustering reads, with nothing else."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from digests.analysis.models import ANALYSIS_VERSION
from storage.models import Analysis, Article


def add_analysed(session: Session, article: Article, keywords: Mapping[str, float]) -> Article:
    """Store ``article`` with a current analysis of only ``keywords`` (no terms, no entities)."""
    session.add(article)
    session.flush()
    session.add(
        Analysis(
            article_id=article.id,
            version=ANALYSIS_VERSION,
            language="en",
            is_english=True,
            method="hybrid",
            summary=[],
            features={"terms": {}, "entities": [], "keywords": dict(keywords)},
        )
    )
    return article
