"""Why our speakers miss: each gold quote with a named speaker we do not get, sorted by form.

For development, not a score. Every gold quote whose speaker the text names and that no found
quote gives the right speaker is one miss, classified twice:

- what happened: the quote was not found at all; it was found with no speaker; or it was found
  with a wrong speaker;
- how the text names its speaker, read from the parse of the sentence holding the gold snippet
  (the words inside quote marks left out): an organisation (the gold's ``speaker_type``); a
  person named in that sentence (the gold name, its last word, or a mention the people gold
  lists for that person); a person given there only by a pronoun as the subject of a verb of
  stating (or after "according to"); a sentence whose source is another name (a relay, a quote
  nested in someone else's); a person given only by a role noun or description; otherwise a
  person the sentence does not attribute at all, so the speaker is in another sentence.

The cases themselves (article, gold snippet, gold speaker, ours) go to ``--details FILE``; only
the gold's own short snippets are written, never more of the article.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from spacy.tokens import Span, Token

from digests.analysis.lexicon.speech import REPORT_VERBS
from digests.analysis.quote_marks import find_quoted
from evaluation.cnndm_gold import GoldArticle, GoldQuote
from evaluation.metrics import format_table
from evaluation.parse import Analysed
from evaluation.quotes import QuoteCase, assign, norm, speakers_match
from evaluation.who import names_match

__all__ = ["Form", "Miss", "Outcome", "detail_lines", "errors_report", "misses"]


class Outcome(StrEnum):
    NOT_FOUND = "quote not found"
    NO_SPEAKER = "found, no speaker"
    WRONG = "found, wrong speaker"


class Form(StrEnum):
    ORGANISATION = "organisation"
    NAMED = "person named in the sentence"
    PRONOUN = "person by a pronoun"
    OTHER_NAME = "another name is the sentence's source"
    DESCRIPTION = "person by a role noun or description"
    ELSEWHERE = "person not attributed in the sentence"
    UNPLACED = "sentence not located"


# Entity labels of a subject that is a name ("Ziauddin said"); a nationality or party ("the
# American", "the Indiana Republican") is a description.
_NAMED = frozenset({"PERSON", "ORG", "GPE"})


@dataclass(frozen=True, slots=True)
class Miss:
    """One gold quote whose named speaker we did not give."""

    article: GoldArticle
    quote: GoldQuote
    outcome: Outcome
    form: Form
    # Our speaker when we gave a wrong one.
    ours: str | None = None


def _sentence(analysed: Analysed, quote: GoldQuote) -> Span | None:
    """The parsed sentence holding the quote's first snippet (or its first or last words: a
    short quote's snippet takes in the attribution before it, across a sentence end)."""
    sentences = [(sent, norm(sent.text)) for sent in analysed.doc.sents]
    words = norm(quote.snippets[0]).split()
    for probe in (" ".join(words), " ".join(words[:4]), " ".join(words[-4:])):
        for sent, text in sentences:
            if probe and probe in text:
                return sent
    return None


def _outside_quotes(sent: Span) -> list[Token]:
    """The sentence's tokens that are not inside quote marks."""
    spans = find_quoted(sent.text)
    base = sent.start_char
    return [t for t in sent if not any(q.start <= t.idx - base < q.end for q in spans)]


def _name_forms(article: GoldArticle, speaker: str) -> set[str]:
    """The strings the speaker may be named by: the gold name, its last word, their mentions."""
    forms = {speaker}
    words = speaker.split()
    if len(words) > 1 and len(words[-1]) > 2:
        forms.add(words[-1])
    for person in article.people:
        if any(names_match(speaker, name) for name in person.names):
            forms.update(person.names)
    return forms


def _attributions(tokens: Sequence[Token]) -> list[Token]:
    """Subjects of verbs of stating, and the object of "according to", among ``tokens``."""
    kept = {t.i for t in tokens}
    found = []
    for token in tokens:
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in REPORT_VERBS:
            found += [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if token.lower_ == "according":
            for to in token.children:
                found += [c for c in to.children if c.dep_ == "pobj"]
    return [t for t in found if t.i in kept]


def _form(case: QuoteCase, quote: GoldQuote) -> Form:
    if quote.speaker_type == "organization":
        return Form.ORGANISATION
    if case.analysed is None:
        return Form.UNPLACED
    sent = _sentence(case.analysed, quote)
    if sent is None:
        return Form.UNPLACED
    tokens = _outside_quotes(sent)
    outside = "".join(t.text_with_ws for t in tokens)
    for name in _name_forms(case.article, quote.speaker or ""):
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", outside):
            return Form.NAMED
    subjects = _attributions(tokens)
    if any(s.pos_ == "PRON" for s in subjects):
        return Form.PRONOUN
    if any(s.ent_type_ in _NAMED for s in subjects):
        return Form.OTHER_NAME
    if subjects:
        return Form.DESCRIPTION
    return Form.ELSEWHERE


def misses(cases: Sequence[QuoteCase]) -> list[Miss]:
    """Every gold quote with a named speaker that no found quote gives the right speaker."""
    out = []
    for case in cases:
        assigned = assign(case)
        for j, quote in enumerate(case.gold):
            if not quote.speaker:
                continue
            found = [case.found[i] for i, g in assigned.items() if g == j]
            if any(speakers_match(q.speaker, quote.speaker) for q in found):
                continue
            wrong = next((q.speaker for q in found if q.speaker), None)
            if not found:
                outcome = Outcome.NOT_FOUND
            elif wrong is None:
                outcome = Outcome.NO_SPEAKER
            else:
                outcome = Outcome.WRONG
            out.append(Miss(case.article, quote, outcome, _form(case, quote), wrong))
    return out


def _precision_errors(cases: Sequence[QuoteCase]) -> Counter[str]:
    """Found quotes with a speaker, by whether the gold agrees."""
    counts: Counter[str] = Counter()
    for case in cases:
        assigned = assign(case)
        for i, quote in enumerate(case.found):
            if not quote.speaker:
                continue
            j = assigned.get(i)
            if j is None:
                counts["not a gold quote"] += 1
            elif not case.gold[j].speaker:
                counts["gold names no speaker"] += 1
            elif speakers_match(quote.speaker, case.gold[j].speaker):
                counts["right"] += 1
            else:
                counts["gold names another"] += 1
    return counts


def errors_report(cases: Sequence[QuoteCase]) -> str:
    """Counts of misses by form and by what happened, then our wrong speakers by kind."""
    found = misses(cases)
    table: Counter[tuple[Form, Outcome]] = Counter((m.form, m.outcome) for m in found)
    named = sum(1 for c in cases for q in c.gold if q.speaker)
    new: Counter[Form] = Counter(m.form for m in found if not m.article.old)
    rows = []
    for form in Form:
        cells = [table[form, outcome] for outcome in Outcome]
        if sum(cells):
            rows.append((form.value, *cells, sum(cells), new[form]))
    rows.append(
        (
            "**all**",
            *(sum(table[f, o] for f in Form) for o in Outcome),
            len(found),
            sum(new.values()),
        ),
    )
    header = (
        f"gold speaker missed ({len(found)} of {named})",
        *Outcome,
        "all",
        "of which in the new gold",
    )
    precision = _precision_errors(cases)
    given = sum(precision.values())
    line = (
        f"Of our {given} speakers given, {precision['right']} are right; "
        f"{precision['gold names another']} name someone the gold does not, "
        f"{precision['gold names no speaker']} are given where the gold names nobody, "
        f"{precision['not a gold quote']} belong to no gold quote."
    )
    return format_table(header, rows) + "\n\n" + line


def detail_lines(found: Sequence[Miss]) -> list[str]:
    """One tab-separated line per miss: position, corpus line, form, outcome, gold speaker,
    ours, the gold snippet (its first eight words)."""
    lines = ["position\tcnndm line\tform\toutcome\tgold speaker\tours\tgold snippet"]
    for miss in found:
        snippet = " ".join(miss.quote.snippets[0].split()[:8])
        lines.append(
            "\t".join(
                (
                    str(miss.article.position),
                    str(miss.article.index),
                    miss.form.value,
                    miss.outcome.value,
                    miss.quote.speaker or "",
                    miss.ours or "",
                    snippet,
                )
            )
        )
    return lines
