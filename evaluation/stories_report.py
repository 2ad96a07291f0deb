"""The stories report: clustering in three orders, overall and on each half of the events, beside
the TF-IDF baseline; the seeds with and without their metadata; the threshold's calibration;
story summaries. What is scored and how is in ``evaluation.stories``."""

from __future__ import annotations

from collections.abc import Sequence

from digests.stories.clustering import DEFAULT_THRESHOLD
from digests.stories.models import StoryArticleInput
from evaluation.calibration import calibration, chosen_threshold
from evaluation.figures import HALVES, Better, Figure, Report, prf_figures
from evaluation.metrics import PRF, format_table
from evaluation.seeds import seeds_together
from evaluation.stories import (
    NON_ARTICLES,
    ORDERS,
    StoriesData,
    cluster_in_order,
    story_half,
    story_summaries,
    tfidf_at,
    tfidf_baseline,
)

__all__ = ["stories_report"]

TASK = "stories"
SCOPE = "Multi-News"


def _refusals(data: StoriesData) -> PRF:
    """Ingestion's refusals against the non-article gold."""
    refused = {i for i, item in enumerate(data.inputs) if item is None}
    return PRF(len(refused & data.non_articles), len(refused), len(data.non_articles))


def _non_article_line(data: StoriesData, halves: Sequence[StoriesData]) -> tuple[str, list[Figure]]:
    if not data.non_articles:
        return "No non-article gold: every refused text counts as a lost story of its own.", []
    scores = (_refusals(data), *(_refusals(h) for h in halves))
    s = scores[0]
    line = (
        f"Non-article gold ({NON_ARTICLES.name}): {s.expected} texts are no article; they form "
        f"no expected pair and any pair they are put in is wrong. Ingestion refused {s.correct} "
        f"of them and {s.found - s.correct} articles (refusal P {s.precision:.3f}, "
        f"R {s.recall:.3f}; {HALVES[0]} events R {scores[1].recall:.3f}, {HALVES[1]} events "
        f"R {scores[2].recall:.3f})."
    )
    return line, prf_figures(TASK, SCOPE, "ours", scores, prefix="non-article refusal ")


def _seeds_lines(
    data: StoriesData, seeds: Sequence[tuple[str, Sequence[StoryArticleInput]]]
) -> tuple[list[str], list[Figure]]:
    results = seeds_together(data, seeds)
    figures = [
        Figure(
            TASK,
            "seeds among Multi-News",
            f"stories, {r.variant}, {r.order}",
            "ours",
            r.stories,
            better=Better.LOWER,
        )
        for r in results
    ]
    rows = []
    for variant, _ in seeds:
        mine = [r for r in results if r.variant == variant]
        cells = ["one story" if r.stories == 1 else f"**{r.stories} stories**" for r in mine]
        rows.append((variant, ", ".join(mine[0].dated_by) if mine else "", *cells))
    count = len(seeds[0][1]) if seeds else 0
    lines = [
        "",
        f"The {count} sample articles (seeds/), read as a folder source with and without its "
        "metadata.json, clustered among all the articles (each fetched in its order of arrival):",
        "",
        format_table(("seeds folder", "seeds dated by", *ORDERS), rows),
    ]
    return lines, figures


def _calibration_lines(data: StoriesData) -> tuple[list[str], list[Figure]]:
    rows_cal = calibration(data)
    pick = chosen_threshold(rows_cal)
    table = format_table(
        (
            "threshold",
            "calibration P",
            "calibration R",
            "calibration F1",
            "check P",
            "check R",
            "check F1",
        ),
        [
            (
                f"**{t:.2f}**" if t == DEFAULT_THRESHOLD else f"{t:.2f}",
                cal.precision,
                cal.recall,
                cal.f1,
                chk.precision,
                chk.recall,
                chk.f1,
            )
            for t, cal, chk in rows_cal
        ],
    )
    lines = [
        "",
        f"Threshold calibrated on the even events, checked on the odd ones (rule: the highest "
        f"threshold within 0.02 of the calibration half's best F1): {pick}; the default is "
        f"{DEFAULT_THRESHOLD}.",
        "",
        table,
    ]
    return lines, [Figure(TASK, SCOPE, "calibrated threshold", "ours", pick, better=Better.INFO)]


def _summary_lines(data: StoriesData) -> tuple[list[str], list[Figure]]:
    scores = story_summaries(data)
    figures = []
    rows = []
    for name, label in (
        ("lead", "first three sentences of the first article"),
        ("ours", "**ours** (story summary)"),
    ):
        every, even, odd = scores[name]
        system = "ours" if name == "ours" else "first three sentences"
        figures += [
            Figure(
                TASK,
                "Multi-News story summaries",
                measure,
                system,
                getattr(every, key),
                getattr(even, key),
                getattr(odd, key),
                ours=name == "ours",
            )
            for measure, key in (("ROUGE-1", "r1"), ("ROUGE-2", "r2"), ("ROUGE-L", "rl"))
        ]
        rows.append((label, every.count, every.r1, every.r2, every.rl, even.r1, odd.r1))
    header = (
        "story summary vs editors' summary",
        "events",
        "ROUGE-1",
        "ROUGE-2",
        "ROUGE-L",
        f"R-1 {HALVES[0]} events",
        f"R-1 {HALVES[1]} events",
    )
    return ["", format_table(header, rows)], figures


def stories_report(
    data: StoriesData, *, seeds: Sequence[tuple[str, Sequence[StoryArticleInput]]] = ()
) -> Report:
    """Clustering in three orders beside the TF-IDF baseline, overall and by half; the seeds;
    the calibration; the story summaries."""
    halves = (story_half(data, 0), story_half(data, 1))
    refused = sum(1 for item in data.inputs if item is None)
    figures: list[Figure] = []
    threshold, base, base_count = tfidf_baseline(data.texts, data.gold)
    base_halves = [tfidf_at(h.texts, h.gold, threshold) for h in halves]
    system = f"TF-IDF single-link, best threshold {threshold}"
    figures += prf_figures(
        TASK, SCOPE, "TF-IDF single-link", (base, *base_halves), prefix="pair ", ours=False
    )
    rows: list[tuple[object, ...]] = [
        (
            system,
            "any",
            base.precision,
            base.recall,
            base.f1,
            *(h.f1 for h in base_halves),
            base_count,
            "",
        )
    ]
    examples: list[str] = []
    for order in ORDERS:
        every, even, odd = (cluster_in_order(d, order) for d in (data, *halves))
        scope = f"{SCOPE}, {order}"
        figures += prf_figures(
            TASK, scope, "ours", (every.scores, even.scores, odd.scores), prefix="pair "
        )
        figures += [
            Figure(
                TASK,
                scope,
                "stories",
                "ours",
                every.stories,
                even.stories,
                odd.stories,
                Better.INFO,
            ),
            Figure(
                TASK,
                scope,
                "furniture titles",
                "ours",
                len(every.furniture_titles),
                len(even.furniture_titles),
                len(odd.furniture_titles),
                Better.LOWER,
            ),
        ]
        rows.append(
            (
                "**ours**",
                order,
                every.scores.precision,
                every.scores.recall,
                every.scores.f1,
                even.scores.f1,
                odd.scores.f1,
                every.stories,
                str(len(every.furniture_titles)),
            )
        )
        examples.extend(every.furniture_titles[:3])
    header = (
        "system",
        "order",
        "pair P",
        "pair R",
        "pair F1",
        f"pair F1 {HALVES[0]} events",
        f"pair F1 {HALVES[1]} events",
        "stories",
        "furniture titles",
    )
    refusal_line, refusal_figures = _non_article_line(data, halves)
    figures += refusal_figures
    lines = [
        f"{len(data.texts)} articles of {len(data.events)} events, undated; {refused} refused "
        "at ingestion (no story). Each half (the even events, the odd events) is clustered as "
        "a corpus of its own.",
        refusal_line,
        "",
        format_table(header, rows),
    ]
    if examples:
        lines += ["", "Titles starting with furniture: " + " / ".join(examples[:6])]
    for part in (
        _seeds_lines(data, seeds) if seeds else ([], []),
        _calibration_lines(data),
        _summary_lines(data),
    ):
        lines += part[0]
        figures += part[1]
    return Report("\n".join(lines), tuple(figures))
