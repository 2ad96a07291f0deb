"""Credit and byline sentences, known by their form: the names in them are not news.

"CNN's X, Y and Z contributed to this report", "(Writing by X; Editing by Y)", "<Outlet>'s X
reported from <City>", "By X", "(X / Staff Photographer)", "Credit: X / <Outlet>", "Editor's
note": whoever they name wrote, edited or photographed the article, and said nothing in it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from digests.analysis import docindex

__all__ = ["credit_starts", "is_credit"]

_NAME = r"(?-i:[A-Z][\w.'’-]+)(?:\s+(?-i:[A-Z][\w.'’-]+)){0,3}"
_CREDIT = re.compile(
    r"\bcontribut(?:ed|ing|es)\b[^.]{0,40}\bto\s+(?:this|the)\s+(?:report|story|article|coverage)"
    r"|\bcontributed\s+(?:reporting|research)\b|^\W*contributing\s*(?:writers?|reporters?)?\s*:"
    r"|(?:^|[(;|—–-]\s*)\W*(?:additional\s+)?(?:reporting|writing|editing|compiled|produced"
    r"|edited|written)\s+by\b|^\W*with\s+assistance\s+(?:by|from)\b"
    rf"|^\W*by\s+{_NAME}\s*(?:[,|/–—-]|$)"
    rf"|['’]s?\s+{_NAME}\s+(?:reported|wrote|reporting|writing)\s+from\b"
    rf"|\b(?:journalist|reporter|writer|correspondent)s?\s+{_NAME}\s+(?:reported|wrote)\b"
    rf"|^\W*{_NAME}\s+is\s+an?\s+(?:staff\s+|senior\s+|contributing\s+|freelance\s+)?"
    r"(?:writer|reporter|correspondent|editor|columnist|photographer)\s+(?:at|for|with)\b"
    r"|/\s*(?:staff\s+|contributing\s+|freelance\s+)?photographer\b"
    r"|^\W*(?:photo\s+|image\s+)?credits?\s*:|\(\s*(?:photo|image)s?\s*:"
    r"|\bphoto(?:graph)?s?\s+(?:by|courtesy)\b|^\W*(?:videos?|footage|images?)\s+(?:by|courtesy)\b"
    r"|^\W*editor['’]s\s+note\b"
    r"|\b(?:may|can)\s+be\s+reached\s+(?:at|by)\s+(?:\S+@|\+?\(?\d|e-?mail|phone)|^\W*to\s+(?:reach|contact)\s+(?:the\s+)?"
    r"(?:reporter|editor|writer|(?-i:[A-Z]))"
    r"|\bfollow\s+(?:him|her|them|us|(?-i:[A-Z])[^.]{0,60}?)\s+on\s+(?:twitter|facebook|instagram)"
    r"|^\W*read\s+more\s+from\s+[^.]{0,40}['’]s?\s+archive"
    rf"|[—–-]\s*{_NAME}\s*\(@\w+\)|\(@\w+\)\s+(?-i:[A-Z])[a-z]+\.?\s+\d{{1,2}},\s+\d{{4}}"
    rf"|^\W*(?:contact|write\s+to|e-?mail)\s+{_NAME}\s+at\b|\b\w*photographer\s*:"
    rf"|^\W*\(?{_NAME}\s*/\s*(?-i:[A-Z])[\w .&'’-]{{1,40}}\)?\s*$",
    re.IGNORECASE,
)
# Credit lines are short; a list of contributors may run long.
_MAX_CREDIT_WORDS = 80


# A word every form above needs (one for each alternative of ``_CREDIT``): most sentences have
# none, and skip the long pattern. A new form of ``_CREDIT`` adds its word here.
_TRIGGER = re.compile(
    r"contribut|report|writ|wrote|edit|compil|produc|assist|photo|image|credit|courtesy|note"
    r"|correspondent|columnist|reach|contact|mail|follow|archive|\bby\b|/|@",
    re.IGNORECASE,
)


def is_credit(sentence: str) -> bool:
    """Whether a sentence credits the article's writers, editors or photographers."""
    text = sentence.strip()
    if _TRIGGER.search(text) is None or len(text.split()) > _MAX_CREDIT_WORDS:
        return False
    return _CREDIT.search(text) is not None


def credit_starts(doc: Doc) -> frozenset[int]:
    """Start tokens of the credit and byline sentences of ``doc``."""
    text = docindex.text(doc)
    return frozenset(
        s.start for s in docindex.sentences(doc) if is_credit(text[s.start_char : s.end_char])
    )
