"""/who on MEANTIME: the people of each article, and one person per real person across articles.

Gold: per article, every PER entity with a proper-name (NAM) mention in the annotated sentences
(title, dateline, first four sentences). Ours: the people whose first mention lies there.
Matching rule: a found person matches a gold person when one of its names (name or alias) and
one of the gold NAM mentions, both normalized (case, accents, punctuation), are equal or one is
the other's tail ("Jobs" / "Steve Jobs", "Martin Mann" / "Presiding Judge Martin Mann"); each
gold person is matched once. Across articles: each topic's 30 articles are ingested into a fresh
database through the real jobs (folder source, ingest, analysis, clustering) and the stored
people read back; over the article-person items matched to gold, pairwise P/R/F1 of "same
stored person" against "same corpus instance_id".

Baseline: spaCy PERSON entities, one person per distinct normalized name; across articles, the
same normalized name is the same person.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from spacy.language import Language
from sqlalchemy import select

from digests.analysis.names import normalize_name
from digests.jobs.config import PipelineConfig
from digests.jobs.ingest import IngestConfig, run_ingest
from digests.jobs.pipeline import process_pending
from digests.sources.models import SourceKind
from evaluation.align import OffsetMap
from evaluation.corpora.meantime import MeantimeDocument
from evaluation.figures import HALVES, Figure, Report, by_half, prf_figures, prf_row
from evaluation.ingest import RawArticle, ingest
from evaluation.metrics import PRF, format_table
from evaluation.parse import Parser, analyse_all
from storage.engine import make_engine, make_sessionmaker, transaction
from storage.migrate import upgrade
from storage.models import Article, Mention
from storage.sources import add_source

__all__ = [
    "Merging",
    "PeopleCase",
    "cross_document",
    "match_people",
    "meantime_halves",
    "names_match",
    "people_cases",
    "who_report",
]

WIKINEWS = "Wikinews"


def names_match(left: str, right: str) -> bool:
    """The evaluation's name rule: equal once normalized, or one the tail of the other."""
    a, b = normalize_name(left).split(), normalize_name(right).split()
    if not a or not b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return long[-len(short) :] == short


@dataclass(frozen=True, slots=True)
class PeopleCase:
    """One article's gold people and the names each system found there."""

    doc: MeantimeDocument
    ours: tuple[tuple[str, ...], ...]
    baseline: tuple[tuple[str, ...], ...]
    # 0 or 1: the article's half of the corpus (position in topic-then-name order, alternate).
    half: int = 0


def match_people(found: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]) -> dict[int, int]:
    """Found index -> gold index, each gold person (by its names) taken once, in the order found."""
    taken: dict[int, int] = {}
    for i, names in enumerate(found):
        for j, person in enumerate(gold):
            if j in taken.values():
                continue
            if any(names_match(n, g) for n in names for g in person):
                taken[i] = j
                break
    return taken


def meantime_halves(docs: Sequence[MeantimeDocument]) -> dict[tuple[str, str], int]:
    """Each document's half by its position in the order given (topic, then name), alternate."""
    return {(d.topic, d.name): n % 2 for n, d in enumerate(docs)}


def people_cases(
    parser: Parser,
    docs: Sequence[MeantimeDocument],
    *,
    halves: Mapping[tuple[str, str], int] | None = None,
) -> list[PeopleCase]:
    """Each article ingested and analysed; the people found in its annotated part.

    ``halves`` gives each document's half by (topic, name): the whole corpus' split, when
    ``docs`` is a part of it; by default, position in ``docs``, alternate.
    """
    half = halves if halves is not None else meantime_halves(docs)
    ingested = ingest([RawArticle(d.text, published=d.creation, outlet=WIKINEWS) for d in docs])
    cases = []
    kept = [(d, i.article) for d, i in zip(docs, ingested, strict=True) if i.article is not None]
    analysed = analyse_all(parser, [a for _, a in kept if a is not None])
    for (doc, _), result in zip(kept, analysed, strict=True):
        offsets = OffsetMap(doc.text, result.prepared)
        sentences = result.analysis.sentences
        ours = []
        for person in result.analysis.people:
            if person.first_position >= len(sentences):
                continue
            start = offsets.map(sentences[person.first_position].start)
            if start is not None and start < doc.annotated_end:
                ours.append((person.name, *person.aliases))
        baseline: dict[str, str] = {}
        for ent in result.doc.ents:
            start = offsets.map(ent.start_char)
            if ent.label_ == "PERSON" and start is not None and start < doc.annotated_end:
                baseline.setdefault(normalize_name(ent.text), ent.text)
        found = tuple((n,) for n in baseline.values())
        cases.append(PeopleCase(doc, tuple(ours), found, half[doc.topic, doc.name]))
    # An article ingestion refused still has gold people: all of them missed.
    cases += [
        PeopleCase(d, (), (), half[d.topic, d.name])
        for d, i in zip(docs, ingested, strict=True)
        if not i.article
    ]
    return cases


def _scores(cases: Sequence[PeopleCase], side: str) -> PRF:
    total = PRF(0, 0, 0)
    for case in cases:
        found = getattr(case, side)
        gold = [p.names for p in case.doc.people]
        total = total + PRF(len(match_people(found, gold)), len(found), len(gold))
    return total


def _pairwise(items: Sequence[tuple[str, object]]) -> PRF:
    """Items are (gold instance, predicted person): pairs within each, counted."""
    correct = found = expected = 0
    for (gold_a, ours_a), (gold_b, ours_b) in combinations(items, 2):
        same_gold, same_ours = gold_a == gold_b, ours_a == ours_b
        expected += same_gold
        found += same_ours
        correct += same_gold and same_ours
    return PRF(correct, found, expected)


def _stored_people(
    nlp: Language, docs: Sequence[MeantimeDocument], *, method: str, sentences: int
) -> dict[str, list[tuple[str, int]]]:
    """doc name -> [(mention name, stored person id)] after the real ingest and analysis jobs."""
    with tempfile.TemporaryDirectory(prefix="newsdigest-who-") as folder:
        root = Path(folder)
        texts = root / "articles"
        texts.mkdir()
        meta = {}
        for doc in docs:
            (texts / f"{doc.name}.txt").write_text(doc.text, encoding="utf-8")
            meta[f"{doc.name}.txt"] = {
                "outlet": WIKINEWS,
                "url": f"https://wikinews.example/{doc.name}",
                "published": doc.creation.isoformat() if doc.creation else None,
            }
        (texts / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
        engine = make_engine(f"sqlite:///{root / 'who.db'}")
        upgrade(engine)
        sessions = make_sessionmaker(engine)
        with transaction(sessions) as session:
            source_id = add_source(session, kind=SourceKind.PATH, location=str(texts)).id
        run_ingest(sessions, IngestConfig(), source_id=source_id)
        process_pending(sessions, nlp, PipelineConfig(method=method, sentences=sentences))
        stored: dict[str, list[tuple[str, int]]] = {}
        with transaction(sessions) as session:
            rows = session.execute(
                select(Article.url, Mention.name, Mention.person_id).join(
                    Mention, Mention.article_id == Article.id
                )
            )
            for url, name, person_id in rows:
                stored.setdefault(str(url).rsplit("/", 1)[-1], []).append((name, int(person_id)))
        engine.dispose()
    return stored


Merging = tuple[tuple[PRF, PRF, PRF], tuple[PRF, PRF, PRF], int]


def cross_document(
    nlp: Language,
    docs: Sequence[MeantimeDocument],
    cases: Sequence[PeopleCase],
    *,
    method: str = "hybrid",
    sentences: int = 3,
) -> dict[str, Merging]:
    """Per topic: pairwise merging scores of ours and of the baseline, each as (all, even half,
    odd half), and the number of matched items.

    ``cases`` gives the baseline's people and each article's half (by document name); a half's
    scores count the pairs whose two items both come from articles of that half.
    """
    baseline_names = {(case.doc.topic, case.doc.name): case.baseline for case in cases}
    half = {(case.doc.topic, case.doc.name): case.half for case in cases}
    out: dict[str, Merging] = {}
    for topic in sorted({d.topic for d in docs}):
        topic_docs = [d for d in docs if d.topic == topic]
        stored = _stored_people(nlp, topic_docs, method=method, sentences=sentences)
        ours: list[tuple[int, str, object]] = []
        baseline: list[tuple[int, str, object]] = []
        for doc in topic_docs:
            people = [p for p in doc.people if p.instance_id]
            gold = [p.names for p in people]
            mentions = stored.get(doc.name, [])
            where = half.get((doc.topic, doc.name), 0)
            for i, j in match_people([(name,) for name, _ in mentions], gold).items():
                ours.append((where, str(people[j].instance_id), mentions[i][1]))
            found = baseline_names.get((doc.topic, doc.name), ())
            for i, j in match_people(found, gold).items():
                baseline.append((where, str(people[j].instance_id), normalize_name(found[i][0])))

        def scored(items: list[tuple[int, str, object]]) -> tuple[PRF, PRF, PRF]:
            return (
                _pairwise([(g, o) for _, g, o in items]),
                _pairwise([(g, o) for h, g, o in items if h == 0]),
                _pairwise([(g, o) for h, g, o in items if h == 1]),
            )

        out[topic] = (scored(ours), scored(baseline), len(ours))
    return out


def who_report(cases: Sequence[PeopleCase], merging: Mapping[str, Merging]) -> Report:
    """Per-article people and cross-article merging, ours beside the baseline, and by half."""
    rows = []
    figures: list[Figure] = []
    halves = by_half(cases, lambda c: c.half)
    for label, side in (("spaCy PERSON", "baseline"), ("**ours**", "ours")):
        s, even, odd = (_scores(part, side) for part in (cases, *halves))
        figures += prf_figures(
            "who",
            "MEANTIME people per article",
            label.strip("*"),
            (s, even, odd),
            ours=side == "ours",
        )
        rows.append(prf_row("people per article", label, (s, even, odd)))
    for topic, (ours, baseline, items) in merging.items():
        for label, scores in (("same name string", baseline), ("**ours** (stored people)", ours)):
            s, even, odd = scores
            system = "ours" if scores is ours else label
            figures += prf_figures(
                "who",
                f"MEANTIME merging, topic {topic}",
                system,
                scores,
                prefix="pairwise ",
                ours=scores is ours,
            )
            rows.append(prf_row(f"merging, topic {topic} ({items} items)", label, (s, even, odd)))
    header = (
        "measure",
        "system",
        "gold",
        "found",
        "correct",
        "P",
        "R",
        "F1",
        f"F1 {HALVES[0]}",
        f"F1 {HALVES[1]}",
    )
    return Report(format_table(header, rows), tuple(figures))
