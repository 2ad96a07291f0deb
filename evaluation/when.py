"""/when on TimeML and MEANTIME: the calendar dates of our events against trained annotators'.

Per article, the set of gold DATE values that name a day, a month or a year (the creation date's
own dateline aside) is compared with the set of dates of our events at day, month or year
precision (both ends of a range), given the creation date as publication date; counts are
pooled over articles.
Two errors are counted apart, through the gold expression our event's expression overlaps:
a date exactly 7 days off the annotators' day (and, of those, the ones whose expression names
the publication's own weekday: issue 12's "Friday in a Friday article"), and a date after
publication where the annotators' date is on or before it (the text put it in the past).

Baseline: spaCy DATE entities of the same parse, each read by dateparser with the creation date
as ``RELATIVE_BASE`` and ``PREFER_DATES_FROM="past"``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from dateparser.date import DateDataParser

from digests.analysis.models import DatePrecision, PartialDate
from evaluation.align import OffsetMap
from evaluation.corpora.meantime import MeantimeDocument
from evaluation.corpora.timeml import TimeMLDocument, Timex
from evaluation.figures import HALVES, Better, Figure, Report, by_half, prf_figures
from evaluation.ingest import RawArticle, ingest
from evaluation.metrics import PRF, format_table
from evaluation.parse import Analysed, Parser, analyse_all

__all__ = ["DateCase", "WhenResult", "gold_value", "score_cases", "when_cases", "when_report"]

_VALUE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[A-Z0-9:]+)?$")


def gold_value(value: str) -> str | None:
    """``1998-01-08``, ``1998-01`` or ``1998`` for a value naming a day, month or year."""
    match = _VALUE.match(value)
    if match is None or (match[2] and not 1 <= int(match[2]) <= 12):
        return None
    if "T" in value and not match[3]:
        return None
    return "-".join(part for part in match.groups() if part)


def _start(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], *([*parts[1:], 1, 1][:2]))


@dataclass(frozen=True, slots=True)
class Found:
    """One dated expression found by a system: its value and span in the corpus text."""

    value: str
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class DateCase:
    """One article: the gold dates and what ours and the baseline found."""

    name: str
    creation: date
    gold: tuple[Timex, ...]
    ours: tuple[Found, ...]
    baseline: tuple[Found, ...]
    # 0 or 1: the article's half of its corpus (position in load order, alternate).
    half: int = 0


@dataclass(frozen=True, slots=True)
class WhenResult:
    scores: PRF
    seven_days_off: int
    future_but_past: int
    # Of the 7-days-off dates, those whose gold expression names the publication's weekday.
    seven_on_publication_weekday: int = 0


_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _gold_timexes(timexes: Sequence[Timex], limit: int | None) -> tuple[Timex, ...]:
    return tuple(
        t
        for t in timexes
        if t.type == "DATE"
        and t.function != "CREATION_TIME"
        and gold_value(t.value) is not None
        and (limit is None or t.start < limit)
    )


def _overlapping(found: Found, gold: Sequence[Timex]) -> Timex | None:
    if found.start is None or found.end is None:
        return None
    for timex in gold:
        if timex.start < found.end and found.start < timex.end:
            return timex
    return None


def score_cases(cases: Sequence[DateCase], *, side: str) -> WhenResult:
    """Pooled date-set scores and the two error counts for ``side`` ("ours" or "baseline")."""
    total = PRF(0, 0, 0)
    seven = future = seven_named = 0
    for case in cases:
        found: tuple[Found, ...] = getattr(case, side)
        gold_set = {v for t in case.gold if (v := gold_value(t.value))}
        ours = {f.value for f in found}
        total = total + PRF(len(ours & gold_set), len(ours), len(gold_set))
        counted: set[str] = set()
        for item in found:
            timex = _overlapping(item, case.gold)
            truth = gold_value(timex.value) if timex is not None else None
            if truth is None or truth == item.value or item.value in counted:
                continue
            mine = _start(item.value)
            if len(item.value) == 10 and len(truth) == 10 and abs((mine - _start(truth)).days) == 7:
                seven += 1
                counted.add(item.value)
                if (
                    timex is not None
                    and _WEEKDAY_NAMES[case.creation.weekday()] in timex.text.lower()
                ):
                    seven_named += 1
            if mine > case.creation and _start(truth) <= case.creation:
                future += 1
                counted.add(item.value)
    return WhenResult(total, seven, future, seven_named)


def _ours(analysed: Analysed, offsets: OffsetMap, limit: int | None) -> tuple[Found, ...]:
    found = []
    for event in analysed.analysis.events:
        start = offsets.map(event.start) if event.start >= 0 else None
        end = offsets.map(max(event.end - 1, event.start)) if event.end >= 0 else None
        if limit is not None and (start is None or start >= limit):
            continue
        # A range ("from 1991 to 1997") dates its event at both ends.
        for when in (event.date, event.until):
            if when is not None and when.is_calendar:
                found.append(Found(str(when), start, None if end is None else end + 1))
    return tuple(found)


_PERIODS = {"day": DatePrecision.DAY, "month": DatePrecision.MONTH, "year": DatePrecision.YEAR}


def _baseline(
    analysed: Analysed, offsets: OffsetMap, creation: date, limit: int | None
) -> tuple[Found, ...]:
    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(creation.year, creation.month, creation.day, 12),
            "PREFER_DATES_FROM": "past",
            "RETURN_TIME_AS_PERIOD": True,
        },
    )
    found = []
    for ent in analysed.doc.ents:
        if ent.label_ != "DATE":
            continue
        start = offsets.map(ent.start_char)
        if limit is not None and (start is None or start >= limit):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            data = parser.get_date_data(ent.text)
        precision = _PERIODS.get(data.period or "")
        if data.date_obj is None or precision is None:
            continue
        value = str(PartialDate(data.date_obj.date(), precision))
        found.append(Found(value, start, None if start is None else start + len(ent.text)))
    return tuple(found)


def when_cases(
    parser: Parser,
    timeml: Sequence[TimeMLDocument],
    meantime: Sequence[MeantimeDocument],
) -> dict[str, list[DateCase]]:
    """Both corpora ingested, analysed and paired with their gold, per corpus."""
    # Each article's half: its position in the corpus as loaded, alternate (before articles
    # without a creation date are left out).
    corpora: dict[str, list[tuple[str, str, date, tuple[Timex, ...], int | None, int]]] = {
        "TimeML": [
            (d.doc_id, d.text, d.creation, d.timexes, None, n % 2) for n, d in enumerate(timeml)
        ],
        "MEANTIME": [
            (d.name, d.text, d.creation, d.timexes, d.annotated_end, n % 2)
            for n, d in enumerate(meantime)
            if d.creation is not None
        ],
    }
    out: dict[str, list[DateCase]] = {}
    for corpus, docs in corpora.items():
        raws = [RawArticle(text, published=creation) for _, text, creation, *_ in docs]
        ingested = ingest(raws)
        kept = [(doc, item) for doc, item in zip(docs, ingested, strict=True) if item.article]
        analysed = analyse_all(parser, [item.article for _, item in kept if item.article])
        cases = []
        for ((name, text, creation, timexes, limit, half), _), result in zip(
            kept, analysed, strict=True
        ):
            offsets = OffsetMap(text, result.prepared)
            cases.append(
                DateCase(
                    name=name,
                    creation=creation,
                    gold=_gold_timexes(timexes, limit),
                    ours=_ours(result, offsets, limit),
                    baseline=_baseline(result, offsets, creation, limit),
                    half=half,
                )
            )
        # An article ingestion refused still has gold dates: all of them missed.
        for (name, _, creation, timexes, limit, half), item in zip(docs, ingested, strict=True):
            if item.article is None:
                gold = _gold_timexes(timexes, limit)
                cases.append(DateCase(name, creation, gold, (), (), half=half))
        out[corpus] = cases
    return out


def when_report(cases: dict[str, list[DateCase]]) -> Report:
    """The /when table: ours beside the baseline on each corpus, overall and by half."""
    rows = []
    figures: list[Figure] = []
    for corpus, items in cases.items():
        halves = by_half(items, lambda c: c.half)
        for label, side in (("spaCy DATE + dateparser", "baseline"), ("**ours**", "ours")):
            result = score_cases(items, side=side)
            even, odd = (score_cases(h, side=side) for h in halves)
            s = result.scores
            system = label.strip("*")
            figures += prf_figures(
                "when", corpus, system, (s, even.scores, odd.scores), ours=side == "ours"
            )
            figures += [
                Figure(
                    "when",
                    corpus,
                    measure,
                    system,
                    getattr(result, name),
                    getattr(even, name),
                    getattr(odd, name),
                    Better.LOWER,
                    side == "ours",
                )
                for measure, name in (
                    ("7 days off", "seven_days_off"),
                    ("7 days off, publication's weekday", "seven_on_publication_weekday"),
                    ("after publication, text says past", "future_but_past"),
                )
            ]
            rows.append(
                (
                    corpus,
                    label,
                    len(items),
                    s.expected,
                    s.found,
                    s.correct,
                    s.precision,
                    s.recall,
                    s.f1,
                    even.scores.f1,
                    odd.scores.f1,
                    result.seven_days_off,
                    result.seven_on_publication_weekday,
                    result.future_but_past,
                )
            )
    header = (
        "corpus",
        "system",
        "articles",
        "gold dates",
        "found",
        "correct",
        "P",
        "R",
        "F1",
        f"F1 {HALVES[0]}",
        f"F1 {HALVES[1]}",
        "7 days off",
        "of which the publication's weekday",
        "after publication, text says past",
    )
    return Report(format_table(header, rows), tuple(figures))
