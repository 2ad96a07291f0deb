"""/who on CNN/DailyMail: the people each gold article names (``gold/cnndm_people.json``).

The articles are those of the quotes gold, ingested and analysed the same way. The gold lists
every real person the whole article names, so every person the analysis finds anywhere in it
counts. Matching rule, as on MEANTIME (``evaluation.who``): a found person matches a gold person
when one of its names (name or alias) and one of the gold person's name and mentions, both
normalized, are equal or one is the other's tail; each gold person is matched once. Scored on
all the gold articles, on the old and the new gold apart, and on each half of each.

Baseline: spaCy PERSON entities of the same parse, one person per distinct normalized name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from digests.analysis.names import normalize_name
from evaluation.cnndm_gold import SUBSET_LABELS, GoldArticle, gold_subsets
from evaluation.figures import HALVES, Figure, Report, prf_figures, prf_row
from evaluation.metrics import PRF, format_table
from evaluation.parse import Analysed
from evaluation.who import match_people

__all__ = ["CnnPeopleCase", "cnndm_people_cases", "cnndm_people_report", "people_detail_lines"]


@dataclass(frozen=True, slots=True)
class CnnPeopleCase:
    """One gold article: its gold people and the names each system found (one tuple a person)."""

    article: GoldArticle
    ours: tuple[tuple[str, ...], ...]
    baseline: tuple[tuple[str, ...], ...]


def cnndm_people_cases(
    analysed: Sequence[tuple[GoldArticle, Analysed | None]],
) -> list[CnnPeopleCase]:
    """Each gold article's people found by ours and by the baseline (none where refused)."""
    cases = []
    for article, result in analysed:
        if result is None:
            cases.append(CnnPeopleCase(article, (), ()))
            continue
        ours = tuple((p.name, *p.aliases) for p in result.analysis.people)
        baseline: dict[str, str] = {}
        for ent in result.doc.ents:
            if ent.label_ == "PERSON" and normalize_name(ent.text):
                baseline.setdefault(normalize_name(ent.text), ent.text)
        cases.append(CnnPeopleCase(article, ours, tuple((n,) for n in baseline.values())))
    return cases


def score_people(cases: Sequence[CnnPeopleCase], side: str) -> PRF:
    """Pooled person P/R/F1 counts of ``side`` ("ours" or "baseline")."""
    total = PRF(0, 0, 0)
    for case in cases:
        found = getattr(case, side)
        gold = [p.names for p in case.article.people]
        total = total + PRF(len(match_people(found, gold)), len(found), len(gold))
    return total


def cnndm_people_report(cases: Sequence[CnnPeopleCase]) -> Report:
    """Person P/R/F1 of ours beside spaCy PERSON, on all, old and new gold, and by half."""
    rows = []
    figures: list[Figure] = []
    for subset, part in gold_subsets(cases, lambda c: c.article):
        halves = [[c for c in part if c.article.half == h] for h in (0, 1)]
        for label, side in (("spaCy PERSON", "baseline"), ("**ours**", "ours")):
            s, even, odd = (score_people(p, side) for p in (part, *halves))
            figures += prf_figures(
                "who",
                f"CNN/DailyMail gold people, {subset}",
                label.strip("*"),
                (s, even, odd),
                ours=side == "ours",
            )
            rows.append(prf_row(SUBSET_LABELS[subset].format(n=len(part)), label, (s, even, odd)))
    header = (
        "articles",
        "system",
        "gold people",
        "found",
        "correct",
        "P",
        "R",
        "F1",
        f"F1 {HALVES[0]}",
        f"F1 {HALVES[1]}",
    )
    return Report(format_table(header, rows), tuple(figures))


def people_detail_lines(cases: Sequence[CnnPeopleCase]) -> list[str]:
    """Per article, our misses and our extra people: position, corpus line, what, the name."""
    lines = ["position\tcnndm line\twhat\tname"]
    for case in cases:
        gold = [p.names for p in case.article.people]
        matched = match_people(case.ours, gold)
        where = f"{case.article.position}\t{case.article.index}"
        for j, person in enumerate(case.article.people):
            if j not in matched.values():
                lines.append(f"{where}\tgold person missed\t{person.name}")
        for i, names in enumerate(case.ours):
            if i in matched:
                continue
            # A second person for one gold person (a name split in two) is a different fix
            # from a person who is not one at all.
            twice = match_people([names], gold)
            what = (
                f"found again as another person (gold {case.article.people[twice[0]].name})"
                if twice
                else "found, not a gold person"
            )
            lines.append(f"{where}\t{what}\t{' / '.join(names)}")
    return lines
