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
from collections.abc import Sequence
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
from evaluation.corpora.meantime import GoldPerson, MeantimeDocument
from evaluation.ingest import RawArticle, ingest
from evaluation.metrics import PRF, format_table
from evaluation.parse import Parser, analyse_all
from storage.engine import make_engine, make_sessionmaker, transaction
from storage.migrate import upgrade
from storage.models import Article, Mention
from storage.sources import add_source

__all__ = ["PeopleCase", "cross_document", "names_match", "people_cases", "who_report"]

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


def _match(found: Sequence[Sequence[str]], gold: Sequence[GoldPerson]) -> dict[int, int]:
    """Found index -> gold index, each gold person taken once, in the order found."""
    taken: dict[int, int] = {}
    for i, names in enumerate(found):
        for j, person in enumerate(gold):
            if j in taken.values():
                continue
            if any(names_match(n, g) for n in names for g in person.names):
                taken[i] = j
                break
    return taken


def people_cases(parser: Parser, docs: Sequence[MeantimeDocument]) -> list[PeopleCase]:
    """Each article ingested and analysed; the people found in its annotated part."""
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
        cases.append(PeopleCase(doc, tuple(ours), tuple((n,) for n in baseline.values())))
    # An article ingestion refused still has gold people: all of them missed.
    cases += [PeopleCase(d, (), ()) for d, i in zip(docs, ingested, strict=True) if not i.article]
    return cases


def _scores(cases: Sequence[PeopleCase], side: str) -> PRF:
    total = PRF(0, 0, 0)
    for case in cases:
        found = getattr(case, side)
        total = total + PRF(len(_match(found, case.doc.people)), len(found), len(case.doc.people))
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


def cross_document(
    nlp: Language,
    docs: Sequence[MeantimeDocument],
    cases: Sequence[PeopleCase],
    *,
    method: str = "hybrid",
    sentences: int = 3,
) -> dict[str, tuple[PRF, PRF, int]]:
    """Per topic: pairwise merging scores (ours, baseline) and the number of matched items.

    ``cases`` gives the baseline's people per article (by document name).
    """
    baseline_names = {case.doc.name: case.baseline for case in cases}
    out: dict[str, tuple[PRF, PRF, int]] = {}
    for topic in sorted({d.topic for d in docs}):
        topic_docs = [d for d in docs if d.topic == topic]
        stored = _stored_people(nlp, topic_docs, method=method, sentences=sentences)
        ours: list[tuple[str, object]] = []
        baseline: list[tuple[str, object]] = []
        for doc in topic_docs:
            people = [p for p in doc.people if p.instance_id]
            mentions = stored.get(doc.name, [])
            for i, j in _match([(name,) for name, _ in mentions], people).items():
                ours.append((str(people[j].instance_id), mentions[i][1]))
            found = baseline_names.get(doc.name, ())
            for i, j in _match(found, people).items():
                baseline.append((str(people[j].instance_id), normalize_name(found[i][0])))
        out[topic] = (_pairwise(ours), _pairwise(baseline), len(ours))
    return out


def who_report(cases: Sequence[PeopleCase], merging: dict[str, tuple[PRF, PRF, int]]) -> str:
    """Per-article people and cross-article merging, ours beside the baseline."""
    rows = []
    for label, side in (("spaCy PERSON", "baseline"), ("**ours**", "ours")):
        s = _scores(cases, side)
        rows.append(
            (
                "people per article",
                label,
                s.expected,
                s.found,
                s.correct,
                s.precision,
                s.recall,
                s.f1,
            )
        )
    for topic, (ours, baseline, items) in merging.items():
        for label, s in (("same name string", baseline), ("**ours** (stored people)", ours)):
            rows.append(
                (
                    f"merging, topic {topic} ({items} items)",
                    label,
                    s.expected,
                    s.found,
                    s.correct,
                    s.precision,
                    s.recall,
                    s.f1,
                )
            )
    header = ("measure", "system", "gold", "found", "correct", "P", "R", "F1")
    return format_table(header, rows)
