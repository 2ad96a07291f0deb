"""Credit and byline sentences, known by their form: the names in them are not news.

"CNN's X, Y and Z contributed to this report", "(Writing by X; Editing by Y)", "<Outlet>'s X
reported from <City>", "By X", "(X / Staff Photographer)", "Credit: X / <Outlet>", "Editor's
note": whoever they name wrote, edited or photographed the article, and said nothing in it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

__all__ = ["credit_starts", "is_credit"]

_NAME = r"(?-i:[A-Z][\w.'’-]+)(?:\s+(?-i:[A-Z][\w.'’-]+)){0,3}"
_CREDIT = re.compile(
    r"\bcontribut(?:ed|ing|es)\b[^.]{0,40}\bto\s+(?:this|the)\s+(?:report|story|article|coverage)"
    r"|(?:^|[(;|]\s*)\W*(?:additional\s+)?(?:reporting|writing|editing|compiled|produced"
    r"|edited|written)\s+by\b"
    rf"|^\W*by\s+{_NAME}\s*(?:[,|/–—-]|$)"
    rf"|['’]s?\s+{_NAME}\s+(?:reported|wrote|reporting|writing)\s+from\b"
    r"|^\W*(?:journalist|reporter|correspondent)s?\s+(?-i:[A-Z])[^.]{0,60}\b(?:reported|wrote)"
    r"\s+from\b"
    r"|/\s*(?:staff\s+|contributing\s+|freelance\s+)?photographer\b"
    r"|^\W*(?:photo\s+|image\s+)?credits?\s*:"
    r"|\bphoto(?:graph)?s?\s+(?:by|courtesy)\b"
    r"|^\W*editor['’]s\s+note\b"
    rf"|^\W*\(?{_NAME}\s*/\s*(?-i:[A-Z])[\w .&'’-]{{1,40}}\)?\s*$",
    re.IGNORECASE,
)
# Names in capitals ("By JANE DOE") are matched case-blind; running sentences are longer.
_MAX_CREDIT_WORDS = 40


def is_credit(sentence: str) -> bool:
    """Whether a sentence credits the article's writers, editors or photographers."""
    text = sentence.strip()
    return len(text.split()) <= _MAX_CREDIT_WORDS and _CREDIT.search(text) is not None


def credit_starts(doc: Doc) -> frozenset[int]:
    """Start tokens of the credit and byline sentences of ``doc``."""
    return frozenset(s.start for s in doc.sents if is_credit(s.text))
