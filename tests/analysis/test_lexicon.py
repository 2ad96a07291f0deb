"""The lexicon and the forms built from it: each word once, derived sets as their rows say, the
credit check's quick filter derived from its forms, and no outlet or agency named in a rule."""

from __future__ import annotations

import importlib
import pkgutil
import re
from re import _constants, _parser  # type: ignore[attr-defined]

import pytest
from spacy.language import Language

import digests.analysis
from digests.analysis import page_forms
from digests.analysis.dates.patterns import names_day, names_holiday
from digests.analysis.lexicon import calendar, page, speech, tense
from digests.analysis.matchers import according_to
from digests.analysis.page_forms import CREDIT, CREDIT_TRIGGER, is_credit


def test_every_speech_word_is_written_once() -> None:
    for rows in (speech._VERB_ROWS, speech._NOUN_ROWS):
        words = [w for _, text in rows for w in text.split()]
        assert len(words) == len(set(words)), sorted(w for w in words if words.count(w) > 1)


def test_speech_classes_are_unions_of_rows() -> None:
    assert "say" in speech.REPORT_VERBS & speech.SAYING_VERBS & speech.SPEAKING_VERBS
    assert "believe" in speech.SPEAKING_VERBS - speech.REPORT_VERBS  # a view, not a statement
    assert "accuse" in speech.REPORT_VERBS - speech.SPEAKING_VERBS  # a stance, not evidence
    assert speech.PUBLISH_VERBS | {"make", "give", "write"} <= speech.ISSUE_VERBS
    assert speech.ATTRIBUTION_VERBS == (
        speech.REPORT_VERBS | speech.SPEAKING_VERBS | speech.QUOTE_VERBS
    )
    assert {"say", "says", "said", "tell", "tells", "told"} == speech.SAYING_FORMS
    assert {"says", "noted", "tweeted"} <= speech.TRAILING_VERBS
    assert not speech.TRAILING_VERBS & {"tells", "told"}


def test_calendar_words_and_their_derived_forms() -> None:
    assert calendar.MONTHS["sept"] == calendar.MONTHS["september"] == 9
    assert calendar.MONTH_PREFIXES[:3] == ("jan", "feb", "mar")
    assert len(calendar.MONTH_PREFIXES) == 12
    assert calendar.WEEKDAY_ABBREVIATIONS == {
        "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6
    }  # fmt: skip
    assert not set(calendar.WEEKDAY_ABBREVIATIONS) & set(calendar.WEEKDAYS)
    assert calendar.ORDINALS["twentieth"] == 20 and calendar.TENS["ninety"] == 90


@pytest.mark.parametrize(
    ("text", "day", "holiday"),
    [
        ("Wednesday night", True, False),
        ("Tues. night", True, False),
        ("this morning", True, False),
        ("three hours", False, False),
        ("New Year’s Day", False, True),
        ("Boxing Day", False, True),
        ("Persian New Year's", False, False),
    ],
)
def test_the_date_reader_says_what_names_a_day_or_a_holiday(
    text: str, day: bool, holiday: bool
) -> None:
    assert names_day(text) is day
    assert names_holiday(text) is holiday


def _anchor_required(pattern: str) -> bool:
    """Whether the group named "anchor" stands where every match of ``pattern`` passes."""

    def required(items: object) -> bool:
        for op, value in items:  # type: ignore[attr-defined]
            if op is _constants.SUBPATTERN:
                group, *_, body = value
                if (group is not None and group == anchor_group) or required(body):
                    return True
            elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT):
                low, _, body = value
                if low > 0 and required(body):
                    return True
            elif op is _constants.BRANCH:
                _, branches = value
                if all(required(branch) for branch in branches):
                    return True
        return False

    parsed = _parser.parse(pattern, re.IGNORECASE)
    anchor_group = parsed.state.groupdict["anchor"]
    return required(parsed)


def test_every_credit_form_requires_one_of_its_anchors() -> None:
    # The quick filter searches only the anchors: a form whose anchor were optional would be
    # skipped on texts it matches.
    for form in page_forms._CREDIT_FORMS:
        named = form.template.replace("{anchor}", f"(?P<anchor>{page_forms._any(form.anchors)})")
        assert _anchor_required(named), form.template
    anchors = {a for form in page_forms._CREDIT_FORMS for a in form.anchors}
    assert all(CREDIT_TRIGGER.fullmatch(anchor) for anchor in anchors)


def test_a_credit_form_without_its_anchor_is_refused() -> None:
    with pytest.raises(ValueError, match="anchor"):
        page_forms._form("byline", "by", r"^\W*by\s+[A-Z]\w+")


@pytest.mark.parametrize(
    "line",
    [
        "With assistance by Jane Doe",
        "Contributing: Associated Press",
        "Jane Doe is a staff journalist at the Tribune.",
        "Note to readers: this story has been corrected.",
    ],
)
def test_new_credit_forms_match_through_the_filter(line: str) -> None:
    assert CREDIT_TRIGGER.search(line) and CREDIT.search(line)
    assert is_credit(line)


# Outlets and agencies a careless rule would name; the one closed list of picture agencies
# (``lexicon.page.PICTURE_AGENCIES``, and its regex) is the exception, and says why.
_NAMES = re.compile(
    r"\b(?:reuters|getty|shutterstock|depositphotos|associated press|afp|cnn|bbc|npr)\b", re.I
)


def test_no_rule_names_an_outlet_or_an_agency() -> None:
    allowed = {id(page.PICTURE_AGENCIES), id(page_forms.AGENCY_CREDIT)}
    found = []
    for info in pkgutil.walk_packages(digests.analysis.__path__, "digests.analysis."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            key = f"{info.name}.{name}"
            if isinstance(value, re.Pattern):
                texts = [str(value.pattern)]
            elif isinstance(value, (frozenset, set, tuple, dict)):
                texts = [str(v) for v in value if isinstance(v, str)]
            else:
                continue
            if id(value) not in allowed and any(_NAMES.search(text) for text in texts):
                found.append(key)
    assert found == []
    assert page.PICTURE_AGENCIES == ("getty images",)


def test_according_to_names_its_source_once_per_document(nlp: Language) -> None:
    doc = nlp(
        "The talks failed, according to officials and Reuters. According to the UN, five died. "
        "No one was hurt, the mayor said."
    )
    found = according_to(doc)
    assert {doc[i].text: [doc[j].text for j in sources] for i, sources in found.items()} == {
        "according": ["officials"],
        "According": ["UN"],
    }
    assert according_to(doc) is found  # matched once, kept with the document
    assert according_to(nlp("No source is named here.")) == {}


def test_tense_words_are_written_once() -> None:
    assert tense.SCHEDULING_VERBS < tense.PROSPECTIVE_WORDS  # planning is a kind of intent
    assert set(tense.PAST_DETERMINERS) < set(tense.PAST_WORDS)
    assert set(tense.FUTURE_DETERMINERS) < set(tense.FUTURE_WORDS)
    assert tense.RECURRENCE_DETERMINERS < tense.ANAPHORIC_WORDS
